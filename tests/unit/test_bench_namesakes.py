"""bench/namesakes.py writes a valid data file: each person's names again, under a new id."""

from __future__ import annotations

from pathlib import Path

from bench.namesakes import queries, with_namesakes
from ingest.validate import validate


def test_namesakes_are_valid_data_with_the_same_names(tmp_path: Path) -> None:
    people = [e for p in validate() for e in p.model.entities if e.type.value == "Person"][:5]
    parsed = validate(with_namesakes(tmp_path / "data", people))
    (twins,) = [p.model.entities for p in parsed if p.name == "zz-bench-namesakes.yaml"]
    assert [(t.name, t.aliases) for t in twins] == [(p.name, p.aliases) for p in people]
    assert {t.id for t in twins}.isdisjoint({p.id for p in people})
    asked = queries(people)
    assert {q.id for q in asked} == {p.id for p in people}
    assert {q.kind for q in asked} <= {"exact", "inflected"}
