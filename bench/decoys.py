"""Decoys for bench/match.py: for each curated person with a two-part Latin name, a generated
person with the same surname and another given name (far from theirs by spelling), that one
synthetic source names once. A match on a decoy is a wrong match."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from api.matching.score import edits
from graph.schema import NodeType
from graph.text import key
from ingest.models import EntityIn
from ingest.validate import DEFAULT_DATA_DIR

GIVEN = ("Anatoly", "Boris", "Grigory", "Innokenty", "Kuzma", "Rodion", "Taras", "Yefim")
SOURCE = {
    "id": "source:bench-decoys",
    "title": "Generated decoys (benchmark only)",
    "publisher": "exile-graph benchmark",
    "url": "https://example.org/bench-decoys",
    "published": "2026-01-01",
    "evidence": "note",
}


def person(id: str, name: str, aliases: list[str]) -> EntityIn:
    """A person as the variants generator reads one (read from the graph, not validated)."""
    return EntityIn.model_construct(id=id, type=NodeType.PERSON, name=name, aliases=aliases)


def _other_given(given: str, n: int) -> str:
    """A given name far from `given`: more than two edits apart once folded."""
    folded = key(given)
    far = [g for g in GIVEN if edits(key(g), folded, 2) > 2]
    return far[n % len(far)]


def decoy_entities(people: list[EntityIn]) -> list[dict[str, str]]:
    out = []
    for n, p in enumerate(people):
        parts = p.name.split()
        if len(parts) != 2 or not parts[0].isascii():
            continue
        out.append(
            {
                "id": f"person:bench-decoy-{n}",
                "type": "Person",
                "name": f"{_other_given(parts[0], n)} {parts[1]}",
                "note": "A generated decoy that shares a surname, for the match benchmark.",
            }
        )
    return out


def with_decoys(folder: Path, people: list[EntityIn]) -> tuple[Path, int]:
    """The curated data files plus one file of decoys, in `folder`; and how many."""
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(DEFAULT_DATA_DIR, folder)
    made = decoy_entities(people)
    text = yaml.safe_dump({"source": SOURCE, "entities": made}, allow_unicode=True)
    (folder / "zz-bench-decoys.yaml").write_text(text, encoding="utf-8")
    return folder, len(made)
