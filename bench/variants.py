"""Query variants of every entity's names, as analysts type them, for the search benchmark.

From each entity: its name and every alias as written; Russian aliases in the genitive and
instrumental (pymorphy3); Latin names in German, Polish-like, French and scholarly/ISO 9
romanisation; a person's name surname first and with an initial; and one typo.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from graph import morph
from ingest.models import EntityIn

MAX_Q = 100


@dataclass(frozen=True)
class Variant:
    id: str
    kind: str
    query: str


def _inflect(name: str, case: str, person: bool) -> str | None:
    """`name` in `case` ("gent", "ablt"): every word of a person's name; a group's words up
    to its head noun ("Съезда народных депутатов"), the rest as written. None if one word
    will not go."""
    out, done = [], False
    for word in name.split():
        bare = word.strip('«»"')
        if done or not morph.is_cyrillic(bare.lower()):
            out.append(word)
            continue
        parse = morph._analyser().parse(bare)[0]
        form = parse.inflect({case})
        if form is None:
            return None
        out.append(word.replace(bare, form.word.capitalize() if bare[:1].isupper() else form.word))
        done = not person and parse.tag.POS == "NOUN"
    joined = " ".join(out)
    return joined if joined != name else None


_ROMAN = {
    # German: kh -> ch, v -> w at the end of a word, y -> j before a vowel, -y -> -i
    "german": [(r"kh", "ch"), (r"v\b", "w"), (r"y(?=[aeiou])", "j"), (r"y\b", "i"), (r"zh", "sch")],
    # scholarly / ISO 9: kh -> h or ch, y -> j, -y -> -ij, ë
    "scholarly": [(r"kh", "h"), (r"y(?=[aeiou])", "j"), (r"(?<=[ks])y\b", "ij"), (r"y\b", "yj")],
    "iso9": [(r"kh", "h"), (r"zh", "ž"), (r"sh", "š"), (r"ch", "č"), (r"y\b", "ij")],
    # French: kh stays, -y -> -i, u -> ou
    "french": [(r"u", "ou"), (r"y\b", "i")],
}


def _romanise(name: str, rules: list[tuple[str, str]]) -> str | None:
    words = []
    for word in name.split():
        out = word.lower()
        for pattern, repl in rules:
            out = re.sub(pattern, repl, out)
        words.append(out[:1].upper() + out[1:] if word[:1].isupper() else out)
    joined = " ".join(words)
    return joined if joined != name else None


def _typo(name: str, seed: int) -> str | None:
    """One edit in the longest word: a swap of two inner letters or a dropped letter."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) < 5:
        return None
    i = 1 + seed % (len(word) - 3)
    word = (
        word[:i] + word[i + 1] + word[i] + word[i + 2 :] if seed % 2 else word[:i] + word[i + 1 :]
    )
    words[longest] = word
    return " ".join(words)


def _person_forms(id: str, name: str) -> Iterator[Variant]:
    """A Latin person's name romanised otherwise, surname first and with an initial."""
    for system, rules in _ROMAN.items():
        other = _romanise(name, rules)
        if other:
            yield Variant(id, f"romanised-{system}", other)
    parts = name.split()
    if len(parts) == 2:
        yield Variant(id, "surname-first", f"{parts[1]}, {parts[0]}")
        yield Variant(id, "initial", f"{parts[0][0]}. {parts[1]}")


def _inflected(id: str, name: str, person: bool) -> Iterator[Variant]:
    for case in ("gent", "ablt"):
        inflected = _inflect(name, case, person)
        if inflected:
            yield Variant(id, "inflected", inflected)


def variants(entity: EntityIn) -> Iterator[Variant]:
    kind, names = entity.type.value, [entity.name, *entity.aliases]
    for n, name in enumerate(names):
        yield Variant(entity.id, "exact", name)
        cyrillic = morph.is_cyrillic(name.lower())
        if cyrillic and kind in ("Person", "Organization"):
            yield from _inflected(entity.id, name, kind == "Person")
        if kind == "Person" and not cyrillic:
            yield from _person_forms(entity.id, name)
        if n == 0 and kind in ("Person", "Organization", "Place"):
            typo = _typo(name, len(entity.id))
            if typo:
                yield Variant(entity.id, "typo", typo)


def all_variants(entities: list[EntityIn]) -> list[Variant]:
    out = []
    for entity in entities:
        for v in variants(entity):
            query = v.query if len(v.query) <= MAX_Q else v.query[:MAX_Q].rsplit(" ", 1)[0]
            out.append(Variant(v.id, v.kind, query))
    return out
