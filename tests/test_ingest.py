"""`kg ingest` against the real Neo4j: atomic, idempotent, in sync with the files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import neo4j
import pytest

import cypher
from graph.driver import make_driver
from graph.plan_guard import operators as plan_operators
from graph.report import sourcing_report
from graph.settings import Neo4jSettings
from graph.statuses import holds_on
from ingest import load
from ingest.pipeline import run_ingest
from ingest.transform import transform
from ingest.validate import InvalidData, validate
from tests.helpers import FIXTURES, REPO, dataset, free_port


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


def test_dataset_counts_match_the_files(loaded_graph: Neo4jSettings) -> None:
    parsed = validate()
    expected = Counter(e.type.value for p in parsed for e in p.model.entities)
    expected["Source"] = len(parsed)
    found = rows(
        loaded_graph,
        "MATCH (n) WHERE n:Entity OR n:Source "
        "RETURN coalesce(n.type, 'Source') AS kind, count(*) AS n",
    )
    assert {r["kind"]: r["n"] for r in found} == dict(expected)
    facts = {r.fact_id for p in parsed for r in p.model.relations}
    stored = rows(loaded_graph, "MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS n")
    assert stored[0]["n"] == len(facts)
    assert expected["Source"] >= 17 and expected["Person"] >= 30


def test_every_node_and_relationship_cites_a_source(loaded_graph: Neo4jSettings) -> None:
    unsourced_nodes = rows(
        loaded_graph,
        """
        MATCH (n:Entity)
        WHERE size(coalesce(n.sources, [])) = 0 OR NOT (n)-[:MENTIONED_IN]->(:Source)
        RETURN n.id AS id""",
    )
    assert unsourced_nodes == []
    unsourced_edges = rows(
        loaded_graph,
        """
        MATCH (a)-[r]->(b) WHERE a:Entity
        WITH r, [s IN coalesce(r.sources, []) WHERE EXISTS { MATCH (:Source {id: s}) }] AS real
        WHERE size(real) = 0 OR size(real) <> size(r.evidence)
           OR size(real) <> size(r.evidence_kinds)
        RETURN r.id AS id""",
    )
    assert unsourced_edges == []


def test_facts_read_back(loaded_graph: Neo4jSettings) -> None:
    verdict = rows(
        loaded_graph,
        """
        MATCH (:Person {id: 'person:vladimir-kara-murza'})-[r:SUBJECT_OF]->
              (e:Event {id: 'event:kara-murza-verdict-2023-04-17'})
        WHERE 'source:voa-2023-11-23' IN r.sources
        RETURN e.sentence_years AS years, e.date_start AS day, r.sources AS sources,
               r.evidence AS evidence, r.evidence_kinds AS kinds""",
    )
    assert verdict[0]["years"] == 25
    assert verdict[0]["day"] == neo4j.time.Date(2023, 4, 17)
    assert verdict[0]["sources"] == ["source:voa-2023-11-23"]
    assert verdict[0]["kinds"] == ["quote"]
    assert "sentenced him to 25 years in prison" in verdict[0]["evidence"][0]
    # The Moscow Times words the charges differently: its own statement, its own key.
    charges = rows(
        loaded_graph,
        """
        MATCH (:Person {id: 'person:vladimir-kara-murza'})-[r:SUBJECT_OF]->
              (:Event {id: 'event:kara-murza-verdict-2023-04-17'})
        RETURN r.key AS key, r.sources AS sources ORDER BY key""",
    )
    assert charges == [
        {"key": "moscowtimes", "sources": ["source:moscowtimes-2023-04-17-kara-murza"]},
        {"key": None, "sources": ["source:voa-2023-11-23"]},
    ]
    court = rows(
        loaded_graph,
        """
        MATCH (c:Organization)-[r:SENTENCED]->(:Person {id: 'person:vladimir-kara-murza'})
        RETURN c.id AS court, r.sentence_years AS years, r.evidence_kinds AS kinds""",
    )
    assert court == [{"court": "org:moscow-city-court", "years": 25, "kinds": ["note"]}]

    verdicts = rows(
        loaded_graph,
        """
        MATCH (:Organization {id: 'org:voice-of-america'})-[r:FACT_CHECKED]->
              (:Claim {id: 'claim:pamfilova-2023-11-21'})<-[:MADE]-(p:Person)
        RETURN p.name AS by, r.verdict AS verdict ORDER BY verdict""",
    )
    assert [(v["by"], v["verdict"]) for v in verdicts] == [
        ("Ella Pamfilova", "misleading"),
        ("Ella Pamfilova", "partly true"),
    ]

    prison = rows(
        loaded_graph,
        """
        MATCH (:Person {id: 'person:vladimir-kara-murza'})-[r:IMPRISONED_IN]->(:Place)
        RETURN r.valid_from_date AS start, r.valid_to_date AS end, r.sources AS sources""",
    )
    assert prison == [
        {
            "start": neo4j.time.Date(2022, 4, 1),
            "end": neo4j.time.Date(2024, 8, 1),
            "sources": [
                "source:moscowtimes-2023-04-17-kara-murza",
                "source:meduza-2024-08-01-prisoner-exchange",
            ],
        }
    ]


def test_full_text_index_finds_any_spelling(loaded_graph: Neo4jSettings) -> None:
    from graph.text import key

    for spelling in ("Пономарёв", "Ponomaryov", "ponomarev"):
        found = rows(
            loaded_graph,
            "CALL db.index.fulltext.queryNodes('entity_search', $q) "
            "YIELD node RETURN node.id AS id LIMIT 3",
            q=key(spelling),
        )
        assert found[0]["id"] == "person:ilya-ponomarev", spelling


def _kg_ingest(env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", "ingest"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
    )


def test_ingest_with_no_database_says_so_plainly() -> None:
    done = _kg_ingest({"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "NEO4J_PASSWORD": "x"})
    assert done.returncode == 2
    assert "did not answer. Start the local one with `kg neo4j start`" in done.stderr
    assert "Traceback" not in done.stderr and "retried" not in done.stderr


def test_ingest_with_a_wrong_password_says_so_plainly(neo4j_settings: Neo4jSettings) -> None:
    done = _kg_ingest({"NEO4J_URI": neo4j_settings.uri, "NEO4J_PASSWORD": "not-the-password"})
    assert done.returncode == 2
    assert "refused the credentials of user 'neo4j'" in done.stderr
    assert "Traceback" not in done.stderr


def with_statuses(tmp_path: Path) -> Path:
    """The base fixture plus statuses over time, an attribution and an undated end."""
    folder = dataset(tmp_path)
    for name in ("navalny.yaml", "second.yaml"):
        shutil.copy(FIXTURES / "statuses" / name, folder / name)
    return folder


def holding(settings: Neo4jSettings, entity: str, day: str) -> set[str]:
    """The statuses of `entity` that hold on `day`: the named history and the API's rule."""
    found = [r["status"] for r in rows(settings, cypher.load("api/entity/statuses"), id=entity)]
    return {
        s["status"]
        for s, holds in zip(found, holds_on(found, date.fromisoformat(day)), strict=True)
        if holds
    }


def test_statuses_as_of_a_day(scratch_graph: Neo4jSettings, tmp_path: Path) -> None:
    run_ingest(scratch_graph, with_statuses(tmp_path))
    navalny, kara_murza = "person:alexei-navalny", "person:vladimir-kara-murza"
    assert holding(scratch_graph, navalny, "2021-01-16") == set()
    assert holding(scratch_graph, navalny, "2023-06-01") == {"imprisoned"}
    assert holding(scratch_graph, navalny, "2024-03-01") == {"dead"}
    assert holding(scratch_graph, kara_murza, "2023-06-01") == {"imprisoned"}
    assert holding(scratch_graph, kara_murza, "2024-09-01") == {"released"}
    # Without valid_from, a status holds from its source's date (observed) on.
    assert holding(scratch_graph, "person:ilya-ponomarev", "2024-02-29") == set()
    assert holding(scratch_graph, "person:ilya-ponomarev", "2024-03-01") == {"in_exile"}
    # Designations accumulate: the DESIGNATED-made one does not replace the other.
    congress = "org:congress-of-peoples-deputies"
    assert holding(scratch_graph, congress, "2024-06-01") == {"undesirable"}
    history = rows(scratch_graph, cypher.load("api/entity/statuses"), id=navalny)
    assert [h["status"]["status"] for h in history] == ["imprisoned", "dead"]
    imprisoned = history[0]["status"]
    assert imprisoned["sources"] == ["source:status-fixture", "source:status-fixture-2"]
    assert imprisoned["facet"] == "condition"
    assert imprisoned["valid_from_date"] == neo4j.time.Date(2021, 1, 17)


def test_designated_status_attribution_and_ended_bound(
    scratch_graph: Neo4jSettings, tmp_path: Path
) -> None:
    folder = with_statuses(tmp_path)
    mt = folder / "mt.yaml"
    mt.write_text(
        mt.read_text().replace(
            "    role: terrorist organization\n",
            "    role: terrorist organization\n    status: terrorist\n",
        )
    )
    run_ingest(scratch_graph, folder)
    congress = "org:congress-of-peoples-deputies"
    assert holding(scratch_graph, congress, "2025-12-08") == {"undesirable", "terrorist"}
    terrorist = rows(
        scratch_graph,
        "MATCH (:Entity {id: $id})-[:HAS_STATUS]->(s:Status "
        "{status: 'terrorist'}) RETURN properties(s) AS s",
        id=congress,
    )
    assert terrorist[0]["s"]["sources"] == ["source:moscowtimes-2025-12-08-congress-terrorist"]
    assert terrorist[0]["s"]["valid_from"] == "2025-12-08"

    claimed = rows(
        scratch_graph,
        """
        MATCH ()-[r:CLAIMED_HELPED_CREATE {type: 'HELPED_CREATE'}]->()
        RETURN r.attributed_to AS by
        UNION ALL MATCH (e:Event {id: 'event:plot'}) RETURN e.attributed_to AS by
        UNION ALL MATCH (s:Status {status: 'undesirable'}) RETURN s.attributed_to AS by""",
    )
    assert [r["by"] for r in claimed] == ["org:fsb"] * 3
    ended = rows(
        scratch_graph,
        """
        MATCH (:Person {id: 'person:ilya-ponomarev'})-[r:MEMBER_OF]->()
        RETURN r.ended AS ended, r.valid_to_date AS end, r.valid_to_bound AS bound""",
    )
    assert ended == [{"ended": True, "end": neo4j.time.Date(2024, 3, 1), "bound": "no_later_than"}]
    # A dated event starts a participation, not an endorsement.
    starts = rows(
        scratch_graph,
        """
        MATCH ()-[r:SUPPORTS|PARTICIPATED_IN]->(:Event {id: 'event:plot'})
        RETURN type(r) AS type, r.valid_from_date AS start ORDER BY type""",
    )
    assert starts == [
        {"type": "PARTICIPATED_IN", "start": neo4j.time.Date(2023, 10, 1)},
        {"type": "SUPPORTS", "start": None},
    ]


def test_statuses_are_idempotent_and_removed_with_their_files(
    scratch_graph: Neo4jSettings, tmp_path: Path
) -> None:
    folder = with_statuses(tmp_path)
    run_ingest(scratch_graph, folder)
    before = fingerprint(scratch_graph)
    again = run_ingest(scratch_graph, folder)
    assert fingerprint(scratch_graph) == before
    assert again.nodes["Status"].created == again.nodes["Status"].updated == 0
    (folder / "second.yaml").unlink()
    text = (folder / "navalny.yaml").read_text()
    (folder / "navalny.yaml").write_text(text[: text.index("  - entity: org:congress")])
    summary = run_ingest(scratch_graph, folder)
    assert summary.nodes["Status"].removed == 1 and summary.nodes["Status"].updated == 1
    assert fingerprint(scratch_graph) != before
    left = rows(
        scratch_graph, "MATCH (s:Status) RETURN s.id AS id, s.sources AS sources ORDER BY id"
    )
    assert len(left) == 5
    assert all(r["sources"] == ["source:status-fixture"] for r in left)


def test_sourcing_report_counts_and_breaches(scratch_graph: Neo4jSettings, tmp_path: Path) -> None:
    run_ingest(scratch_graph, with_statuses(tmp_path))
    with make_driver(scratch_graph) as driver:
        clean = sourcing_report(driver, scratch_graph.database)
        # Written past the validator: the same rules, checked on the graph.
        driver.execute_query(
            """
            MATCH (p:Entity {id: 'person:alexei-navalny'}),
                  (d:Entity {id: 'event:navalny-death'})
            CREATE (p)-[:SUBJECT_OF {id: 'bad-1', sources: [], evidence: [],
                                     evidence_kinds: []}]->(d)
            CREATE (p)-[:LEADS {id: 'bad-2', role: 'former chair', sources: ['x'],
                                evidence: ['x'], evidence_kinds: ['note']}]->
                   (:Entity:Organization {id: 'org:bad', type: 'Organization'})""",
            database_=scratch_graph.database,
        )
        broken = sourcing_report(driver, scratch_graph.database)
    assert clean.rule_breaking == 0
    assert (clean.relationships, clean.single_source, clean.quoted, clean.noted_only) == (
        8,
        8,
        2,
        6,
    )
    assert (clean.attributed_relationships, clean.attributed_events, clean.attributed_statuses) == (
        1,
        1,
        1,
    )
    assert (clean.statuses, clean.undated_statuses, clean.ended_without_date) == (6, 0, 1)
    assert [b.id for b in broken.relation_table_breaches] == ["bad-1"]
    assert [b.id for b in broken.end_bound_breaches] == ["bad-2"]
    assert broken.as_dict()["rule_breaking"] == 2


def test_the_loaded_dataset_breaks_no_rule(loaded_graph: Neo4jSettings) -> None:
    with make_driver(loaded_graph) as driver:
        report = sourcing_report(driver, loaded_graph.database)
    assert report.relation_table_breaches == [] and report.end_bound_breaches == []
    assert report.statuses > 0 and report.relationships > 0
