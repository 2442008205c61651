"""Shortest chains between two entities, over sourced relations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import schemas
from api.deps import RepoDep
from api.errors import Invalid
from api.params import AsOf, EntityIdQuery, EntityIdStr, IncludeAttributed, Types
from graph.schema import RelType

router = APIRouter(tags=["paths"])
MAX_HOPS = 6  # the literal bound in cypher/api/path/shortest.cypher
MAX_EXCLUDED = 100


@router.get(
    "/paths",
    response_model=schemas.Paths,
    summary="Shortest paths between two entities",
    responses={
        404: {"description": "An unknown id in `from`, `to` or `exclude` (problem+json)"},
        422: {
            "description": "Invalid parameters (`errors` names each field), `from` equal to "
            "`to`, or `exclude` naming one of them (problem+json)"
        },
        504: {"description": "The search took too long (problem+json)"},
    },
)
async def paths(
    repo: RepoDep,
    from_: Annotated[
        EntityIdStr, Query(alias="from", description="e.g. `person:mikhail-khodorkovsky`")
    ],
    to: EntityIdQuery,
    max_hops: Annotated[
        int, Query(ge=1, le=MAX_HOPS, description=f"Longest chain (1–{MAX_HOPS}).")
    ] = 4,
    types: Types = None,
    as_of: AsOf = None,
    limit: Annotated[int, Query(ge=1, le=50, description="At most this many paths.")] = 10,
    include_attributed: IncludeAttributed = False,
    exclude: Annotated[
        list[EntityIdStr] | None,
        Query(
            max_length=MAX_EXCLUDED,
            description="Entities no path may run through (repeat the parameter), e.g. "
            "`exclude=person:vladimir-putin&exclude=org:russian-government`.",
        ),
    ] = None,
    exclude_types: Annotated[
        list[RelType] | None,
        Query(
            description="Relationship types no path may follow (repeat the parameter), "
            "e.g. `exclude_types=OPPOSES`; attributed edges of these types too."
        ),
    ] = None,
    max_degree: Annotated[
        int | None,
        Query(
            ge=1,
            le=1_000_000,
            description="Skip intermediate entities with more fact relations than this: "
            "relationships to other entities (any type, claims included); an entity's "
            "MENTIONED_IN (to its sources) and HAS_STATUS (to its statuses) do not count. "
            "`from` and `to` are exempt.",
        ),
    ] = None,
) -> schemas.Paths:
    """Every shortest chain of relations (either direction) up to `max_hops`, following
    only `types` (less `exclude_types`), through no entity in `exclude` and, with
    `max_degree`, through no hub; with `as_of`, only relations valid that day. Attributed
    edges (a party's claim that the source reports) are left out unless
    `include_attributed=true`. An unconnected pair gives an empty list: no chain of sourced
    facts joins them without what was excluded.

    Equally short paths are ranked by their evidence (`evidence` on each path): more hops
    backed by a verbatim quote first (a hop with only a paraphrasing note is weaker), then
    more distinct publishers (independent sources), more quotes, more distinct sources;
    ties by node ids. Up to 200 shortest paths are read and ranked, then cut to `limit`
    (`considered`; `complete: false` when there were more).

    Example: `GET /paths?from=person:mikhail-khodorkovsky&to=person:egor-kuroptev` gives
    3-hop chains through a hub (the Justice Ministry listed both him and the Free Russia
    Foundation). With `max_degree=20`, or with `exclude=org:ministry-of-justice&exclude=
    person:vladimir-putin&exclude=org:russian-government&exclude=org:rosfinmonitoring&exclude=
    org:prosecutor-generals-office`, the best-sourced answer is: Khodorkovsky and Natalia Arno
    both spoke at PACE's hearing with the Russian democratic forces (and are both on its
    Platform for Dialogue), Arno heads the Free Russia Foundation, and Kuroptev works for it.
    """
    if from_ == to:
        raise Invalid(f"from and to are the same entity ({to!r}); give two different ids")
    ends = sorted({from_, to} & set(exclude or []))
    if ends:
        raise Invalid(f"exclude names an end of the path ({', '.join(ends)}); leave it out")
    return await repo.paths(
        from_,
        to,
        max_hops,
        types,
        as_of,
        limit,
        include_attributed,
        exclude=exclude,
        exclude_types=exclude_types,
        max_degree=max_degree,
    )
