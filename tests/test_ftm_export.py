"""FollowTheMoney export: `kg export --format ftm` and `/export?format=ftm` over the curated graph.

Every line must pass followthemoney's own checks (graph/ftm/check.py, and the library's `ftm
validate` command must leave it unchanged); the counts must match the graph; known
statements must come out as the right FtM schema with their dates and provenance.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import GraphDatabase

from api.main import create_app
from graph.ftm import mapping, tables
from graph.ftm.check import entity_errors, reference_errors
from graph.schema import RelType
from graph.settings import Neo4jSettings
from tests.helpers import LOCAL_API

BIN = Path(sys.executable).parent
VOLKOV_LEADS = "LEADS:person:leonid-volkov->org:anti-corruption-foundation#moscowtimes-2023"
NAVALNY_PRISON = "IMPRISONED_IN:person:alexei-navalny->place:russia"
LEGION_ALLY = "CLAIMED_ALLIED_WITH:org:freedom-of-russia-legion->org:russian-volunteer-corps"


def _kg(settings: Neo4jSettings, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "NEO4J_URI": settings.uri,
        "NEO4J_USER": settings.user,
        "NEO4J_PASSWORD": settings.secret,
        "NEO4J_DATABASE": settings.database,
    }
    return subprocess.run(
        [str(BIN / "kg"), "export", *args], env=env, capture_output=True, timeout=300
    )


def _parse(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode().splitlines()]


@pytest.fixture(scope="module")
def ftm_file(loaded_graph: Neo4jSettings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`kg export --format ftm FILE`, run as the command a journalist types."""
    out = tmp_path_factory.mktemp("ftm") / "graph.ftm.json"
    done = _kg(loaded_graph, "--format", "ftm", str(out))
    assert done.returncode == 0, done.stderr.decode()
    return out


@pytest.fixture(scope="module")
def lines(ftm_file: Path) -> list[dict[str, Any]]:
    return _parse(ftm_file.read_bytes())


@pytest.fixture(scope="module")
def http(loaded_graph: Neo4jSettings) -> Iterator[TestClient]:
    with TestClient(create_app(loaded_graph), base_url=LOCAL_API) as client:
        yield client


def _graph(settings: Neo4jSettings, query: str) -> list[dict[str, Any]]:
    auth = (settings.user, settings.secret)
    with GraphDatabase.driver(settings.uri, auth=auth) as driver:
        records, _, _ = driver.execute_query(query, database_=settings.database)
    return [r.data() for r in records]


def _by_record(lines: list[dict[str, Any]], record_id: str) -> list[dict[str, Any]]:
    return [e for e in lines if e["properties"].get("recordId") == [record_id]]


# ---------------------------------------------------------------- validity
def test_every_line_passes_followthemoney(lines: list[dict[str, Any]]) -> None:
    assert len(lines) > 1000
    bad = {e["id"]: entity_errors(e) for e in lines if entity_errors(e)}
    assert bad == {}
    assert reference_errors(lines) == []
    assert all(e["datasets"] == ["exile_graph"] for e in lines)
    assert len({e["id"] for e in lines}) == len(lines)


def test_ftm_validate_command_leaves_every_line_unchanged(
    ftm_file: Path, lines: list[dict[str, Any]]
) -> None:
    """The library's own `ftm validate` re-parses uncleaned and re-cleans every value."""
    done = subprocess.run(
        [str(BIN / "ftm"), "validate", "-i", str(ftm_file)], capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
    again = _parse(done.stdout)
    assert [(e["id"], e["schema"], e["properties"]) for e in again] == [
        (e["id"], e["schema"], e["properties"]) for e in lines
    ]


# ---------------------------------------------------------------- counts
def test_counts_match_the_graph(loaded_graph: Neo4jSettings, lines: list[dict[str, Any]]) -> None:
    [row] = _graph(
        loaded_graph,
        """
        RETURN COLLECT { MATCH (n:Entity) RETURN n.id } AS entities,
               COLLECT { MATCH (s:Source) RETURN s.id } AS sources,
               COLLECT { MATCH (:Entity)-[r]->(b) WHERE b:Entity OR type(r) = 'MENTIONED_IN'
                         UNWIND r.sources AS s RETURN [r.id, s] } AS cited,
               COLLECT { MATCH (st:Status) UNWIND st.sources AS s RETURN [st.id, s] } AS statuses
        """,
    )
    exported = Counter(e["schema"] for e in lines)
    ids = {e["id"] for e in lines}
    assert {mapping.to_ftm_id(i) for i in row["entities"]} <= ids
    assert {mapping.to_ftm_id(i) for i in row["sources"]} <= ids
    assert exported["Article"] == len(row["sources"])
    assert sum(1 for e in lines if mapping.from_ftm_id(e["id"])) == len(row["entities"]) + len(
        row["sources"]
    )
    # one FtM entity per (relationship, citing source) and per (status, citing source)
    rels = {mapping.rel_ftm_id(r, s) for r, s in row["cited"]}
    assert rels == {e["id"] for e in lines if e["id"].startswith(tables.REL_PREFIX)}
    assert len(rels) == len(row["cited"])
    statuses = {mapping.status_ftm_id(st, s) for st, s in row["statuses"]}
    assert statuses == {e["id"] for e in lines if e["id"].startswith(tables.STATUS_PREFIX)}
    mentions = sum(1 for r, _ in row["cited"] if r.startswith(f"{RelType.MENTIONED_IN}:"))
    assert exported["Documentation"] == mentions


# ---------------------------------------------------------------- known statements
def test_a_leads_is_a_directorship_with_its_dates_and_provenance(
    lines: list[dict[str, Any]],
) -> None:
    [leads] = _by_record(lines, VOLKOV_LEADS)
    assert leads["schema"] == "Directorship"
    props = leads["properties"]
    assert props["director"] == ["eg-person-leonid-volkov"]
    assert props["organization"] == ["eg-org-anti-corruption-foundation"]
    assert props["role"] == ["chair of the board"]
    assert props["endDate"] == ["2023-03"] and "startDate" not in props
    assert props["proof"] == ["eg-source-moscowtimes-2023-03-22-pevchikh-replaces-volkov"]
    assert props["publisher"] == ["The Moscow Times"]
    assert props["sourceUrl"][0].endswith("as-head-of-navalny-foundation-board-a80581")
    assert props["description"] == [
        "Volkov resigned as chair of the FBK board earlier in March 2023."
    ]
    assert leads["id"] == mapping.rel_ftm_id(
        VOLKOV_LEADS, "source:moscowtimes-2023-03-22-pevchikh-replaces-volkov"
    )


def test_each_citing_source_gives_its_own_interval_with_its_quote(
    lines: list[dict[str, Any]],
) -> None:
    found = {e["properties"]["proof"][0]: e for e in _by_record(lines, NAVALNY_PRISON)}
    assert set(found) == {
        "eg-source-voa-2023-11-23",
        "eg-source-ukrainska-pravda-2024-02-16-navalny-death",
    }
    voa = found["eg-source-voa-2023-11-23"]
    assert voa["schema"] == "UnknownLink"  # an Address is no Organization: nothing else fits
    props = voa["properties"]
    assert props["subject"] == ["eg-person-alexei-navalny"]
    assert props["object"] == ["eg-place-russia"]
    assert props["role"] == ["held in"]
    assert (props["startDate"], props["endDate"]) == (["2021-01-17"], ["2024-02-16"])
    assert props["summary"] == ["Alexei Navalny, has been in prison since January 17, 2021"]
    assert props["publisher"] == ["Voice of America (VOA News)"]
    assert "description" not in props
    assert (
        "summary" not in found["eg-source-ukrainska-pravda-2024-02-16-navalny-death"]["properties"]
    )


def test_an_attributed_relationship_says_whose_claim_it_is(
    loaded_graph: Neo4jSettings, lines: list[dict[str, Any]]
) -> None:
    [ally] = _by_record(lines, LEGION_ALLY)
    props = ally["properties"]
    assert props["description"][0].startswith(
        "per Freedom of Russia Legion [eg-org-freedom-of-russia-legion]\n"
    )
    told = mapping.evidence_from_props(None, props["description"][0])
    assert told.party_id == "org:freedom-of-russia-legion" and told.kind == "note"
    # every attributed statement in the graph keeps its party, and only those
    parties = {
        r["id"]: r["party"]
        for r in _graph(
            loaded_graph,
            "MATCH (:Entity)-[r]->(:Entity) RETURN r.id AS id, r.attributed_to AS party",
        )
    }
    for e in lines:
        record = e["properties"].get("recordId", [""])[0]
        if record in parties:
            got = mapping.evidence_from_props(
                (e["properties"].get("summary") or [None])[0],
                (e["properties"].get("description") or [None])[0],
            )
            assert got.party_id == parties[record], record
    assert sum(1 for p in parties.values() if p) >= 10


def test_what_ftm_would_clean_or_cannot_hold_is_carried_exactly(
    lines: list[dict[str, Any]],
) -> None:
    [plan] = [e for e in lines if e["id"] == "eg-event-plan-of-victory-over-putinism-2024"]
    assert plan["properties"]["name"] == ["Plan of Victory Over Putinism"]  # FtM's cleaning
    notes = plan["properties"]["notes"][0]
    assert mapping.exact_values(notes) == {"name": ['"Plan of Victory Over Putinism"']}
    # ended: false -> status "ongoing"
    for record in (
        "CLAIMED_OPPOSES:org:congress-of-peoples-deputies->person:vladimir-putin"
        "#congress-self-description",
        "LEADS:person:gennady-gudkov->org:congress-of-peoples-deputies",
    ):
        found = _by_record(lines, record)
        assert found and all(e["properties"]["status"] == ["ongoing"] for e in found), record
    # (a status Event's `ended` keyword: tests/test_ftm_import.py, none in the curated graph)
    # a relationship's figures: the last line of its description
    [sentenced] = _by_record(lines, "SENTENCED:org:moscow-city-court->person:vladimir-kara-murza")
    told = mapping.evidence_from_props(None, sentenced["properties"]["description"][0])
    assert told.figures == {"prosecution_request_years": 25, "sentence_years": 25}


def test_designations_are_sanctions(lines: list[dict[str, Any]]) -> None:
    designated = [
        e for e in lines if e["properties"].get("recordId", [""])[0].startswith("DESIGNATED:")
    ]
    assert designated and all(e["schema"] == "Sanction" for e in designated)
    for e in designated:
        parsed = mapping.rel_id_from_record(e["properties"]["recordId"][0])
        assert parsed is not None
        assert e["properties"]["entity"] == [mapping.to_ftm_id(parsed[2])]
        assert e["properties"]["authority"]
    statuses = [e for e in lines if e["id"].startswith(tables.STATUS_PREFIX)]
    kinds = set()
    for e in statuses:
        status = mapping.status_from_record(e["properties"]["recordId"][0])
        assert status is not None
        kinds.add((e["schema"], status[1].value))
    assert ("Sanction", "foreign_agent") in kinds
    assert ("Event", "in_exile") in kinds
    assert not {k for k in kinds if k[1] == "in_exile" and k[0] == "Sanction"}


# ---------------------------------------------------------------- API and CLI agree
def test_the_api_answers_the_same_lines_as_the_cli(
    http: TestClient, ftm_file: Path, loaded_graph: Neo4jSettings
) -> None:
    answer = http.get("/export", params={"format": "ftm"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/x-ndjson")
    assert 'filename="exile-graph-all.ftm.json"' in answer.headers["content-disposition"]
    assert answer.content == ftm_file.read_bytes()

    params = {"format": "ftm", "root": "person:ilya-ponomarev", "depth": "1"}
    near = http.get("/export", params=params)
    assert near.status_code == 200
    cli = _kg(
        loaded_graph, "--format", "ftm", "--root", "person:ilya-ponomarev", "--depth", "1", "-"
    )
    assert cli.returncode == 0, cli.stderr.decode()
    assert near.content == cli.stdout
    # the neighbourhood is the JSON export's, entity for entity
    as_json = http.get("/export", params={**params, "format": "json"}).json()
    ours = {mapping.from_ftm_id(e["id"]) for e in _parse(near.content)} - {None}
    assert ours == {n["id"] for n in as_json["nodes"]} | {s["id"] for s in as_json["sources"]}
    assert len(_parse(near.content)) < len(_parse(answer.content))


def test_an_unknown_root_is_a_404(http: TestClient, loaded_graph: Neo4jSettings) -> None:
    answer = http.get("/export", params={"format": "ftm", "root": "person:nobody-at-all"})
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/problem+json")
    cli = _kg(loaded_graph, "--format", "ftm", "--root", "person:nobody-at-all", "-")
    assert cli.returncode == 2 and b"person:nobody-at-all" in cli.stderr
