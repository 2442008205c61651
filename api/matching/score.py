"""How well a query's names match one entity's: a score from 0 to 1 and the feature behind it.

Both sides are folded as /search folds them (graph/text.py): scripts, romanisations and
Russian case forms are already alike, so what is left to compare is words. The best
(query name, query form, entity key) pair decides:

| feature | when | score |
|---|---|---|
| name_exact | the same words, in any order | 1.0 |
| name_initials | initials stand for given names ("I. Ponomarev") | 0.8 |
| name_fuzzy | as many words, each within 1 edit (2 from 5 letters); 1 or 2 in all | 0.83, 0.73 |
| name_subset | the entity's whole name within a longer query (a middle name) | 0.8 |
| name_partial | a person's name of more words holds the query's 2+ words | 0.5-0.8 |
| surname_only | one word: a person's surname | 0.5 (ambiguous) |
| initials_shared | initials that fit two or more people | 0.6 (ambiguous) |
| name_words | some words alike | up to 0.5 |

A feminine ending is a different person, not a typo: "Gudkova" never pairs with "Gudkov".
"""

from __future__ import annotations

from dataclasses import dataclass

from api.ranking import covers
from graph import text
from graph.text import STOP_WORDS

FUZZY_ONE, FUZZY_TWO = 0.83, 0.73
SURNAME_ONLY = 0.5
SHARED_INITIALS = 0.6
ALGORITHM = "exile-graph-names-v1"


@dataclass(frozen=True)
class Scored:
    score: float
    feature: str
    detail: str
    one_word: bool = False  # the query's name that matched is one word

    def shared(self, bearers: int) -> Scored:
        """A one-word name that several people bear: a bare surname, whatever it matched."""
        return Scored(
            SURNAME_ONLY, "surname_only", f"{self.detail}; {bearers} people bear it", True
        )

    @property
    def ambiguous(self) -> bool:
        """A bare surname (or given name), or initials several people fit: which one is meant
        needs more than the name."""
        return self.feature in ("surname_only", "given_name_only", "initials_shared")


NO_MATCH = Scored(0.0, "name_words", "no word alike")


def _allowed(word: str) -> int:
    return 0 if len(word) < 3 else 1 if len(word) < 5 else 2


def edits(a: str, b: str, most: int) -> int:
    """Optimal-string-alignment distance (a transposition is one edit), or `most + 1` once
    it is sure to exceed `most`. A feminine "-a" added or dropped is never a typo."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > most:
        return most + 1
    if a + "a" == b or b + "a" == a:
        return most + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > most:
            return most + 1
        prev2, prev = prev, row
    return min(prev[-1], most + 1)


def _paired_edits(query: list[str], key: list[str]) -> int | None:
    """Total edits when each query word pairs with its own key word within its allowance;
    None when some word has no partner (greedy, exact partners first)."""
    rest = list(key)
    total = 0
    for word in sorted(query, key=lambda w: (w not in rest, -len(w))):
        most = _allowed(word)
        best = min(rest, key=lambda k: edits(word, k, most), default=None)
        if best is None:
            return None
        cost = edits(word, best, most)
        if cost > most:
            return None
        total += cost
        rest.remove(best)
    return total


def _initials(query: list[str], key: list[str]) -> bool:
    """Initials stand for the name's given names ("I. Ponomarev"): /search's rule."""
    return any(len(w) == 1 for w in query) and covers(query, key)


def content(words: list[str], person: bool) -> list[str]:
    """The words compared: stop words out ("of", "the"), but a person's initials stay
    ("A. Pivovarov": "a" is an initial there, not an article)."""
    kept = [w for w in words if w not in STOP_WORDS or (person and len(w) == 1)]
    return kept or words


def compare(query: list[str], key: list[str], person: bool) -> Scored:
    """One query form against one folded key of an entity."""
    q, k = content(query, person), content(key, person)
    said = f"{' '.join(q)!r} ~ {' '.join(k)!r}"
    if sorted(q) == sorted(k):
        return Scored(1.0, "name_exact", f"{' '.join(q)!r}: the same words")
    if _initials(q, k):
        return Scored(0.8, "name_initials", f"{said}: initials stand for names")
    if len(q) == len(k):
        paired = _paired_edits(q, k)
        if paired is not None and paired <= 2:
            score = FUZZY_ONE if paired == 1 else FUZZY_TWO
            return Scored(score, "name_fuzzy", f"{said}: {paired} edit(s)")
    return _fewer_words(q, k, person) or _words_alike(q, k)


def _fewer_words(q: list[str], k: list[str], person: bool) -> Scored | None:
    """The query and the name differ in length: one holds the other, or a bare surname."""
    said = f"{' '.join(q)!r} ~ {' '.join(k)!r}"
    # more words than the name, none of them an initial the name cannot confirm
    extra = set(q) - set(k)
    if len(k) > 1 and len(q) > len(k) and set(k) <= set(q) and all(len(w) > 1 for w in extra):
        return Scored(0.8, "name_subset", f"{said}: the whole name, with more words")
    if not person:
        return None
    if len(q) == 1 and len(k) > 1:
        if q[0] in k[1:]:
            return Scored(SURNAME_ONLY, "surname_only", f"{said}: the surname alone")
        if q[0] == k[0]:
            return Scored(0.3, "given_name_only", f"{said}: the given name alone")
    if len(q) > 1 and set(q) <= set(k):
        share = len(q) / len(k)
        return Scored(round(0.5 + 0.3 * share, 4), "name_partial", f"{said}: part of the name")
    return None


def _words_alike(q: list[str], k: list[str]) -> Scored:
    alike = sum(1 for w in q if any(edits(w, x, _allowed(w)) <= _allowed(w) for x in k))
    if not alike:
        return NO_MATCH
    share = alike / max(len(q), len(k))
    said = f"{' '.join(q)!r} ~ {' '.join(k)!r}"
    return Scored(round(0.5 * share, 4), "name_words", f"{said}: {alike} word(s) alike")


def query_names(names: tuple[str, ...] | list[str]) -> list[tuple[bool, list[list[str]]]]:
    """Each name's forms (graph/text.py), and whether it is one part ("Gudkov",
    "Кара-Мурза": a surname, whatever the hyphen folds it to)."""
    return [(len(name.replace(",", " ").split()) == 1, text.query_forms(name)) for name in names]


def best(names: list[tuple[bool, list[list[str]]]], keys: list[str], person: bool) -> Scored:
    """The best pair over the query's names (each in its forms) and the entity's keys. A
    one-part name that is part of a person's longer name is a bare surname."""
    top = NO_MATCH
    for single, forms in names:
        for form in forms:
            for key in keys:
                found = compare(form, key.split(), person)
                if single:
                    if person and found.feature == "name_partial":
                        found = Scored(SURNAME_ONLY, "surname_only", found.detail)
                    found = Scored(found.score, found.feature, found.detail, True)
                if found.score > top.score:
                    top = found
                    if top.score == 1.0:
                        return top
    return top


def unshared(scored: list[Scored], people: list[bool]) -> list[Scored]:
    """What a name shared by several people cannot tell apart is no match for any of them:
    a one-word query that two or more people match by a word of their names ("Gudkov":
    Dmitry and Gennady) is a bare surname (0.5), and initials that fit two or more people
    ("R. Shaveddinov": Ruslan, or Rodion) are shared initials (0.6)."""
    out = list(scored)
    bearers = [
        i
        for i, (s, person) in enumerate(zip(scored, people, strict=True))
        if person and s.one_word and s.feature in ("name_exact", "surname_only")
    ]
    if len(bearers) > 1:
        for i in bearers:
            out[i] = scored[i].shared(len(bearers))
    fits = [i for i, s in enumerate(out) if s.feature == "name_initials"]
    if len(fits) > 1:
        for i in fits:
            said = f"{out[i].detail}; {len(fits)} people fit them"
            out[i] = Scored(SHARED_INITIALS, "initials_shared", said, out[i].one_word)
    return out


def matches(ranked: list[Scored], threshold: float) -> list[bool]:
    """Which of a query's results, best first, are a `match`: at least `threshold`, not
    ambiguous, and the best score. A spelling one or two edits off is a typo of the query
    only when no name fits it better (among 100,000 names many are that near), and only
    when it is the one name that near: two names a typo away are a guess, not a match."""
    bar = max(threshold, ranked[0].score) if ranked else threshold
    flags = [s.score >= bar and not s.ambiguous for s in ranked]
    guesses = [s.feature == "name_fuzzy" for s, flag in zip(ranked, flags, strict=True) if flag]
    if len(guesses) > 1 and any(guesses):
        return [False] * len(ranked)
    return flags
