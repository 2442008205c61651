"""The whole graph, or one neighbourhood, as JSON, GraphML or FollowTheMoney, with provenance."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api import graphml, schemas
from api.deps import RepoDep
from api.errors import Problem
from api.params import EntityIdStr
from graph import ftm as ftm_extra
from graph.ftm import FtmInvalid, FtmMissing

router = APIRouter(tags=["export"])
GRAPHML = "application/graphml+xml"


class Format(StrEnum):
    JSON = "json"
    GRAPHML = "graphml"
    FTM = "ftm"


@router.get(
    "/export",
    response_model=schemas.Export,
    summary="Export the graph or a subgraph (JSON, GraphML or FollowTheMoney)",
    responses={
        200: {
            "content": {GRAPHML: {}, ftm_extra.MEDIA_TYPE: {}},
            "description": "JSON; GraphML with format=graphml; FollowTheMoney entities, one "
            "JSON object per line, with format=ftm",
        },
        404: {"description": "Unknown root (problem+json)"},
        422: {"description": "The graph holds a value the format cannot carry (problem+json)"},
        501: {"description": "format=ftm on a server installed without the ftm extra"},
    },
)
async def export(
    repo: RepoDep,
    format: Annotated[Format, Query(description="json, graphml or ftm")] = Format.JSON,
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
    GraphML opens in Gephi and networkx (list values are joined with " | "). `ftm` is
    FollowTheMoney JSON lines for Aleph, OpenSanctions tools and `ftm` (docs/ftm.md): each
    relationship once per citing source, as Membership, Directorship, Sanction, UnknownLink…

    Example: `GET /export?format=graphml&root=person:ilya-ponomarev&depth=1` is his
    neighbourhood, with `source:voa-2023-11-23` among the sources.
    """
    if format is Format.FTM:
        try:
            ftm_extra.require("format=ftm")
        except FtmMissing as e:
            raise Problem(501, "Not installed", str(e)) from e
    out = await repo.export(root, depth)
    stem = f"exile-graph-{root.replace(':', '-') if root else 'all'}"
    if format is Format.GRAPHML:
        try:
            body = graphml.render(out)
        except graphml.Unexportable as e:
            raise _cannot(format, str(e)) from e
        return Response(
            body,
            media_type=GRAPHML,
            headers={"Content-Disposition": f'attachment; filename="{stem}.graphml"'},
        )
    if format is Format.FTM:
        from api import ftm  # the optional extra: imported only when asked for

        # Built and checked entity by entity (graph/ftm/check.py): off the event loop.
        try:
            text = await run_in_threadpool(lambda: "".join(ftm.ftm_lines(out)))
        except FtmInvalid as e:
            raise _cannot(format, str(e)) from e
        return Response(
            text,
            media_type=ftm_extra.MEDIA_TYPE,
            headers={"Content-Disposition": f'attachment; filename="{stem}.ftm.json"'},
        )
    return out


def _cannot(format: Format, why: str) -> Problem:
    """A stored value the format cannot carry: the data's fault, named, never a 500."""
    return Problem(422, "Cannot export", f"format={format.value}: {why}")
