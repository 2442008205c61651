"""The whole graph, or one neighbourhood, as JSON or GraphML, with provenance."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api import graphml, schemas
from api.deps import RepoDep
from api.params import EntityIdStr

router = APIRouter(tags=["export"])
GRAPHML = "application/graphml+xml"


class Format(StrEnum):
    JSON = "json"
    GRAPHML = "graphml"


@router.get(
    "/export",
    response_model=schemas.Export,
    summary="Export the graph or a subgraph (JSON or GraphML)",
    responses={
        200: {"content": {GRAPHML: {}}, "description": "JSON, or GraphML with format=graphml"},
        404: {"description": "Unknown root (problem+json)"},
    },
)
async def export(
    repo: RepoDep,
    format: Annotated[Format, Query(description="json or graphml")] = Format.JSON,
    root: Annotated[
        EntityIdStr | None,
        Query(
            description="Export only the neighbourhood of "
            "this entity, e.g. `person:ilya-ponomarev`."
        ),
    ] = None,
    depth: Annotated[int, Query(ge=1, le=3, description="With root: hops (1–3).")] = 2,
) -> schemas.Export | Response:
    """Entities, the sources, and every relation with the sources that state it and their
    quotes or notes; MENTIONED_IN edges tie each entity to the sources that name it. The
    GraphML opens in Gephi and networkx (list values are joined with " | ").

    Example: `GET /export?format=graphml&root=person:ilya-ponomarev&depth=1` is his
    neighbourhood, with `source:voa-2023-11-23` among the sources.
    """
    out = await repo.export(root, depth)
    if format is Format.GRAPHML:
        name = f"exile-graph-{root.replace(':', '-') if root else 'all'}.graphml"
        return Response(
            graphml.render(out),
            media_type=GRAPHML,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return out
