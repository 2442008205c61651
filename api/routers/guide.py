"""The Neo4j Browser guide and style, fetched by journalists' Browsers after they connect.

Neo4j Browser (on another origin: 127.0.0.1:7474) fetches these with `fetch()`, sending
`pragma` and `cache-control` headers, so the guide needs a CORS preflight answer too.
The guide's `:style` link names the configured guide host (KG_GUIDE_HOST), never the
request's Host header: a hostile Host must not end up in a page journalists click.
"""

from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, PlainTextResponse

from api.settings import ApiSettings
from newsroom.browser import STYLE_PATH
from newsroom.guide import render_guide, render_style
from newsroom.slides import slides

router = APIRouter(prefix="/guide", tags=["guide"])

CORS = {
    "Access-Control-Allow-Origin": "*",
    # `*`: the Browser adds Sentry's tracing headers on some origins, beyond pragma/cache-control.
    "Access-Control-Allow-Headers": "*",
    "Access-Control-Allow-Methods": "GET, OPTIONS",
}


@lru_cache(maxsize=8)
def _guide(style_url: str) -> str:
    return render_guide(slides(style_url))


@router.get(
    "/newsroom.html",
    response_class=HTMLResponse,
    summary="The Neo4j Browser guide for journalists (`:play` this URL)",
)
async def guide_html(request: Request) -> HTMLResponse:
    """HTML slides whose runnable queries are the named files in `cypher/`."""
    settings: ApiSettings = request.app.state.api_settings
    return HTMLResponse(_guide(f"http://{settings.guide_host}{STYLE_PATH}"), headers=CORS)


@router.get(
    "/newsroom.grass",
    response_class=PlainTextResponse,
    name="guide_style",
    summary="The Neo4j Browser style (`:style` this URL): colours by type, names as captions",
)
async def guide_style() -> PlainTextResponse:
    return PlainTextResponse(render_style(), headers=CORS)


@router.options("/newsroom.html", include_in_schema=False)
@router.options("/newsroom.grass", include_in_schema=False)
async def guide_preflight() -> Response:
    return Response(status_code=204, headers={**CORS, "Access-Control-Max-Age": "600"})
