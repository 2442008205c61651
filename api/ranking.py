"""Name search: the Lucene query sent to the full-text index, and the ranking of its hits."""

from __future__ import annotations

import re
from typing import Any

from api import schemas

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
