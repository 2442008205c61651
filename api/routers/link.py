"""Mention linking: the known entities an article names, with offsets and confidence."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import RepoDep
from api.schemas import LinkRequest, LinkResult

router = APIRouter(tags=["search"])


@router.post(
    "/link",
    response_model=LinkResult,
    summary="Find the known people, groups and places an article names",
    responses={
        413: {"description": "Text longer than KG_LINK_MAX_CHARS, or a larger body"},
        422: {"description": "Empty text, or an invalid body"},
        429: {
            "description": "KG_LINK_CONCURRENCY texts are being linked (or, with "
            "KG_LINK_RATE, this client is over its rate); see Retry-After"
        },
        503: {"description": "Neo4j did not answer (the names are read from the graph)"},
        504: {"description": "Reading the names took longer than KG_QUERY_TIMEOUT"},
    },
)
async def link(repo: RepoDep, request: LinkRequest) -> LinkResult:
    """Every mention of a known entity in an article (English or Russian): character
    offsets, the surface form, the entity, a confidence, and the candidates when the name is
    shared ("Gudkov": Dmitry or Gennady). Names are folded as in /search, so inflected
    Russian forms ("с Ходорковским") and other romanisations ("Chodorkowski") are found;
    the longest name wins ("Free Russia Foundation", not "Russia"). A common word that is
    also an alias ("Legion", "elves") gets a low confidence.

    Example: `{"text": "Ilya Ponomarev spoke with Dmitry Gudkov. Позже Гудков встретился с
    Ходорковским."}` links `person:ilya-ponomarev`, `person:dmitry-gudkov` (twice: the
    Russian "Гудков" is resolved by the full name before it, candidates listed) and
    `person:mikhail-khodorkovsky`.
    """
    return await repo.link(request.text, request.min_confidence)
