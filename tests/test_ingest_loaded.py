"""The curated dataset as `kg ingest` loads it: counts, sources, facts, full-text search;
and `kg ingest` without a database, or with a wrong password, says so plainly."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import neo4j

from graph.settings import Neo4jSettings
from ingest.validate import validate
from tests.helpers import REPO, dataset, free_port
from tests.test_ingest import rows


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


BROKEN = "syntax.yaml"  # a file kg ingest would report, were it read


def _kg_ingest(env_extra: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", "ingest", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
    )


def test_ingest_with_no_database_says_so_plainly(tmp_path: Path) -> None:
    """Said first, before the files are read (minutes at 100k entities): the broken file
    here is not reached."""
    data = dataset(tmp_path, BROKEN)
    done = _kg_ingest(
        {"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "NEO4J_PASSWORD": "x"}, "--data", str(data)
    )
    assert done.returncode == 2
    assert "did not answer. Start the local one with `kg neo4j start`" in done.stderr
    assert "Traceback" not in done.stderr and "retried" not in done.stderr
    assert BROKEN not in done.stderr


def test_ingest_with_a_wrong_password_says_so_plainly(neo4j_settings: Neo4jSettings) -> None:
    done = _kg_ingest({"NEO4J_URI": neo4j_settings.uri, "NEO4J_PASSWORD": "not-the-password"})
    assert done.returncode == 2
    assert "refused the credentials of user 'neo4j'" in done.stderr
    assert "Traceback" not in done.stderr
