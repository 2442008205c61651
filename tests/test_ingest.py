"""`kg ingest` against the real Neo4j: atomic, idempotent, in sync with the files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import cypher
from graph.driver import make_driver
from graph.plan_guard import operators as plan_operators
from graph.settings import Neo4jSettings
from ingest import load
from ingest.pipeline import run_ingest
from ingest.transform import transform
from ingest.validate import InvalidData, validate
from tests.helpers import dataset


def fingerprint(settings: Neo4jSettings) -> str:
    with make_driver(settings) as driver:
        return load.fingerprint(driver, settings.database)


def rows(settings: Neo4jSettings, query: str, **params: object) -> list[dict[str, Any]]:
    with make_driver(settings) as driver:
        records, _, _ = driver.execute_query(query, params, database_=settings.database)
    return [r.data() for r in records]


def test_ingest_twice_leaves_the_graph_identical(
    scratch_graph: Neo4jSettings, tmp_path: Path
) -> None:
    folder = dataset(tmp_path)
    first = run_ingest(scratch_graph, folder)
    before = fingerprint(scratch_graph)
    second = run_ingest(scratch_graph, folder)
    assert fingerprint(scratch_graph) == before
    assert first.nodes["Person"].total == 1
    assert sum(c.created + c.updated + c.removed for c in second.nodes.values()) == 0
    assert sum(c.created + c.updated + c.removed for c in second.relations.values()) == 0


def test_invalid_file_writes_nothing(scratch_graph: Neo4jSettings, tmp_path: Path) -> None:
    run_ingest(scratch_graph, dataset(tmp_path / "good"))
    before = fingerprint(scratch_graph)
    with pytest.raises(InvalidData):
        run_ingest(scratch_graph, dataset(tmp_path / "bad", "mt.yaml"))
    assert fingerprint(scratch_graph) == before


class Crash(RuntimeError):
    pass


def crash_after(monkeypatch: pytest.MonkeyPatch, batches: int) -> None:
    """Make the ingest die after `batches` batches were sent, as a killed process would."""
    real = load._run_batch
    sent = 0

    def run_then_crash(tx: Any, step: Any, batch: list[Any]) -> None:
        nonlocal sent
        if sent == batches:
            raise Crash("simulated crash during the write")
        sent += 1
        real(tx, step, batch)

    monkeypatch.setattr(load, "_run_batch", run_then_crash)


def edited_dataset(tmp_path: Path) -> Path:
    edited = dataset(tmp_path / "edited")
    voa = edited / "voa.yaml"
    voa.write_text(voa.read_text().replace("Former State Duma deputy", "Changed"))
    (edited / "mt.yaml").unlink()  # its facts become stale: removals too
    return edited


def test_failure_mid_write_rolls_back_every_batch(
    scratch_graph: Neo4jSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change that fits one transaction: a crash after some batches leaves no trace."""
    run_ingest(scratch_graph, dataset(tmp_path / "good"))
    before = fingerprint(scratch_graph)
    rows_ = transform(validate(edited_dataset(tmp_path)))
    crash_after(monkeypatch, 3)
    small = load.IngestSettings(atomic_rows=20_000, batch_rows=1)
    with make_driver(scratch_graph) as driver, pytest.raises(Crash):
        load.write(driver, scratch_graph.database, rows_, settings=small)
    assert fingerprint(scratch_graph) == before


def test_batched_write_killed_then_rerun_reaches_the_same_graph(
    scratch_graph: Neo4jSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the atomic size the batches commit one by one; a run that dies half-way leaves
    a mix, recorded as unfinished, and the next run writes only what is missing."""
    run_ingest(scratch_graph, dataset(tmp_path / "good"))
    before = fingerprint(scratch_graph)
    edited = edited_dataset(tmp_path)
    batched = load.IngestSettings(atomic_rows=0, batch_rows=2)
    with monkeypatch.context() as patch:
        crash_after(patch, 2)
        with make_driver(scratch_graph) as driver, pytest.raises(Crash):
            rows_ = transform(validate(edited))
            load.write(driver, scratch_graph.database, rows_, settings=batched)
    half = fingerprint(scratch_graph)
    assert half != before
    run = rows(scratch_graph, "MATCH (m:IngestRun) RETURN m.status AS status")
    assert run == [{"status": "writing"}]

    notices: list[str] = []
    with make_driver(scratch_graph) as driver:
        summary = load.write(
            driver, scratch_graph.database, transform(validate(edited)), notices.append, batched
        )
    assert summary.batched and notices == [
        "The previous ingest did not finish; this run writes what it left out."
    ]
    assert summary.written > 0
    resumed = fingerprint(scratch_graph)
    assert resumed not in (before, half)
    assert rows(scratch_graph, "MATCH (m:IngestRun) RETURN m.status AS status") == [
        {"status": "complete"}
    ]

    with make_driver(scratch_graph) as driver:  # a clean load of the same files
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=scratch_graph.database)
    run_ingest(scratch_graph, edited)
    assert fingerprint(scratch_graph) == resumed


def test_a_small_change_writes_only_what_changed(
    scratch_graph: Neo4jSettings, tmp_path: Path
) -> None:
    folder = dataset(tmp_path)
    first = run_ingest(scratch_graph, folder)
    assert first.written == sum(
        c.created + c.updated + c.removed
        for group in (first.nodes, first.relations)
        for c in group.values()
    )
    voa = folder / "voa.yaml"
    voa.write_text(voa.read_text().replace("Former State Duma deputy", "Changed"))
    second = run_ingest(scratch_graph, folder)
    changed = [
        (kind, c.updated)
        for group in (second.nodes, second.relations)
        for kind, c in group.items()
        if c.created or c.updated or c.removed
    ]
    assert changed == [("Person", 1)] and second.written == 1


WRITE_QUERIES = [
    ("ingest/upsert_sources", "rows"),
    ("ingest/upsert_entities", "rows"),
    ("ingest/create_relations", "rows"),
    ("ingest/update_relations", "rows"),
    ("ingest/upsert_statuses", "rows"),
    ("ingest/remove_relations", "rows"),
    ("ingest/remove_statuses", "ids"),
    ("ingest/remove_entities", "ids"),
    ("ingest/remove_sources", "ids"),
]
# Operators whose cost grows with the whole graph rather than with the rows written.
SCANS = ("AllNodesScan", "NodeByLabelScan", "AllRelationshipsScan", "RelationshipTypeScan")


@pytest.mark.parametrize(("name", "param"), WRITE_QUERIES)
def test_write_queries_seek_even_on_an_empty_database(
    scratch_graph: Neo4jSettings, name: str, param: str
) -> None:
    """An empty database is where the planner once chose a scan of every relationship (its
    statistics said there were none), and kept that plan for the whole ingest."""
    with make_driver(scratch_graph) as driver:
        load.apply_schema(driver, scratch_graph.database)
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=scratch_graph.database)
        row = {
            "id": "x",
            "from": "a",
            "to": "b",
            "type": "LEADS",
            "label": "Person",
            "entity": "a",
            "props": {"sources": []},
        }
        value: list[Any] = [row] if param == "rows" else ["x"]
        _, summary, _ = driver.execute_query(
            "EXPLAIN " + cypher.load(name), {param: value}, database_=scratch_graph.database
        )
    assert summary.plan is not None
    operators = [op.name for op in plan_operators(summary.plan)]
    assert (
        "Create" in operators
        or "Merge" in operators
        or "Delete" in operators
        or any("Delete" in op or "Set" in op for op in operators)
    ), operators
    assert not [op for op in operators if any(scan in op for scan in SCANS)], operators


def test_deleted_facts_disappear(scratch_graph: Neo4jSettings, tmp_path: Path) -> None:
    folder = dataset(tmp_path)
    run_ingest(scratch_graph, folder)
    text = (folder / "mt.yaml").read_text()
    cut = text.index("  - type: LEADS")
    (folder / "mt.yaml").write_text(text[:cut])  # drop the LEADS relation
    voa = (folder / "voa.yaml").read_text()
    start = voa.index("  - id: place:kyiv")
    end = voa.index("relations:")
    relations_cut = voa.index("  - type: LIVES_IN")
    (folder / "voa.yaml").write_text(voa[:start] + voa[end:relations_cut])  # drop Kyiv
    summary = run_ingest(scratch_graph, folder)
    assert summary.relations["LEADS"].removed == 1
    assert summary.nodes["Place"].removed == 1
    found = rows(scratch_graph, "MATCH (n:Entity) RETURN n.id AS id ORDER BY id")
    assert [r["id"] for r in found] == [
        "org:congress-of-peoples-deputies",
        "org:supreme-court-of-russia",
        "person:ilya-ponomarev",
    ]
    assert rows(scratch_graph, "MATCH ()-[r:LEADS|LIVES_IN]->() RETURN r") == []


def test_edits_replace_old_values(scratch_graph: Neo4jSettings, tmp_path: Path) -> None:
    folder = dataset(tmp_path)
    run_ingest(scratch_graph, folder)
    voa = folder / "voa.yaml"
    voa.write_text(
        voa.read_text()
        .replace("    description: Former State Duma deputy living in Kyiv.\n", "")
        .replace("aliases: [Ponomaryov, Илья Пономарёв]", "aliases: [Ponomaryov]")
        .replace("    type: Place\n", "    type: Place\n    kind: country\n", 1)
        .replace("    kind: city\n", "")
    )
    summary = run_ingest(scratch_graph, folder)
    assert summary.nodes["Person"].updated == 1
    assert summary.nodes["Place"].updated == 1
    person = rows(
        scratch_graph,
        "MATCH (p:Entity {id: 'person:ilya-ponomarev'}) "
        "RETURN properties(p) AS p, count(*) AS copies",
    )
    assert person[0]["copies"] == 1
    assert "description" not in person[0]["p"]
    assert person[0]["p"]["aliases"] == ["Ponomaryov"]
    kyiv = rows(scratch_graph, "MATCH (p:Place {id: 'place:kyiv'}) RETURN p.kind AS kind")
    assert kyiv == [{"kind": "country"}]


def test_type_change_moves_the_label(scratch_graph: Neo4jSettings, tmp_path: Path) -> None:
    folder = dataset(tmp_path)
    run_ingest(scratch_graph, folder)
    mt = folder / "mt.yaml"
    mt.write_text(
        mt.read_text().replace(
            "  - id: org:supreme-court-of-russia\n    type: Organization\n    kind: court\n",
            "  - id: org:supreme-court-of-russia\n    type: Organization\n    kind: state_body\n",
        )
    )
    run_ingest(scratch_graph, folder)
    found = rows(
        scratch_graph,
        "MATCH (n {id: 'org:supreme-court-of-russia'}) RETURN labels(n) AS labels, n.kind AS kind",
    )
    assert found == [{"labels": ["Entity", "Organization"], "kind": "state_body"}]
