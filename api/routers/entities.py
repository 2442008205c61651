"""One entity: its fields and sourced relations, its neighbourhood, its timeline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api import convert, schemas
from api.db import read
from api.deps import DriverDep, SettingsDep
from api.errors import NotFound
from api.params import ENTITY_ID, AsOf, Limit, Offset, Types, rel_types
from api.settings import ApiSettingsDep
from api.subgraph import edges_with_sources, nodes_by_id, source_meta, walk

router = APIRouter(prefix="/entities", tags=["entities"])
EntityId = Annotated[
    str, Path(pattern=ENTITY_ID, description="e.g. `person:ilya-ponomarev`", max_length=160)
]
NOT_FOUND = {404: {"description": "No entity has that id (problem+json)"}}


@router.get(
    "/{id}",
    response_model=schemas.EntityDetail,
    summary="An entity, its relations and their sources",
    responses=NOT_FOUND,
)
async def get_entity(
    id: EntityId,
    driver: DriverDep,
    settings: SettingsDep,
    api: ApiSettingsDep,
    types: Types = None,
    limit: Limit = 200,
    offset: Offset = 0,
) -> schemas.EntityDetail:
    """The node's fields, the sources that name it (with the quote or note), and every
    relation with its direction, properties (role, valid_from, valid_to, …) and sources.

    Example: `GET /entities/person:ilya-ponomarev` lists that he FOUNDED
    `org:freedom-of-russia-legion` ("took part in creating it", per VOA 2023-11-23) and
    `org:congress-of-peoples-deputies`.
    """
    rows = await read(driver, settings, "api/entity/get", id=id)
    if not rows:
        raise NotFound(f"no entity has the id {id!r}; try GET /search?q=… to find its id")
    props, mentions = rows[0]["props"], rows[0]["mentions"]
    page = (await read(driver, settings, "api/entity/relations", id=id,
                       types=rel_types(types), limit=limit, offset=offset))[0]
    meta = await source_meta(
        driver, settings, convert.source_ids(*mentions, *(r["props"] for r in page["rels"]))
    )
    relations = [
        schemas.Relation(
            id=r["props"].get("id", ""), type=r["type"], direction="out" if r["out"] else "in",
            other=schemas.NodeRef(**r["other"]), properties=convert.rel_properties(r["props"]),
            sources=convert.citations(r["props"], meta),
        )
        for r in page["rels"]
    ]
    return schemas.EntityDetail(
        **convert.node(props),
        browser_url=convert.browser_url(api.browser_url, id),
        sources=[c for m in mentions for c in convert.citations(m, meta)],
        relations=relations,
        relations_total=page["total"],
    )


@router.get(
    "/{id}/neighbors",
    response_model=schemas.Subgraph,
    summary="The subgraph around an entity, up to 3 hops",
    responses={**NOT_FOUND, 504: {"description": "The walk took too long (problem+json)"}},
)
async def neighbors(
    id: EntityId,
    driver: DriverDep,
    settings: SettingsDep,
    api: ApiSettingsDep,
    depth: Annotated[int, Query(ge=1, le=3, description="Hops from the entity (1–3).")] = 1,
    types: Types = None,
    as_of: AsOf = None,
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many nodes.")] = 100,
) -> schemas.Subgraph:
    """Nodes and edges within `depth` hops, following only `types` and, with `as_of`, only
    relations that held that day.

    Example: `GET /entities/person:vladimir-kara-murza/neighbors?types=IMPRISONED_IN` with
    `as_of=2023-06-01` has the edge to `place:russia`; with `as_of=2024-09-01` it does not
    (he was released on 2024-08-01).
    """
    if not await read(driver, settings, "api/graph/exists", ids=[id]):
        raise NotFound(f"no entity has the id {id!r}")
    found = await walk(driver, settings, api.query_timeout, id, depth, rel_types(types),
                       as_of, limit)
    return schemas.Subgraph(
        root=id, depth=depth, as_of=as_of, truncated=found.truncated,
        nodes=await nodes_by_id(driver, settings, found.nodes),
        edges=await edges_with_sources(driver, settings, found.rels),
    )


@router.get(
    "/{id}/timeline",
    response_model=schemas.Timeline,
    summary="The events an entity is tied to, in date order",
    responses=NOT_FOUND,
)
async def timeline(
    id: EntityId, driver: DriverDep, settings: SettingsDep, limit: Limit = 100,
    offset: Offset = 0,
) -> schemas.Timeline:
    """Each event with the entity's tie to it (type, direction, role), the event's date as
    given and its precision (day, month, year), and the sources of the tie. Undated events
    come last.

    Example: `GET /entities/person:vladimir-kara-murza/timeline` runs from his 2022 Arizona
    speech through the 2023-04-17 verdict to the 2024-08-01 prisoner exchange.
    """
    rows = await read(driver, settings, "api/entity/get", id=id)
    if not rows:
        raise NotFound(f"no entity has the id {id!r}")
    page = (await read(driver, settings, "api/entity/timeline", id=id, limit=limit,
                       offset=offset))[0]
    meta = await source_meta(driver, settings,
                             convert.source_ids(*(i["props"] for i in page["items"])))
    items = [
        schemas.TimelineItem(
            event=schemas.Node(**convert.node(i["event"])), relation=i["type"],
            direction="out" if i["out"] else "in", role=i["props"].get("role"),
            date=i["event"].get("date"), date_precision=i["event"].get("date_precision"),
            sources=convert.citations(i["props"], meta),
        )
        for i in page["items"]
    ]
    return schemas.Timeline(entity=convert.ref(rows[0]["props"]), total=page["total"],
                            items=items)
