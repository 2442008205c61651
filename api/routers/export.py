"""The whole graph, or one neighbourhood, as JSON or GraphML, with provenance."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api import convert, graphml, schemas
from api.db import read
from api.deps import DriverDep, SettingsDep
from api.errors import Invalid, NotFound
from api.params import EntityIdStr
from api.reads import read_timed
from api.routers.sources import meta
from api.settings import ApiSettingsDep
from api.subgraph import nodes_by_id, walk
from graph.schema import FACT_TYPES

router = APIRouter(tags=["export"])
GRAPHML = "application/graphml+xml"


class Format(StrEnum):
    JSON = "json"
    GRAPHML = "graphml"


@router.get(
    "/export",
    response_model=schemas.Export,
    summary="Export the graph or a subgraph (JSON or GraphML)",
    responses={200: {"content": {GRAPHML: {}}, "description": "JSON, or GraphML with "
                     "format=graphml"},
               404: {"description": "Unknown root (problem+json)"}},
)
async def export(
    driver: DriverDep,
    settings: SettingsDep,
    api: ApiSettingsDep,
    format: Annotated[Format, Query(description="json or graphml")] = Format.JSON,
    root: Annotated[EntityIdStr | None, Query(description="Export only the neighbourhood of "
                                              "this entity, e.g. `person:ilya-ponomarev`.")] = None,
    depth: Annotated[int, Query(ge=1, le=3, description="With root: hops (1–3).")] = 2,
) -> schemas.Export | Response:
    """Entities, the sources, and every relation with the sources that state it and their
    quotes or notes; MENTIONED_IN edges tie each entity to the sources that name it. The
    GraphML opens in Gephi and networkx (list values are joined with " | ").

    Example: `GET /export?format=graphml&root=person:ilya-ponomarev&depth=1` is his
    neighbourhood, with `source:voa-2023-11-23` among the sources.
    """
    if root is None:
        node_rows = await read_timed(driver, settings, "api/export/nodes", api.query_timeout)
        nodes = [schemas.Node(**convert.node(r["props"])) for r in node_rows]
        ids = None
    else:
        if not await read(driver, settings, "api/graph/exists", ids=[root]):
            raise NotFound(f"no entity has the id {root!r}")
        found = await walk(driver, settings, api.query_timeout, root, depth,
                           sorted(FACT_TYPES), None, 100_000)
        if found.truncated:
            raise Invalid("the neighbourhood is too large to export; lower depth")
        nodes = await nodes_by_id(driver, settings, found.nodes)
        ids = found.nodes
    rels = await read_timed(driver, settings, "api/export/relations", api.query_timeout,
                            ids=ids, mentions=True)
    cited = convert.source_ids(*(r["props"] for r in rels))
    by_source = await read_timed(driver, settings, "api/export/sources", api.query_timeout,
                                 ids=None if root is None else cited)
    # Every cited source is among these (all sources, or exactly the cited ones).
    sources = {r["props"]["id"]: convert.plain(r["props"]) for r in by_source}
    for node in nodes:  # the node's own provenance: which sources name it
        node.__pydantic_extra__["sources"] = sorted(
            r["target"] for r in rels if r["type"] == "MENTIONED_IN" and r["source"] == node.id)
    out = schemas.Export(
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"), root=root,
        depth=depth if root else None, nodes=nodes,
        edges=[convert.edge(r, sources) for r in rels],
        sources=[meta(r["props"]) for r in by_source],
    )
    if format is Format.GRAPHML:
        name = f"exile-graph-{root.replace(':', '-') if root else 'all'}.graphml"
        return Response(graphml.render(out), media_type=GRAPHML,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return out
