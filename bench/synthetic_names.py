"""Synthetic entities for the linker's scale test: 100,000 plausible, distinct names.

People are first name + a surname built from syllables (Latin, with a Cyrillic alias);
groups are adjective + noun + a place-like word. Deterministic, so runs compare.
"""

from __future__ import annotations

import random
from typing import Any

from graph.text import search_keys

_FIRST = [
    "Ivan",
    "Oleg",
    "Pavel",
    "Sergei",
    "Anna",
    "Maria",
    "Elena",
    "Olga",
    "Nikolai",
    "Yuri",
    "Boris",
    "Denis",
    "Artem",
    "Kirill",
    "Roman",
    "Irina",
    "Tatiana",
    "Vera",
    "Lev",
    "Gleb",
]
_SYLLABLES = [
    "ko",
    "va",
    "le",
    "mi",
    "ro",
    "sha",
    "tu",
    "ne",
    "bo",
    "gra",
    "dov",
    "zer",
    "pil",
    "kas",
    "tro",
    "vel",
    "mar",
    "sen",
    "lo",
    "ryu",
    "che",
    "bar",
    "zin",
]
_ENDINGS = ["ov", "ev", "in", "sky", "enko", "yuk", "ich"]
_ADJ = [
    "Free",
    "Independent",
    "United",
    "Democratic",
    "Civic",
    "Northern",
    "Baltic",
    "New",
    "Open",
    "Liberal",
]
_NOUN = [
    "Forum",
    "Union",
    "Fund",
    "Council",
    "Movement",
    "Committee",
    "Network",
    "Alliance",
    "Centre",
    "League",
]
_CYR = str.maketrans(
    {
        "a": "а",
        "b": "б",
        "v": "в",
        "g": "г",
        "d": "д",
        "e": "е",
        "z": "з",
        "i": "и",
        "k": "к",
        "l": "л",
        "m": "м",
        "n": "н",
        "o": "о",
        "p": "п",
        "r": "р",
        "s": "с",
        "t": "т",
        "u": "у",
        "y": "ы",
        "h": "х",
        "c": "ц",
    }
)


def entities(n: int = 100_000, seed: int = 7) -> list[dict[str, Any]]:
    """`n` entity rows as the linker reads them ({id, name, type, aliases, keys})."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    names: set[str] = set()
    while len(rows) < n:
        if rng.random() < 0.7:
            surname = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
            surname = (surname + rng.choice(_ENDINGS)).capitalize()
            name, kind = f"{rng.choice(_FIRST)} {surname}", "Person"
            aliases = [surname, name.lower().translate(_CYR).title()]
        else:
            place = "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()
            name = f"{rng.choice(_ADJ)} {place} {rng.choice(_NOUN)}"
            kind, aliases = "Organization", []
        if name in names:
            continue
        names.add(name)
        rows.append(
            {
                "id": f"synthetic:{len(rows)}",
                "name": name,
                "type": kind,
                "aliases": aliases,
                "keys": search_keys(name, *aliases),
            }
        )
    return rows


def text(rows: list[dict[str, Any]], words: int = 10_000, seed: int = 7) -> str:
    """A text of about `words` words: filler with a synthetic name every 20 words."""
    rng = random.Random(seed)
    filler = [
        "the",
        "committee",
        "said",
        "on",
        "monday",
        "that",
        "its",
        "members",
        "would",
        "meet",
        "again",
        "in",
        "the",
        "spring",
        "after",
        "a",
        "vote",
        "in",
        "which",
        "most",
        "delegates",
        "backed",
        "the",
        "plan",
    ]
    out: list[str] = []
    while len(out) < words:
        out.extend(rng.choice(filler) for _ in range(18))
        out.extend(rng.choice(rows)["name"].split()[:2])
        out[-1] += "."
    return " ".join(out)
