"""Namesakes for bench/search.py: for each curated person, a generated person of the same
name that one synthetic source names once, with nothing else said of them. Search should put
the curated person (more sources, more relationships) first, under the name and under its
case forms; recall@1 here counts only a first place (an `ambiguous` answer that lists both
is not enough)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from bench.variants import Variant, variants
from ingest.models import EntityIn
from ingest.validate import DEFAULT_DATA_DIR

SOURCE = {
    "id": "source:bench-namesakes",
    "title": "Generated namesakes (benchmark only)",
    "publisher": "exile-graph benchmark",
    "url": "https://example.org/bench-namesakes",
    "published": "2026-01-01",
    "evidence": "note",
}


def with_namesakes(folder: Path, people: list[EntityIn]) -> Path:
    """The curated data files plus one file of namesakes, in `folder`."""
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(DEFAULT_DATA_DIR, folder)
    return write_namesakes(folder, people)


def write_namesakes(folder: Path, people: list[EntityIn]) -> Path:
    """One more file in `folder`: a namesake of each person, named once by its source."""
    twins = [
        {
            "id": f"person:bench-namesake-{n}",
            "type": "Person",
            "name": person.name,
            **({"aliases": list(person.aliases)} if person.aliases else {}),
            "note": "A generated namesake, for the search benchmark.",
        }
        for n, person in enumerate(people)
    ]
    text = yaml.safe_dump({"source": SOURCE, "entities": twins}, allow_unicode=True)
    (folder / "zz-bench-namesakes.yaml").write_text(text, encoding="utf-8")
    return folder


def queries(people: list[EntityIn]) -> list[Variant]:
    """Each person's names as written and in their case forms, the curated person wanted."""
    kinds = {"exact", "inflected"}
    return [v for person in people for v in variants(person) if v.kind in kinds]
