"""Name search in any script, case- and accent-insensitive, tolerant of typos."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import schemas
from api.deps import RepoDep
from api.errors import Invalid
from graph import text
from graph.schema import NodeType

router = APIRouter(tags=["search"])
MAX_Q = 100


@router.get(
    "/search",
    response_model=schemas.SearchResults,
    summary="Find entities by name or alias, in any spelling",
    responses={422: {"description": "Empty, over-long or wordless q (problem+json)"}},
)
async def search(
    repo: RepoDep,
    q: Annotated[
        str,
        Query(
            min_length=1, max_length=MAX_Q, description=f"A name or alias, 1–{MAX_Q} characters."
        ),
    ],
    type: Annotated[NodeType | None, Query(description="Only this node type.")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="At most this many (1–100).")] = 20,
) -> schemas.SearchResults:
    """Names and aliases in Cyrillic or Latin script, ignoring case and accents, merging
    common transliteration variants (English, German, Polish, French, ISO 9) and Russian
    grammatical cases ("Ходорковского"), tolerating one or two typos. Words may come in any
    order ("Ponomarev, Ilya"), with initials ("I. Ponomarev") or a patronymic. Exact matches
    rank first, then prefix matches, then fuzzy ones; among exact matches (namesakes),
    the entity more sources name and with more relationships first (`sources` and
    `connections` in each hit say so). A query of one or two letters or digits
    ("EU") finds only names and aliases that are exactly it. A query that names several entities
    equally ("Gudkov": Dmitry and Gennady) is marked `ambiguous`, with their ids in
    `candidates`.

    Example: `GET /search?q=Пономарёв`, `?q=Ponomaryov` and `?q=Ponamarev` all find
    `person:ilya-ponomarev`.
    """
    forms = text.query_forms(q)
    if not forms:
        raise Invalid(
            f"q={q!r} has no letters or digits to search for; give a name, e.g. q=Ponomarev"
        )
    return await repo.search(q, forms, type, limit)
