"""Name search in any script, case- and accent-insensitive, tolerant of typos."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api import schemas
from api.db import read
from api.deps import DriverDep, SettingsDep
from api.errors import Invalid
from graph import text
from graph.schema import NodeType

router = APIRouter(tags=["search"])
MAX_Q = 100
FETCH = 200  # index hits re-ranked in Python; far more than any page
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
TIERS = {"exact": 3, "prefix": 2, "fuzzy": 1}


def lucene_escape(term: str) -> str:
    return _LUCENE_SPECIAL.sub(r"\\\1", term)


def lucene_query(words: list[str]) -> str:
    """Every word must match: exactly, as a prefix, or within a small edit distance."""
    clauses = []
    for word in words:
        w = lucene_escape(word)
        options = [f"{w}^4", f"{w}*^2"]
        if len(word) >= 4:  # fuzzy on short words matches nearly anything
            options.append(f"{w}~{1 if len(word) < 8 else 2}")
        clauses.append("+(" + " OR ".join(options) + ")")
    return " ".join(clauses)


def match_kind(folded: str, keys: list[str]) -> tuple[str, bool]:
    """The tier, and whether a whole key (not just a word inside it) matches."""
    if folded in keys:
        return "exact", True
    if any(k.startswith(folded) for k in keys):
        return "prefix", True
    if any(f" {folded}" in f" {k}" for k in keys):
        return "prefix", False
    return "fuzzy", False


def rank(folded: str, rows: list[dict[str, Any]]) -> list[schemas.SearchHit]:
    top = max((r["score"] for r in rows), default=1.0) or 1.0
    hits = []
    for row in rows:
        kind, whole = match_kind(folded, row["keys"] or [])
        # The tier decides; then a name that starts with the query ("Ponoma" -> Ponomarev)
        # beats one that only has a word starting so; the index score orders the rest.
        score = TIERS[kind] + 0.5 * whole + 0.49 * row["score"] / top
        hits.append(schemas.SearchHit(id=row["id"], name=row["name"], type=row["type"],
                                      score=round(score, 4), match=kind,
                                      aliases=row["aliases"] or []))
    hits.sort(key=lambda h: (-h.score, h.name, h.id))
    return hits


@router.get(
    "/search",
    response_model=schemas.SearchResults,
    summary="Find entities by name or alias, in any spelling",
    responses={422: {"description": "Empty, over-long or wordless q (problem+json)"}},
)
async def search(
    driver: DriverDep,
    settings: SettingsDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_Q,
                            description=f"A name or alias, 1–{MAX_Q} characters.")],
    type: Annotated[NodeType | None, Query(description="Only this node type.")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="At most this many (1–100).")] = 20,
) -> schemas.SearchResults:
    """Names and aliases in Cyrillic or Latin script, ignoring case and accents, merging
    common transliteration variants and tolerating small typos. Exact matches rank first,
    then prefix matches, then fuzzy ones.

    Example: `GET /search?q=Пономарёв`, `?q=Ponomaryov` and `?q=Ponamarev` all find
    `person:ilya-ponomarev`.
    """
    words = text.words(q)
    if not words:
        raise Invalid(f"q={q!r} has no letters or digits to search for; give a name, "
                      "e.g. q=Ponomarev")
    folded = " ".join(words)
    rows = await read(driver, settings, "api/search/fulltext", lucene=lucene_query(words),
                      type=type.value if type else None, fetch=FETCH)
    return schemas.SearchResults(query=q, folded=folded, results=rank(folded, rows)[:limit])
