"""The synthetic dataset (bench/synthetic.py): valid, deterministic, realistic in shape, and
the same content in YAML and in bulk JSON lines."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bench import synthetic_names
from bench.synthetic import main
from bench.synthetic_data import changed, generate, write_bulk, write_yaml
from bench.synthetic_vocab import ORG_TABLES, TABLES
from bench.synthetic_world import World
from graph.relations import RELATION_TABLE
from graph.schema import ENTITY_ID_PATTERN
from graph.text import key
from ingest.validate import validate

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
N = 600


def _rows(directory: Path, name: str) -> list[dict[str, Any]]:
    with (directory / f"{name}.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _fact(r: dict[str, Any]) -> tuple[str, str, str, str | None]:
    return (r["type"], r["from"], r["to"], r.get("key"))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    write_yaml(generate(N), root / "yaml")
    write_bulk(generate(N), root / "bulk")
    return root


def test_the_yaml_passes_every_validation_rule(written: Path) -> None:
    parsed = validate(written / "yaml")  # raises InvalidData listing every problem
    assert len(parsed) == N // 50
    assert sum(len(p.model.entities) for p in parsed) == N


def test_same_seed_same_bytes_other_seed_other_bytes(written: Path, tmp_path: Path) -> None:
    main(["--entities", str(N), "--yaml", str(tmp_path / "yaml"), "--bulk", str(tmp_path / "b")])
    for sub in ("yaml", "bulk"):
        ours = sorted(p.name for p in (written / sub).iterdir())
        theirs = sorted(p.name for p in (tmp_path / ("b" if sub == "bulk" else sub)).iterdir())
        assert ours == theirs
    for name in sorted(p.name for p in (written / "yaml").iterdir()):
        assert (written / "yaml" / name).read_bytes() == (tmp_path / "yaml" / name).read_bytes()
    for name in ("sources", "entities", "relations", "statuses"):
        lines = (written / "bulk" / f"{name}.jsonl").read_bytes()
        assert lines == (tmp_path / "b" / f"{name}.jsonl").read_bytes()
    write_bulk(generate(N, seed=8), tmp_path / "seed8")
    assert (tmp_path / "seed8" / "relations.jsonl").read_bytes() != (
        written / "bulk" / "relations.jsonl"
    ).read_bytes()


def test_bulk_states_what_the_yaml_states_once_each(written: Path) -> None:
    parsed = validate(written / "yaml")
    yaml_facts = Counter(r.fact_id for p in parsed for r in p.model.relations)
    bulk = _rows(written / "bulk", "relations")
    bulk_facts = Counter(
        f"{r['type']}:{r['from']}->{r['to']}" + (f"#{r['key']}" if "key" in r else "") for r in bulk
    )
    assert bulk_facts == yaml_facts
    assert max(bulk_facts.values()) == 1  # each fact on exactly one line
    sources = {s["id"] for s in _rows(written / "bulk", "sources")}
    assert len(sources) == len(parsed)
    for name in ("entities", "relations", "statuses"):
        rows = _rows(written / "bulk", name)
        yaml_count = sum(len(getattr(p.model, name)) for p in parsed)
        assert len(rows) == yaml_count > 0
        assert all(r["source"] in sources and "quote" not in r and r["note"] for r in rows)
    yaml_cited = Counter(r.source or p.model.source.id for p in parsed for r in p.model.relations)
    assert Counter(r["source"] for r in bulk) == yaml_cited


def test_ids_are_unique_and_well_formed(written: Path) -> None:
    ids = [e["id"] for e in _rows(written / "bulk", "entities")]
    assert len(ids) == len(set(ids)) == N
    assert all(re.match(ENTITY_ID_PATTERN, i) for i in ids)


def test_people_have_cyrillic_aliases_that_transliterate_their_names(written: Path) -> None:
    people = [e for e in _rows(written / "bulk", "entities") if e["type"] == "Person"]
    assert len(people) == N // 2
    for person in people:
        cyrillic = [a for a in person["aliases"] if CYRILLIC.search(a)]
        assert cyrillic, person
        # The surname alone: first names have more than one usual spelling.
        assert key(cyrillic[-1]) == key(person["name"].split()[-1]), person


def test_relations_are_dated_sourced_and_varied(written: Path) -> None:
    relations = _rows(written / "bulk", "relations")
    assert 4.5 < len(relations) / N < 5.5
    share = Counter(k for r in relations for k in r if k != "figures")
    assert share["valid_from"] / len(relations) > 0.8
    assert share["valid_to"] > 0 and share["ended"] > 0 and share["attributed_to"] > 0
    assert share["status"] > 0 and share["verdict"] > 0 and share["role"] > 0
    assert len({r["type"] for r in relations}) >= 28
    assert len(_rows(written / "bulk", "statuses")) > N // 20


def test_disagreements_come_from_two_sources_with_two_keys_and_dates(written: Path) -> None:
    by_ends: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for r in _rows(written / "bulk", "relations"):
        by_ends.setdefault((r["type"], r["from"], r["to"]), []).append(r)
    pairs = [rs for rs in by_ends.values() if len(rs) == 2 and all("key" in r for r in rs)]
    assert len(pairs) > 20
    for a, b in pairs:
        if a["type"] != "DESIGNATED":
            assert a["key"] != b["key"] and a["source"] != b["source"]
            assert a["valid_from"] != b["valid_from"]


def test_a_few_hubs_grow_with_the_dataset(tmp_path: Path) -> None:
    def degrees(n: int) -> list[int]:
        write_bulk(generate(n), tmp_path / str(n))
        degree: Counter[str] = Counter()
        for r in _rows(tmp_path / str(n), "relations"):
            degree[r["from"]] += 1
            degree[r["to"]] += 1
        return sorted(degree.values(), reverse=True)

    small, large = degrees(1000), degrees(4000)
    hubs = [d for d in large if d > 0.01 * 4000]  # 1,000 at 100k entities
    assert 6 <= len(hubs) <= 15 and large[len(hubs)] < 10 * large[len(large) // 2]
    assert 0.05 * 4000 < large[0] < 0.2 * 4000
    assert 3 < large[0] / small[0] < 5.5  # linear in N


def test_templates_fit_the_relation_table() -> None:
    tables = [*TABLES.items(), *((World.type_of(25), t) for t in ORG_TABLES.values())]
    for tail, (templates, _) in tables:
        for rel, heads, _weight in templates:
            for head in heads:
                shapes = RELATION_TABLE[rel].shapes
                assert any(tail in s.tail and head in s.head for s in shapes), (rel, tail, head)


def test_a_change_edits_about_that_fraction(tmp_path: Path) -> None:
    base, edited = generate(1000), changed(generate(1000), 0.05)
    write_bulk(base, tmp_path / "base")
    write_bulk(edited, tmp_path / "edited")
    write_yaml(edited, tmp_path / "yaml")
    validate(tmp_path / "yaml")
    diff: Counter[str] = Counter()
    total = 0
    for name in ("entities", "relations", "statuses"):
        before = {json.dumps(r, sort_keys=True) for r in _rows(tmp_path / "base", name)}
        after = {json.dumps(r, sort_keys=True) for r in _rows(tmp_path / "edited", name)}
        diff[f"{name} removed"], diff[f"{name} added"] = len(before - after), len(after - before)
        total += len(before)
    # A redated relation is one removed and one added line: count it once.
    changes = diff["entities added"] + diff["statuses added"]
    changes += max(diff["relations removed"], diff["relations added"])
    assert 0.03 < changes / total < 0.1, diff
    base_ids = {e["id"] for e in _rows(tmp_path / "base", "entities")}
    new = [e for e in _rows(tmp_path / "edited", "entities") if e["id"] not in base_ids]
    assert new and diff["entities added"] > len(new)  # new entities and edited descriptions
    facts_before = {_fact(r) for r in _rows(tmp_path / "base", "relations")}
    facts_after = {_fact(r) for r in _rows(tmp_path / "edited", "relations")}
    assert facts_before - facts_after and facts_after - facts_before  # not only redated
    assert generate(1000) == base and list(changed(base, 0.0).files()) == list(base.files())


def test_the_linker_names_are_the_worlds_people_and_groups_distinct_and_stable() -> None:
    rows = synthetic_names.entities(300)
    world = World(600, 7)
    assert len({row["name"] for row in rows}) == 300
    assert {row["type"] for row in rows} == {"Person", "Organization"}
    assert rows[0]["name"] == world.name(0) and rows[0]["keys"]
    assert synthetic_names.entities(300) == rows
    assert len(synthetic_names.text(rows, 200).split()) >= 200
