"""Find every known name in a text: an Aho–Corasick automaton over folded keys.

The text is cut into words; each word is folded as names are (graph/text.py: script,
accents, romanisation, and Russian cases via its dictionary form), and the automaton runs
over the folded words joined by spaces, so "Ходорковского", "Chodorkowski" and
"Khodorkovsky" are all found. The longest match wins ("Free Russia Foundation", not
"Russia"). Confidence says how sure a mention is: a full name is sure; a surname alone
less so; a generic alias ("Legion", "elves") or a name shared by several entities is not.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import ahocorasick

from graph import morph, text

CONFIDENT = 0.5  # at or above: a mention to act on; below: a hint for a curator
# Words; a hyphen or a possessive 's splits ("Latvia-based", "Foundation’s"), "Naval'nyj" not.
_TOKEN = re.compile(r"[^\W_]+(?:['’](?!s\b)[^\W_]+)*")
NESTED = 0.6  # a name that begins a longer one: "Arizona" in "Arizona House of Representatives"


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str


@dataclass
class Mention:
    start: int
    end: int
    text: str
    candidates: list[Entity]
    confidence: float
    generic: bool = False
    words: int = 1
    resolved: bool = field(default=False, repr=False)

    @property
    def entity(self) -> Entity:
        return self.candidates[0]


@lru_cache(maxsize=262144)
def _fold(token: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A text word as search words: as written, and in its dictionary form."""
    folded = text.fold(token)
    surface = _plain(text.romanise(folded))
    if not morph.is_cyrillic(folded):
        return surface, surface
    return surface, _plain(text.romanise(morph.lemma(folded)))


def _plain(words: list[str]) -> tuple[str, ...]:
    """Words without a possessive "s" (or the Russian "с"): "Navalny's team" is "navalni team"."""
    return tuple(w for w in words if w != "s")


# How sure a match is, by what the key is to its entity: a full name of several words, a
# one-word name ("Meduza"), a person's surname, or another one-word alias ("Kremlin").
_CONFIDENCE = {"words": 0.95, "name": 0.9, "surname": 0.85, "alias": 0.7}
GENERIC = 0.4  # a common word as well as a name: "Legion", "elves", "said"


@dataclass(frozen=True)
class _Pattern:
    key: str
    ids: tuple[str, ...]
    words: int
    kind: str  # a key of _CONFIDENCE
    generic: bool


def _kinds(row: dict[str, Any]) -> dict[str, str]:
    """Each key of one entity and what it is to it."""
    person = row["type"] == "Person"
    names = set(text.search_keys(row["name"], person=person))
    out = {
        k: "name" if k in names else "alias"
        for k in row.get("keys") or text.search_keys(row["name"], *row["aliases"], person=person)
    }
    if row["type"] == "Person":
        for k in list(out):
            parts = k.split()
            if len(parts) > 1 and k in names:
                out[" ".join(parts[1:])] = "surname"
    return {k: "words" if " " in k else kind for k, kind in out.items()}


class Linker:
    """Built once from entity rows ({id, name, type, aliases, keys}); links any text."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.entities = {r["id"]: Entity(r["id"], r["name"], r["type"]) for r in rows}
        owners: dict[str, dict[str, str]] = {}  # key -> {id: kind}
        lowercase: set[str] = set()
        in_names: dict[str, set[str]] = {}  # word -> entities whose longer name has it
        for row in rows:
            for k, kind in _kinds(row).items():
                owners.setdefault(k, {}).setdefault(row["id"], kind)
            lowercase.update(text.key(a) for a in row["aliases"] if a.islower())
            name = text.words(row["name"])
            if row["type"] not in ("Event", "Claim") and len(name) > 1:
                for w in name[1:] if row["type"] == "Person" else name:  # not first names
                    in_names.setdefault(w, set()).add(row["id"])
        self.automaton = ahocorasick.Automaton()
        for key, ids in owners.items():
            k = " ".join(_plain(key.split()))
            n = k.count(" ") + 1
            if len(k) < 2 or (n == 1 and k in text.STOP_WORDS):
                continue
            kind = max(ids.values(), key=_CONFIDENCE.__getitem__)
            # a one-word alias that other names use as a common word: "Legion"
            common = kind == "alias" and len(in_names.get(k, set()) - set(ids)) >= 2
            pattern = _Pattern(k, tuple(sorted(ids)), n, kind, k in lowercase or common)
            self.automaton.add_word(f" {k} ", pattern)
        if len(self.automaton):
            self.automaton.make_automaton()

    def _matches(self, folded: list[tuple[str, ...]]) -> list[tuple[int, int, _Pattern]]:
        """(first token, last token, pattern) of every key found in one folded stream."""
        starts: dict[int, int] = {}  # offset in the haystack -> token
        ends: dict[int, int] = {}
        chunks, pos = [" "], 1
        for i, words in enumerate(folded):
            if not words:
                continue
            joined = " ".join(words)
            starts[pos], ends[pos + len(joined) - 1] = i, i
            chunks.append(joined + " ")
            pos += len(joined) + 1
        found = []
        for end, pattern in self.automaton.iter("".join(chunks)):
            first, last = end - len(pattern.key), end - 1
            if first in starts and last in ends:  # whole words only
                found.append((starts[first], ends[last], pattern))
        return found

    def link(self, body: str) -> list[Mention]:
        if not len(self.automaton):
            return []
        spans = [(m.start(), m.end()) for m in _TOKEN.finditer(body)]
        streams = [_fold(body[a:b]) for a, b in spans]
        found = self._matches([s for s, _ in streams])
        if any(s != lemma for s, lemma in streams):
            found += self._matches([lemma for _, lemma in streams])
        # longest first, then earliest: each word belongs to one mention
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        nested = _Nested(found)
        taken: set[int] = set()
        mentions = []
        for first, last, pattern in found:
            if taken.intersection(range(first, last + 1)):
                continue
            taken.update(range(first, last + 1))
            start, end = spans[first][0], spans[last][1]
            mentions.append(self._mention(body[start:end], start, end, pattern))
            inner_match = nested.within(first, last)
            if inner_match:
                end = spans[inner_match[1]][1]
                inner = self._mention(body[start:end], start, end, inner_match[2])
                inner.confidence = min(inner.confidence, NESTED)
                mentions.append(inner)
        mentions.sort(key=lambda m: (m.start, -m.end))
        _resolve(mentions)
        return mentions

    def _mention(self, surface: str, start: int, end: int, pattern: _Pattern) -> Mention:
        candidates = [self.entities[i] for i in pattern.ids]
        confidence = _CONFIDENCE[pattern.kind]
        generic = pattern.generic or surface.islower()  # "noon" is not Noon
        if generic:
            confidence = min(confidence, GENERIC)
        if len(candidates) > 1:
            confidence = round(confidence / len(candidates), 2)
        return Mention(start, end, surface, candidates, confidence, generic, pattern.words)


class _Nested:
    """The longest proper name that begins a match first..last: the entity a longer name
    belongs to ("Free Russia Foundation" in "Free Russia Foundation’s office").

    Indexed once by first word, with each one's ends sorted, so a lookup is a bisection:
    scanning every match for every mention made a long text quadratic."""

    def __init__(self, found: list[tuple[int, int, _Pattern]]) -> None:
        by_end: dict[int, dict[int, tuple[int, int, _Pattern]]] = {}
        for f in found:
            if f[2].kind in ("words", "name") and not f[2].generic:
                by_end.setdefault(f[0], {}).setdefault(f[1], f)  # the first of equals wins
        self.ends = {first: sorted(ends) for first, ends in by_end.items()}
        self.matches = by_end

    def within(self, first: int, last: int) -> tuple[int, int, _Pattern] | None:
        ends = self.ends.get(first)
        if not ends:
            return None
        i = bisect.bisect_left(ends, last)  # ends before `last`: ends[:i]
        return self.matches[first][ends[i - 1]] if i else None


def _resolve(mentions: list[Mention]) -> None:
    """A surname or shared name whose entity the text names in full elsewhere is that one:
    "Dmitry Gudkov ... Gudkov" is Dmitry; "Gudkov" alone stays ambiguous."""
    sure = {m.entity.id for m in mentions if len(m.candidates) == 1 and m.words > 1}
    for m in mentions:
        known = [c for c in m.candidates if c.id in sure]
        if len(known) == 1 and (len(m.candidates) > 1 or m.confidence < CONFIDENT):
            m.candidates = known + [c for c in m.candidates if c is not known[0]]
            m.confidence = max(m.confidence, 0.8)
            m.resolved = True
