"""Name search: the Lucene query sent to the full-text index, and the ranking of its hits.

A query is tried in each of its forms (as written, and with Russian cases folded; see
graph/text.py). Words such as "of" and "the" are never required: the index's analyzer drops
them, so requiring them would miss "Freedom of Russia Legion". Ranking compares word lists,
not strings, so "Ponomarev, Ilya" and "I. Ponomarev" find Ilya Ponomarev as "Ilya Ponomarev"
does; a query that names several entities equally ("Gudkov") is marked ambiguous.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from api import schemas
from graph.text import STOP_WORDS

_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
TIERS = {"exact": 3, "prefix": 2, "fuzzy": 1}
FUZZY_WORDS = 8  # past this many words a query is a title, not a typed name: no fuzzy terms
SHORT = 2  # a query of at most this many letters and digits matches whole names only


def short(forms: list[list[str]]) -> bool:
    """One or two letters ("EU", "Я"): a prefix would match an arbitrary slice of the graph,
    so such a query finds only names and aliases that are exactly it."""
    return all(len("".join(words)) <= SHORT for words in forms)


def lucene_escape(term: str) -> str:
    return _LUCENE_SPECIAL.sub(r"\\\1", term)


def content(words: list[str]) -> list[str]:
    """The words that must match: all but stop words (all of them if nothing else is left)."""
    return [w for w in words if w not in STOP_WORDS] or words


def _form_query(words: list[str], fuzzy: bool = True) -> str:
    # an initial ("I. Ponomarev") is checked by the ranking, not required by the index
    required = [w for w in content(words) if len(w) > 1] or content(words)
    clauses = []
    for word in required:
        w = lucene_escape(word)
        options = [f"{w}^4", f"{w}*^2"]
        if fuzzy and len(word) >= 3 and len(required) <= FUZZY_WORDS:  # shorter: fuzzy matches all
            # folding can double an edit ("Maixm" -> "maiksm"): two from five letters on
            options.append(f"{w}~{1 if len(word) < 5 else 2}")
        clauses.append("+(" + " OR ".join(options) + ")")
    return "(" + " ".join(clauses) + ")"


def lucene_query(forms: list[list[str]], fuzzy: bool = True) -> str:
    """Any form may match; within a form every content word must, exactly, as a prefix, or
    (with `fuzzy`) within a small edit distance. A short query: its words exactly, nothing
    else."""
    if short(forms):
        exact = ("(" + " ".join(f"+{lucene_escape(w)}" for w in words) + ")" for words in forms)
        return " OR ".join(exact)
    return " OR ".join(_form_query(words, fuzzy) for words in forms)


@dataclass(frozen=True)
class Match:
    kind: str  # exact, prefix or fuzzy
    whole: bool  # the query covers a whole name (or a person's whole surname)
    share: float = 1.0  # how near the best name's length in words is to the query's


def _initial(letter: str, word: str) -> bool:
    """An initial of a word: "I." is Ilya; "Y." (folded "i") is Yuri, or Yegor ("egor")."""
    return word.startswith(letter) or (letter in "iye" and word[:1] in "iye")


def covers(query: list[str], key: list[str]) -> bool:
    """Every key word is the query's word or starts with its initial ("I. Ponomarev")."""
    if len(query) != len(key):
        return False
    rest = list(key)
    for word in sorted(query, key=len, reverse=True):
        hit = next((k for k in rest if k == word or (len(word) == 1 and _initial(word, k))), None)
        if hit is None:
            return False
        rest.remove(hit)
    return True


def match(forms: list[list[str]], keys: list[str], person: bool) -> Match:
    """How well the best form of the query matches the best key of one entity."""
    best = Match("fuzzy", False, 0.0)
    for form in forms:
        query = content(form)
        joined = " ".join(form)
        for key in keys:
            words = content(key.split())
            share = min(len(query), len(words)) / max(len(query), len(words))
            if sorted(query) == sorted(words):  # surname first, stop words aside
                return Match("exact", True)
            # a person's surname, alone: "Gudkov", "Kara-Murza"
            if person and len(words) > len(query) and query == words[1:]:
                return Match("exact", True)
            if covers(query, words) or key.startswith(joined):
                best = Match("prefix", True)
            elif best.kind == "fuzzy" and f" {joined}" in f" {key}":
                best = Match("prefix", False)
            elif best.kind == "fuzzy" and share > best.share:
                best = Match("fuzzy", False, share)
    return best


def _prominence(row: dict[str, Any]) -> float:
    """How much the graph says about an entity: its sources count three times its
    relationships, both on a log scale (a hub's thousands of edges do not drown a namesake
    that more sources name)."""
    return 3 * math.log1p(row.get("sources") or 0) + math.log1p(row.get("degree") or 0)


def rank(forms: list[list[str]], rows: list[dict[str, Any]]) -> list[schemas.SearchHit]:
    top = max((r["score"] for r in rows), default=1.0) or 1.0
    most = max((_prominence(r) for r in rows), default=1.0) or 1.0
    hits = []
    for row in rows:
        found = match(forms, row["keys"] or [], row["type"] == "Person")
        # The tier decides; then a name that starts with the query ("Ponoma" -> Ponomarev)
        # beats one that only has a word starting so; a name of as many words as the query
        # beats a longer one ("Rssia": Russia before A Just Russia); the index score last.
        # Namesakes (exact matches alike) go by how much the graph says of each first; a
        # typo's candidates do not: the nearer spelling beats the better-known entity.
        closeness = row["score"] / top
        if found.kind == "exact":
            tie = 0.12 * _prominence(row) / most + 0.07 * closeness
        else:
            tie = 0.19 * closeness
        score = TIERS[found.kind] + 0.5 * found.whole + 0.3 * found.share + tie
        hits.append(
            schemas.SearchHit(
                id=row["id"],
                name=row["name"],
                type=row["type"],
                score=round(score, 4),
                match=found.kind,
                aliases=row["aliases"] or [],
                sources=row.get("sources") or 0,
                connections=row.get("degree") or 0,
            )
        )
    hits.sort(key=lambda h: (-h.score, h.name, h.id))
    return hits


def named(hits: list[schemas.SearchHit]) -> list[str]:
    """The entities the query names in full (an exact name, alias or surname), best first;
    more than one means the query is ambiguous."""
    return [h.id for h in hits if h.match == "exact" and h.score >= TIERS["exact"] + 0.5]
