"""Network analysis: who bridges circles, which circles there are, whom two entities share.

Brokers and communities are computed with igraph over a projection of the graph (the
relationships that hold under the filters), cached per graph version (api/analysis/);
common neighbours are one Cypher read. docs/analysis.md explains the scores and their limits.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from api import schemas
from api.analysis.filters import Filters
from api.analysis.service import Analysis, get_analysis
from api.errors import Invalid
from api.params import AsOf, EntityIdStr, IncludeAttributed, Types

router = APIRouter(prefix="/analysis", tags=["analysis"])
AnalysisDep = Annotated[Analysis, Depends(get_analysis)]
INVALID: dict[int | str, dict[str, Any]] = {
    422: {"description": "Invalid parameters (problem+json)"}
}


@router.get(
    "/brokers",
    response_model=schemas.Brokers,
    summary="Brokers: the entities that bridge otherwise separate parts of the graph",
    responses={**INVALID, 504: {"description": "The projection read took too long"}},
)
async def brokers(
    analysis: AnalysisDep,
    types: Types = None,
    as_of: AsOf = None,
    include_attributed: IncludeAttributed = False,
    limit: Annotated[int, Query(ge=1, le=200, description="At most this many (1–200).")] = 20,
) -> schemas.Brokers:
    """Entities ranked by normalised betweenness centrality: the share of shortest paths
    between two other entities that run through them, over the relationships of `types`
    that hold on `as_of` (both directions; several relationships between two entities
    count as one tie). Exact up to 2,000 entities in the projection, else estimated from
    the shortest paths of 32–256 seeded pivots, fewer on a larger projection (`exact`,
    `sample_size`). Each broker comes with its community
    (Leiden, resolution 1, as in `/analysis/communities`) and up to 5 other communities it
    reaches, each through one neighbour and the relationships to it, with their sources.

    Example: `GET /analysis/brokers?limit=3` ranks `org:ministry-of-justice` (score
    0.2780, 117 neighbours, reaching 12 other communities: through the people and groups it
    listed as "foreign agents", Mikhail Khodorkovsky among them), then `place:russia`
    (0.1860) and Alexei Navalny (0.1073).
    With `types=SUBJECT_OF&as_of=2024-08-01`, the prisoner exchange of that day joins
    the prisoners it released and ranks first (0.0381); on 2024-07-31 it is not in the
    graph yet. The scores describe what the sources cover, not the world.
    """
    return await analysis.brokers(Filters.of(types, as_of, include_attributed), limit)


@router.get(
    "/communities",
    response_model=schemas.Communities,
    summary="Communities: groups of entities more densely linked to each other than to others",
    responses={**INVALID, 504: {"description": "The projection read took too long"}},
)
async def communities(
    analysis: AnalysisDep,
    algorithm: Annotated[
        Literal["leiden", "louvain"], Query(description="Leiden (default) or Louvain.")
    ] = "leiden",
    resolution: Annotated[
        float,
        Query(
            gt=0,
            le=10,
            description="Above 1: more, smaller communities; below 1: fewer, larger ones.",
        ),
    ] = 1.0,
    types: Types = None,
    as_of: AsOf = None,
    include_attributed: IncludeAttributed = False,
    min_size: Annotated[
        int, Query(ge=1, le=10_000, description="Leave out smaller communities.")
    ] = 3,
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many communities.")] = 50,
    members: Annotated[
        int, Query(ge=1, le=1000, description="At most this many members per community.")
    ] = 25,
) -> schemas.Communities:
    """Communities found by modularity optimisation (Leiden or Louvain, seeded: the same
    graph and parameters give the same answer), over the relationships of `types` that hold
    on `as_of`, weighted by the number of relationships between two entities. Communities
    are numbered by size (0 is the largest); each lists its best-connected members first
    (neighbours inside the community) and a few relationships between its core members,
    with their sources. `modularity` says how clearly the graph splits.

    Example: `GET /analysis/communities?min_size=20&limit=3&members=4` finds 18
    communities (modularity 0.664), 14 of at least 20: 0, 106 members around the Justice
    Ministry and its foreign-agent listings (RFE/RL among those listed); 1, 84 around the
    Freedom of Russia Legion, Denis Kapustin and the Bryansk raid; 2, 82 around Alexei
    Navalny, Leonid Volkov and Rosfinmonitoring.
    """
    return await analysis.communities(
        Filters.of(types, as_of, include_attributed),
        algorithm,
        resolution,
        min_size,
        limit,
        members,
    )


@router.get(
    "/common",
    response_model=schemas.Common,
    summary="Common neighbours of two to ten entities",
    responses={
        404: {"description": "An unknown id (problem+json)"},
        **INVALID,
        504: {"description": "The search took too long"},
    },
)
async def common(
    analysis: AnalysisDep,
    ids: Annotated[
        list[EntityIdStr],
        Query(
            min_length=2,
            max_length=10,
            description="Two to ten distinct entity ids (repeat the parameter), e.g. "
            "`ids=person:ilya-ponomarev&ids=person:mikhail-khodorkovsky`.",
            json_schema_extra={"uniqueItems": True},
        ),
    ],
    types: Types = None,
    as_of: AsOf = None,
    include_attributed: IncludeAttributed = False,
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many (1–500).")] = 100,
) -> schemas.Common:
    """Entities linked to every one of `ids` by a relationship of `types` that holds on
    `as_of`, the most linked first, each with the relationships from each given entity to
    it (type, role, dates, and every source with its quote or note).

    Example: `GET /analysis/common?ids=person:vladimir-kara-murza&ids=person:ilya-yashin`
    gives 6: the invasion of Ukraine (both `OPPOSES` it), the Berlin anti-war march of
    17 November 2024 (both `ORGANIZED` and `PARTICIPATED_IN` it), Mikhail Kasyanov
    (`ALLIED_WITH` both), the Justice Ministry (it `DESIGNATED` both "foreign agents"), the
    freed dissidents' press conference in Bonn, and the prisoner exchange of 1 August 2024
    (`SUBJECT_OF`, role "released by Russia", from Meduza and the Kyiv Independent). With
    `as_of=2024-07-31` the exchange is not among them.
    """
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise Invalid(f"ids repeats {', '.join(repr(i) for i in repeated)}; give each once")
    return await analysis.common(ids, Filters.of(types, as_of, include_attributed), limit)
