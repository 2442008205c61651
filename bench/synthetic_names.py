"""Synthetic entities for the linker's scale test, named by the synthetic world.

The people and organisations of bench/synthetic_world.py (Latin names with Cyrillic
aliases), as the linker reads them, and a text that names some of them. Deterministic, so
runs compare.
"""

from __future__ import annotations

import random
from typing import Any

from bench.synthetic_world import ORG, PER, World
from graph.text import search_keys

FILLER = [
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


def entities(n: int = 100_000, seed: int = 7) -> list[dict[str, Any]]:
    """`n` entity rows with distinct names as the linker reads them ({id, name, type,
    aliases, keys}): the world's people and organisations in order."""
    world = World(n * 2, seed)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    i = 0
    while len(rows) < n:
        kind, i = world.type_of(i), i + 1
        if kind not in (PER, ORG):
            continue
        name, aliases = world.names(i - 1)
        if name in seen:
            continue
        seen.add(name)
        rows.append(
            {
                "id": world.entity_id(i - 1, name),
                "name": name,
                "type": kind.value,
                "aliases": aliases,
                "keys": search_keys(name, *aliases),
            }
        )
    return rows


def text(rows: list[dict[str, Any]], words: int = 10_000, seed: int = 7) -> str:
    """A text of about `words` words: filler with a synthetic name every 20 words."""
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < words:
        out.extend(rng.choice(FILLER) for _ in range(18))
        out.extend(rng.choice(rows)["name"].split()[:2])
        out[-1] += "."
    return " ".join(out)
