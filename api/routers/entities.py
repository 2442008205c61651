"""One entity: its fields and sourced relations, its neighbourhood, its timeline."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api import schemas
from api.deps import RepoDep
from api.params import AsOf, EntityIdPath, IsoDate, Limit, Offset, Types

router = APIRouter(prefix="/entities", tags=["entities"])
StatusAsOf = Annotated[
    IsoDate | None,
    Query(
        description="The day the status is for (YYYY-MM-DD); default today. A status "
        "holds from its start (or its source's date) until its end or end bound."
    ),
]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No entity has that id (problem+json)"}
}


@router.get(
    "/{id}",
    response_model=schemas.EntityDetail,
    summary="An entity, its relations and their sources",
    responses=NOT_FOUND,
)
async def get_entity(
    id: EntityIdPath,
    repo: RepoDep,
    types: Types = None,
    limit: Limit = 200,
    offset: Offset = 0,
    as_of: StatusAsOf = None,
) -> schemas.EntityDetail:
    """The node's fields, the sources that name it (with the quote or note), every
    relation with its direction, attribution (`attributed_to`: whose claim the source
    reports), properties (role, valid_from, valid_to, ended, valid_to_bound, …) and sources;
    and its status: `status` (the condition holding on `as_of`, default today), `statuses`
    (every statement holding then, designations included) and `status_history` (all, with
    dates, precision, sources and attribution).

    Example: `GET /entities/person:ilya-ponomarev` lists that he FOUNDED
    `org:freedom-of-russia-legion` ("took part in creating it", per VOA 2023-11-23) and
    `org:congress-of-peoples-deputies`. `GET /entities/person:alexei-navalny?as_of=2023-06-01`
    gives `status: imprisoned`; with `as_of=2024-03-01`, `dead`.
    """
    return await repo.entity(id, types, limit, offset, as_of)


@router.get(
    "/{id}/neighbors",
    response_model=schemas.Subgraph,
    summary="The subgraph around an entity, up to 3 hops",
    responses={**NOT_FOUND, 504: {"description": "The walk took too long (problem+json)"}},
)
async def neighbors(
    id: EntityIdPath,
    repo: RepoDep,
    depth: Annotated[int, Query(ge=1, le=3, description="Hops from the entity (1–3).")] = 1,
    types: Types = None,
    as_of: AsOf = None,
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many nodes.")] = 100,
) -> schemas.Subgraph:
    """Nodes and edges within `depth` hops, following only `types` and, with `as_of`, only
    relations that held that day. Attributed edges (a party's claim) are included, marked
    by `attributed_to`.

    Example: `GET /entities/person:vladimir-kara-murza/neighbors?types=IMPRISONED_IN` with
    `as_of=2023-06-01` has the edge to `place:russia`; with `as_of=2024-09-01` it does not
    (he was released on 2024-08-01).
    """
    return await repo.neighbours(id, depth, types, as_of, limit)


@router.get(
    "/{id}/timeline",
    response_model=schemas.Timeline,
    summary="The events an entity is tied to, in date order",
    responses=NOT_FOUND,
)
async def timeline(
    id: EntityIdPath,
    repo: RepoDep,
    limit: Limit = 100,
    offset: Offset = 0,
) -> schemas.Timeline:
    """Each event with the entity's tie to it (type, direction, role, attribution), the
    event's date as given and its precision (day, month, year), and the sources of the tie.
    Undated events come last.

    Example: `GET /entities/person:vladimir-kara-murza/timeline` runs from his 2022 Arizona
    speech through the 2023-04-17 verdict to the 2024-08-01 prisoner exchange.
    """
    return await repo.timeline(id, limit, offset)
