"""`kg import-ftm` into the curated graph: FtM entities as a removable unit, merged only
through an explicit cross-reference, replaced when imported again, written in batches when
large. Our own export back into an empty graph: test_ftm_round_trip.py; bad input:
test_ftm_import_input.py."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

import cypher
from api.main import create_app
from graph.driver import make_driver
from graph.settings import Neo4jSettings
from ingest.ftm.importer import (
    import_exists,
    map_file,
    remove_import,
    write_import,
)
from ingest.load import IngestSettings, fingerprint
from ingest.pipeline import run_ingest
from kg.cli import main
from tests.helpers import LOCAL_API

FIXTURES = Path(__file__).parent / "fixtures" / "ftm"
OS_FILE = FIXTURES / "opensanctions.ftm.json"
OS_XREF = FIXTURES / "opensanctions.xref.csv"
NAME = "opensanctions"
DATASET_SOURCE = "source:ftm-ru-test-sanctions"
TESTOV = "person:ftm-nk-testov-ivan"


@pytest.fixture()
def db(loaded_graph: Neo4jSettings) -> Iterator[tuple[Driver, Neo4jSettings]]:
    """The curated graph; whatever a test imported is taken off again afterwards."""
    with make_driver(loaded_graph) as driver:
        yield driver, loaded_graph
        records, _, _ = driver.execute_query(
            cypher.load("ftm/import_list"), database_=loaded_graph.database
        )
        for record in records:
            remove_import(driver, loaded_graph.database, record["name"])


def import_file(driver: Driver, settings: Neo4jSettings, path: Path, name: str,
                xref: Path | None = None) -> Any:  # fmt: skip
    return write_import(driver, settings.database, map_file(path, name, xref), name, path)


def node(driver: Driver, node_id: str) -> dict[str, Any] | None:
    records, _, _ = driver.execute_query(
        "MATCH (n {id: $id}) WHERE n:Entity OR n:Source OR n:Status "
        "RETURN labels(n) AS labels, properties(n) AS props",
        id=node_id,
    )
    if not records:
        return None
    return {**records[0]["props"], "labels": sorted(records[0]["labels"])}


def edges(driver: Driver, start: str) -> dict[str, dict[str, Any]]:
    records, _, _ = driver.execute_query(
        "MATCH (a:Entity {id: $id})-[r]->(b) "
        "RETURN type(r) AS stored, b.id AS to, properties(r) AS props",
        id=start,
    )
    return {r["props"]["id"]: {**r["props"], "stored": r["stored"], "to": r["to"]} for r in records}


def test_opensanctions_file_imports_merges_only_by_xref_and_removes_as_a_unit(
    db: tuple[Driver, Neo4jSettings],
) -> None:
    driver, settings = db
    before = fingerprint(driver, settings.database)
    curated_namesake = node(driver, "person:ilya-ponomarev")
    outcome = import_file(driver, settings, OS_FILE, NAME, OS_XREF)
    assert outcome.skipped == {"Vessel": 1}

    testov = node(driver, TESTOV)
    assert testov is not None
    assert testov["labels"] == ["Entity", "Person"]
    assert testov["name"] == "Ivan Testov" and testov["aliases"] == ["Иван Тестов"]
    assert testov["sources"] == [DATASET_SOURCE]
    assert testov["ftm_dataset"] == [NAME]
    assert "testov" in testov["search_text"]
    assert "ingest_hash" not in testov and "bulk_load" not in testov
    # a referent id (ru-test-0001) reaches the same person
    membership = edges(driver, TESTOV)
    member_of = membership[
        "MEMBER_OF:person:ftm-nk-testov-ivan->org:ftm-nk-test-foundation#ftm-ru-test-memb-0001"
    ]
    assert member_of["stored"] == "MEMBER_OF" and member_of["type"] == "MEMBER_OF"
    assert member_of["role"] == "board member"
    assert (member_of["valid_from"], member_of["valid_from_precision"]) == ("2019-05", "month")
    assert member_of["valid_from_date"].to_native() == dt.date(2019, 5, 1)
    assert (member_of["valid_to"], member_of["valid_to_precision"]) == ("2023", "year")
    assert member_of["valid_to_date"].to_native() == dt.date(2023, 12, 31)
    assert member_of["sources"] == [DATASET_SOURCE]
    assert member_of["evidence_kinds"] == ["note"]
    assert "Membership ru-test-memb-0001" in member_of["evidence"][0]
    mention = membership[f"MENTIONED_IN:{TESTOV}->{DATASET_SOURCE}"]
    assert mention["stored"] == "MENTIONED_IN" and mention["to"] == DATASET_SOURCE
    assert mention["evidence"] == [
        "Imported from FtM dataset ru_test_sanctions (entity NK-testov-ivan)"
    ]

    # the xref merges with the curated Khodorkovsky: no second node, the edge reaches him
    associate = membership[
        "ASSOCIATED_WITH:person:ftm-nk-testov-ivan->person:mikhail-khodorkovsky"
        "#ftm-ru-test-assoc-0001"
    ]
    assert associate["to"] == "person:mikhail-khodorkovsky"
    assert associate["role"] == "business partner"
    assert node(driver, "person:ftm-nk-khodorkovsky") is None
    khodorkovsky = node(driver, "person:mikhail-khodorkovsky")
    assert khodorkovsky is not None and khodorkovsky["ftm_dataset"] == [NAME]
    assert khodorkovsky["sources"][-1] == DATASET_SOURCE
    assert "ingest_hash" in khodorkovsky  # still the curated node
    cited = edges(driver, "person:mikhail-khodorkovsky")[
        f"MENTIONED_IN:person:mikhail-khodorkovsky->{DATASET_SOURCE}"
    ]
    assert cited["ftm_dataset"] == [NAME]

    # the same name without an xref stays a node of its own; the curated one is untouched
    namesake = node(driver, "person:ftm-nk-ponomarev-other")
    assert namesake is not None and curated_namesake is not None
    assert namesake["name"] == curated_namesake["name"]
    assert node(driver, "person:ilya-ponomarev") == curated_namesake

    organization = node(driver, "org:ftm-nk-test-foundation")
    assert organization is not None and organization["kind"] == "company"
    assert (organization["founded"], organization["founded_precision"]) == ("2015-06", "month")

    status = node(driver, f"status:{TESTOV}:sanctioned#ftm-ru-test-sanc-0001")
    assert status is not None
    assert (status["status"], status["facet"]) == ("sanctioned", "designation")
    assert status["valid_from_date"].to_native() == dt.date(2022, 3, 15)
    assert "Ministry of Tests" in status["evidence"][0]
    assert any(e["stored"] == "HAS_STATUS" for e in edges(driver, TESTOV).values())

    source = node(driver, DATASET_SOURCE)
    assert source is not None
    assert (source["title"], source["publisher"]) == (
        "ru_test_sanctions",
        "FollowTheMoney dataset ru_test_sanctions",
    )

    # the API shows imported entities like curated ones, bookkeeping left out
    with TestClient(create_app(settings), base_url=LOCAL_API) as client:
        found = client.get("/search", params={"q": "Testov"}).json()
        assert TESTOV in json.dumps(found)
        detail = client.get(f"/entities/{TESTOV}")
        assert detail.status_code == 200, detail.text
        assert "ftm_dataset" not in detail.text
        assert "ASSOCIATED_WITH" in detail.text

    # a re-run of the curated ingest keeps the import; removal restores the graph exactly
    imported = fingerprint(driver, settings.database)
    run_ingest(settings)
    assert fingerprint(driver, settings.database) == imported
    assert remove_import(driver, settings.database, NAME)
    assert fingerprint(driver, settings.database) == before
    assert not remove_import(driver, settings.database, NAME)


def test_importing_again_replaces_the_import(db: tuple[Driver, Neo4jSettings]) -> None:
    driver, settings = db
    before = fingerprint(driver, settings.database)
    import_file(driver, settings, OS_FILE, NAME, OS_XREF)
    once = fingerprint(driver, settings.database)
    outcome = import_file(driver, settings, OS_FILE, NAME, OS_XREF)
    assert outcome.removed_before
    assert fingerprint(driver, settings.database) == once
    remove_import(driver, settings.database, NAME)
    assert fingerprint(driver, settings.database) == before


def test_a_large_import_in_batches_reaches_the_same_graph(
    db: tuple[Driver, Neo4jSettings],
) -> None:
    driver, settings = db
    before = fingerprint(driver, settings.database)
    import_file(driver, settings, OS_FILE, NAME, OS_XREF)
    atomic = fingerprint(driver, settings.database)
    remove_import(driver, settings.database, NAME)
    small = IngestSettings(atomic_rows=1, batch_rows=2)
    mapped = map_file(OS_FILE, NAME, OS_XREF)
    outcome = write_import(driver, settings.database, mapped, NAME, OS_FILE, small)
    assert outcome.batched
    assert fingerprint(driver, settings.database) == atomic
    remove_import(driver, settings.database, NAME)
    assert fingerprint(driver, settings.database) == before


def test_without_the_xref_nothing_merges(db: tuple[Driver, Neo4jSettings]) -> None:
    driver, settings = db
    import_file(driver, settings, OS_FILE, NAME)
    assert node(driver, "person:ftm-nk-khodorkovsky") is not None
    khodorkovsky = node(driver, "person:mikhail-khodorkovsky")
    assert khodorkovsky is not None and "ftm_dataset" not in khodorkovsky


def test_an_id_stated_twice_is_reported(
    db: tuple[Driver, Neo4jSettings], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Fragments of one id merge (FtM streams), but never silently."""
    _, settings = db
    path = tmp_path / "twice.ftm.json"
    lines = [
        {"id": "tw-1", "schema": "Person", "properties": {"name": ["Ivan Twice"]}},
        {"id": "tw-2", "schema": "Person", "properties": {"name": ["Anna Once"]}},
        {"id": "tw-1", "schema": "Person", "properties": {"name": ["Ivan Twyce"]}},
    ]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    said = f"{path}:3: id: tw-1 again (first at line 1): merged into one entity"
    assert map_file(path, "twice").repeated == [said]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEO4J_URI", settings.uri)
        patch.setenv("NEO4J_PASSWORD", settings.secret)
        assert main(["import-ftm", str(path)]) == 0
    out = capsys.readouterr()
    assert said in out.err
    assert "1 line(s) stated an id again: merged (listed above)" in out.out


@pytest.mark.slow
def test_a_100k_import_is_removed_in_batches_and_resumably(
    db: tuple[Driver, Neo4jSettings], tmp_path: Path
) -> None:
    """One removal transaction for 30,000+ entities ran out of transaction memory
    (MemoryPoolOutOfMemoryError); now batches, and a stopped removal is completed by the next."""
    driver, settings = db
    before = fingerprint(driver, settings.database)
    path = tmp_path / "large.ftm.json"
    count = 100_000
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            props = {"name": [f"Large Import {i}"]}
            out.write(json.dumps({"id": f"lg-{i}", "schema": "Person", "properties": props}) + "\n")
    outcome = write_import(driver, settings.database, map_file(path, "large"), "large", path)
    assert outcome.batched and outcome.created["Person"] == count
    imported = "MATCH (n:Entity) WHERE 'large' IN n.ftm_dataset RETURN count(n) AS n"
    assert driver.execute_query(imported).records[0]["n"] == count

    batches: list[int] = []

    def stop_after_two(rows: int) -> None:
        batches.append(rows)
        if len(batches) == 2:
            raise KeyboardInterrupt  # as a Ctrl-C between two committed batches

    with pytest.raises(KeyboardInterrupt):
        remove_import(driver, settings.database, "large", advance=stop_after_two)
    assert import_exists(driver, settings.database, "large")  # the record goes last
    mentions = (
        "MATCH (:Entity)-[r:MENTIONED_IN]->(:Source {id: 'source:ftm-large'}) RETURN count(r) AS n"
    )
    assert driver.execute_query(mentions).records[0]["n"] == count - sum(batches)
    assert remove_import(driver, settings.database, "large")
    assert not import_exists(driver, settings.database, "large")
    assert fingerprint(driver, settings.database) == before
