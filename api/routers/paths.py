"""Shortest chains between two entities, over sourced relations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import schemas
from api.deps import RepoDep
from api.errors import Invalid
from api.params import AsOf, EntityIdQuery, EntityIdStr, Types

router = APIRouter(tags=["paths"])
MAX_HOPS = 6  # the literal bound in cypher/api/path/shortest.cypher


@router.get(
    "/paths",
    response_model=schemas.Paths,
    summary="Shortest paths between two entities",
    responses={
        404: {"description": "An unknown id (problem+json)"},
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
    include_attributed: Annotated[
        bool,
        Query(
            description="Also follow attributed edges (what a party claims, not what a source "
            "states as fact)."
        ),
    ] = False,
) -> schemas.Paths:
    """Every shortest chain of relations (either direction) up to `max_hops`, following
    only `types` and, with `as_of`, only relations valid that day. Attributed edges (a
    party's claim that the source reports) are left out unless `include_attributed=true`.
    An unconnected pair gives an empty list.

    Example: `GET /paths?from=person:mikhail-khodorkovsky&to=person:egor-kuroptev` gives
    4-hop chains such as Khodorkovsky OPPOSES Putin, who LEADS the Russian government, which
    the Legion of Elves OPPOSES, which Kuroptev LEADS.
    """
    if from_ == to:
        raise Invalid(f"from and to are the same entity ({to!r}); give two different ids")
    return await repo.paths(from_, to, max_hops, types, as_of, limit, include_attributed)
