"""`kg import-ftm`: FtM entities into the curated graph as a removable unit, merged only
through an explicit cross-reference; our own FtM export back into an empty graph; bad input
named by file, line and field with nothing written."""

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
from api import schemas
from api.ftm import ftm_lines
from api.main import create_app
from graph.driver import make_driver
from graph.settings import Neo4jSettings
from ingest.ftm.import_read import FtmInputError
from ingest.ftm.importer import import_exists, map_file, remove_import, write_import
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


# ---------------------------------------------------------------- the round trip
ENTITY_KEYS = ("name", "aliases", "description", "kind", "founded", "date", "end_date", "text",
               "attributed_to", "date_start", "date_end", "figures")  # fmt: skip
REL_KEYS = ("key", "role", "verdict", "status", "attributed_to", "ended", "valid_to_bound",
            "caption", "valid_from", "valid_to", "valid_from_precision", "valid_to_precision",
            "valid_from_date", "valid_to_date", "figures")  # fmt: skip
SOURCE_KEYS = ("title", "publisher", "url", "published", "published_precision")
STATUS_KEYS = ("entity", "status", "facet", "key", "valid_from", "valid_to", "valid_from_date",
               "valid_to_date", "observed", "attributed_to", "ended", "valid_to_bound")  # fmt: skip


def _pick(props: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    keys = (*keys, *(props.get("figures") or []))  # and each figure's value
    return {k: str(props[k]) for k in keys if props.get(k) not in (None, [])}


def _citations(props: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted(zip(props["sources"], props["evidence_kinds"], props["evidence"], strict=True))


def comparable(driver: Driver) -> dict[str, Any]:
    """Entities, sources, statuses and relationships (stored type, ids, ends, dates,
    citations): what a round trip must preserve."""
    out: dict[str, Any] = {}
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE n:Entity OR n:Source OR n:Status "
        "RETURN n.id AS id, labels(n) AS labels, properties(n) AS p"
    )
    for r in records:
        p, labels = r["p"], sorted(r["labels"])
        if "Source" in labels:
            out[r["id"]] = ("Source", _pick(p, SOURCE_KEYS))
        elif "Status" in labels:
            out[r["id"]] = ("Status", _pick(p, STATUS_KEYS), _citations(p))
        else:
            out[r["id"]] = (labels, _pick(p, ENTITY_KEYS), sorted(p["sources"]))
    records, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE a:Entity AND (b:Entity OR b:Source OR b:Status) "
        "RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p"
    )
    for r in records:
        p = r["p"]
        out[p["id"]] = (r["t"], r["a"], r["b"], p["type"], _pick(p, REL_KEYS), _citations(p))
    return out


def _difference(a: tuple[Any, ...], b: tuple[Any, ...]) -> list[Any]:
    """What differs between two comparable values, field by field."""
    out: list[Any] = []
    for x, y in zip(a, b, strict=False):
        if isinstance(x, dict) and isinstance(y, dict):
            keys = sorted(set(x) | set(y))
            out += [(k, x.get(k), y.get(k)) for k in keys if x.get(k) != y.get(k)]
        elif x != y:
            out.append((x, y))
    return out


def clear(driver: Driver, database: str) -> None:
    """Every node and edge deleted (CALL IN TRANSACTIONS: an implicit transaction)."""
    with driver.session(database=database) as session:
        session.run(cypher.load("bulk/clear")).consume()


@pytest.fixture()
def empty_then_curated(
    loaded_graph: Neo4jSettings,
) -> Iterator[tuple[Driver, Neo4jSettings]]:
    """The curated graph first; the test may empty it; the curated graph again after."""
    with make_driver(loaded_graph) as driver:
        yield driver, loaded_graph
        clear(driver, loaded_graph.database)
    run_ingest(loaded_graph)


def test_our_export_round_trips_into_an_empty_graph(
    empty_then_curated: tuple[Driver, Neo4jSettings],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    driver, settings = empty_then_curated
    monkeypatch.setenv("NEO4J_URI", settings.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", settings.secret)
    exported = tmp_path / "exile_graph.ftm.json"
    assert main(["export", "--format", "ftm", str(exported)]) == 0
    curated = comparable(driver)
    clear(driver, settings.database)
    assert comparable(driver) == {}

    assert main(["import-ftm", str(exported)]) == 0
    imported = comparable(driver)
    missing = sorted(set(curated) - set(imported))
    extra = sorted(set(imported) - set(curated))
    assert not missing and not extra, (missing[:5], extra[:5])
    differ = [k for k in curated if curated[k] != imported[k]]
    assert not differ, [_difference(curated[k], imported[k]) for k in differ[:5]]
    # and the import is still one unit: removed, the graph is empty again
    assert main(["import-ftm", "--remove", "exile_graph"]) == 0
    assert comparable(driver) == {}


# ---------------------------------------------------------------- bad input
GOOD = OS_FILE.read_text(encoding="utf-8").splitlines()[:3]
BAD_LINES: list[tuple[str, str]] = [
    ('{"id": "x", "schema": "Person", ', "json: not valid JSON"),
    ('["a list"]', "line: not a JSON object"),
    ('{"schema": "Person", "properties": {}}', "id: missing, or not a non-empty string"),
    ('{"id": "x", "schema": "Persn", "properties": {}}', "schema: 'Persn' is not an FtM schema"),
    (
        '{"id": "x", "schema": "Person", "properties": {"shoeSize": ["42"]}}',
        "properties.shoeSize: not a property of Person",
    ),
    (
        '{"id": "x", "schema": "Person", "properties": {"birthDate": ["13/13/2020"]}}',
        "properties.birthDate: '13/13/2020' is not a valid date",
    ),
    (
        '{"id": "x", "schema": "Person", "properties": {"name": "Solo"}, "datasets": "d"}',
        "datasets: not a list of strings",
    ),
    (
        '{"id": "m", "schema": "Membership", "properties": {"member": ["nobody"], '
        '"organization": ["NK-test-foundation"]}}',
        "properties.member: nobody is not an entity of this file",
    ),
]


@pytest.mark.parametrize(("bad", "message"), BAD_LINES)
def test_bad_lines_are_named_by_file_line_and_field(
    bad: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.ftm.json"
    path.write_text("\n".join([*GOOD, bad]) + "\n", encoding="utf-8")
    assert main(["import-ftm", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:4: {message}" in err, err
    assert "nothing was written" in err
    with pytest.raises(FtmInputError):
        map_file(path, "bad")


def test_a_good_file_maps_without_problems() -> None:
    mapped = map_file(OS_FILE, NAME, OS_XREF)  # the lines above are bad only by themselves
    assert TESTOV in mapped.nodes


def test_references_the_graph_lacks_write_nothing(
    db: tuple[Driver, Neo4jSettings],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    driver, settings = db
    monkeypatch.setenv("NEO4J_URI", settings.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", settings.secret)
    before = fingerprint(driver, settings.database)
    path = tmp_path / "dangling.ftm.json"
    member = (
        '{"id": "m", "schema": "Membership", "properties": {"member": '
        '["eg-person-nobody-by-that-id"], "organization": ["NK-test-foundation"]}}'
    )
    path.write_text("\n".join([*GOOD, member]) + "\n", encoding="utf-8")
    assert main(["import-ftm", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:4: properties.member: person:nobody-by-that-id is not in the graph" in err
    assert fingerprint(driver, settings.database) == before

    xref = tmp_path / "xref.csv"
    xref.write_text("ftm_id,entity_id\nNK-test-foundation,org:no-such-org\n", encoding="utf-8")
    assert main(["import-ftm", str(OS_FILE), "--xref", str(xref)]) == 2
    assert f"{xref}:2: entity_id: org:no-such-org is not in the graph" in capsys.readouterr().err
    assert fingerprint(driver, settings.database) == before

    xref.write_text(
        "ftm_id,entity_id\nNK-test-foundation,person:ilya-ponomarev\n", encoding="utf-8"
    )
    assert main(["import-ftm", str(OS_FILE), "--xref", str(xref)]) == 2
    err = capsys.readouterr().err
    assert "person:ilya-ponomarev is a Person in the graph, an Organization here" in err
    assert fingerprint(driver, settings.database) == before


def test_what_the_curated_graph_lacks_round_trips_too(tmp_path: Path) -> None:
    """A status that ended without a date, an Associate that is said to go on (FtM's Associate
    has no `status`: it becomes an UnknownLink), a relationship's figures, and quoted names."""
    cite = schemas.Citation(id="source:s", evidence_kind="note", note="It says so.")
    people = [
        schemas.Node(id=f"person:{x}", name=f'"{x}"', type="Person", aliases=[f'"{x} X"', "Y"])
        for x in ("a", "b")
    ]
    export = schemas.Export(
        generated_at="2025-01-01",
        nodes=people,
        sources=[schemas.SourceMeta(id="source:s", title="S", published="2024-05-01")],
        edges=[
            schemas.Edge(
                id="ALLIED_WITH:person:a->person:b",
                type="ALLIED_WITH",
                source="person:a",
                target="person:b",
                properties={"ended": False, "valid_from": "2020", "deputies": 108},
                sources=[cite],
            )
        ],
        statuses=[
            schemas.EntityStatus(
                id="status:person:a:in_exile",
                status="in_exile",
                facet="condition",
                entity="person:a",
                valid_from="2021",
                ended=True,
                sources=[cite],
            )
        ],
    )
    path = tmp_path / "small.ftm.json"
    path.write_text("".join(ftm_lines(export)), encoding="utf-8")
    mapped = map_file(path, "small")
    a = mapped.nodes["person:a"].props
    assert (a["name"], a["aliases"]) == ('"a"', ['"a X"', "Y"])
    status = mapped.nodes["status:person:a:in_exile"].props
    assert status["ended"] is True and status["valid_to_bound"]
    rel = mapped.relations["ALLIED_WITH:person:a->person:b"].props
    assert rel["ended"] is False
    assert (rel["deputies"], rel["figures"]) == (108, ["deputies"])


def test_an_id_stated_twice_is_reported(
    db: tuple[Driver, Neo4jSettings], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Fragments of one id merge (FtM streams), but never silently (issue 20)."""
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
