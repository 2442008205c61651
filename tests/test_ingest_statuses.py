"""Statuses as `kg ingest` writes them (as of a day, attribution, removal) and the
sourcing report over the loaded graph."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import neo4j

import cypher
from graph.driver import make_driver
from graph.report import sourcing_report
from graph.settings import Neo4jSettings
from graph.statuses import holds_on
from ingest.pipeline import run_ingest
from tests.helpers import FIXTURES, dataset
from tests.test_ingest import fingerprint, rows


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
