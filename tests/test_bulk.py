"""`kg bulk load`: the bulk format checked line by line with the curated messages, and
loaded (neo4j-admin import locally, Bolt writes remotely) into the same graph the curated
ingest writes for the same content (tests/fixtures/bulk: both YAML files, converted here)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

import cypher
from graph.driver import make_driver
from graph.settings import LocalServerSettings
from ingest.bulk.convert import convert
from ingest.load import fingerprint
from ingest.pipeline import run_ingest
from ingest.transform import transform
from ingest.validate import InvalidData, validate
from kg.bulk import bulk_load
from kg.errors import CliError
from kg.local import server
from tests.helpers import start_throwaway

DATA = Path(__file__).parent / "fixtures" / "bulk"
FILES = ("sources", "mentions", "entities", "relations", "statuses")


def write_bulk(yaml_dir: Path, out: Path) -> Path:
    """The bulk form of a curated folder (each item cites its source explicitly)."""
    out.mkdir(parents=True, exist_ok=True)
    lines: dict[str, list[str]] = {name: [] for name in FILES}
    for p in validate(yaml_dir):
        own = p.model.source.id
        lines["sources"].append(json.dumps({**p.model.source.model_dump(), "file": p.name}))
        for name in FILES[1:]:
            for item in getattr(p.model, name):
                value = item.model_dump(by_alias=True, exclude_none=True, mode="json")
                value["source"] = value.get("source") or own
                lines[name].append(json.dumps(value, ensure_ascii=False))
    for name, found in lines.items():
        (out / f"{name}.jsonl").write_text("".join(f"{x}\n" for x in found), encoding="utf-8")
    return out


def problems_of(folder: Path, tmp_path: Path) -> list[str]:
    with pytest.raises(InvalidData) as caught:
        convert(folder, tmp_path / "csv")
    return [str(p) for p in caught.value.problems]


def edit(folder: Path, name: str, line: int, **changes: object) -> None:
    path = folder / name
    rows = path.read_text(encoding="utf-8").splitlines()
    value = json.loads(rows[line - 1])
    value.update(changes)
    rows[line - 1] = json.dumps({k: v for k, v in value.items() if v is not None})
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_valid_bulk_converts(tmp_path: Path) -> None:
    converted = convert(write_bulk(DATA, tmp_path / "bulk"), tmp_path / "csv")
    assert converted.counts["Person"] == 2 and converted.counts["CLAIMED_ACCUSED"] == 1
    assert converted.counts["Status"] == 4  # three statuses and one DESIGNATED status
    assert any(fix.props == {"aliases": []} for fix in converted.fixups)


def test_each_problem_names_file_line_field(tmp_path: Path) -> None:
    folder = write_bulk(DATA, tmp_path / "bulk")
    edit(folder, "relations.jsonl", 3, **{"from": "person:nobody"})
    edit(folder, "relations.jsonl", 4, type="FRIEND_OF")
    edit(folder, "entities.jsonl", 2, source=None)
    with (folder / "statuses.jsonl").open("a") as handle:
        handle.write("{not json\n")
    found = problems_of(folder, tmp_path)
    assert "relations.jsonl:3: from: person:nobody is not defined in any data file" in found
    assert "entities.jsonl:2: source: is required" in found
    assert any(p.startswith("statuses.jsonl:4: is not valid JSON") for p in found)
    # the same wrong field gives the same message as the curated path
    (yaml_problem,) = [p for p in found if p.startswith("relations.jsonl:4: type: ")]
    broken = tmp_path / "yaml"
    broken.mkdir()
    text = (DATA / "a.yaml").read_text().replace("type: BASED_IN", "type: FRIEND_OF")
    (broken / "a.yaml").write_text(text)
    with pytest.raises(InvalidData) as caught:
        validate(broken)
    curated = [p for p in caught.value.problems if p.field.endswith(".type")]
    assert yaml_problem.split(": ", 2)[2] == curated[0].message


def test_a_statement_stated_twice_names_both_lines(tmp_path: Path) -> None:
    folder = write_bulk(DATA, tmp_path / "bulk")
    with (folder / "relations.jsonl").open() as handle:
        first = handle.readline()
    with (folder / "relations.jsonl").open("a") as handle:
        handle.write(first)
    last = len((folder / "relations.jsonl").read_text().splitlines())
    found = problems_of(folder, tmp_path)
    assert any(
        p.startswith(
            f"relations.jsonl:{last}: LEADS:person:anna-ivanova->org:free-org is also "
            "stated at relations.jsonl:1"
        )
        for p in found
    ), found


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServerSettings]:
    """A server of this module's own: the import stops and starts it."""
    settings = start_throwaway(tmp_path_factory.mktemp("bulk-neo4j"))
    try:
        yield settings
    finally:
        server.stop(settings)


@pytest.fixture()
def as_local(local: LocalServerSettings, monkeypatch: pytest.MonkeyPatch) -> Driver:
    """`kg bulk load` aimed at that server (NEO4J_URI unset: the import path)."""
    for name in ("NEO4J_URI", "NEO4J_PASSWORD", "NEO4J_USER", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KG_STATE_DIR", str(local.state_dir))
    monkeypatch.setenv("KG_BOLT_PORT", str(local.bolt_port))
    monkeypatch.setenv("KG_HTTP_PORT", str(local.http_port))
    monkeypatch.setenv("KG_START_TIMEOUT", "180")
    return make_driver(server.connection(local))


def nodes(driver: Driver) -> bool:
    records, _, _ = driver.execute_query(cypher.load("bulk/any_node"))
    return bool(records[0]["found"])


@pytest.mark.neo4j
def test_a_bad_line_writes_nothing(as_local: Driver, tmp_path: Path) -> None:
    folder = write_bulk(DATA, tmp_path / "bulk")
    edit(folder, "relations.jsonl", 2, to="org:nowhere")
    with pytest.raises(InvalidData) as caught:
        bulk_load(folder)
    assert [str(p) for p in caught.value.problems] == [
        "relations.jsonl:2: to: org:nowhere is not defined in any data file"
    ]
    with as_local as driver:
        assert not nodes(driver)


@pytest.mark.neo4j
def test_bulk_graph_is_the_curated_graph(
    as_local: Driver, local: LocalServerSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_bulk(DATA, tmp_path / "bulk")
    connection = server.connection(local)
    with as_local as driver:
        run_ingest(connection, DATA)
        curated = fingerprint(driver, "neo4j")
        with pytest.raises(CliError, match="already holds data"):
            bulk_load(folder)
        outcome = bulk_load(folder, force=True)  # neo4j-admin import
        assert outcome.method == "neo4j-admin import"
    with make_driver(connection) as driver:
        assert fingerprint(driver, "neo4j") == curated
        assert outcome.counts["Person"] == 2 and outcome.counts["MENTIONED_IN"] == 8
        records, _, _ = driver.execute_query(
            "SHOW INDEXES YIELD name, state WHERE name = 'entity_search' RETURN state"
        )
        assert records[0]["state"] == "ONLINE"
    # The same through Bolt writes, as against a remote database
    monkeypatch.setenv("NEO4J_URI", local.bolt_uri)
    monkeypatch.setenv("NEO4J_PASSWORD", connection.secret)
    assert bulk_load(folder, force=True).method == "Bolt writes"
    with make_driver(connection) as driver:
        assert fingerprint(driver, "neo4j") == curated
    # Curated data goes on top; the ingest keeps what the bulk load wrote (`bulk_load`)
    bulk_only = "MATCH (n:Entity) WHERE n.bulk_load RETURN n.id AS id"
    with make_driver(connection) as driver:
        before = {r["id"] for r in driver.execute_query(bulk_only).records}
        curated_ids = {row["id"] for row in transform(validate()).entities}
        summary = run_ingest(connection)
        assert sum(c.removed for c in summary.nodes.values()) == 0
        kept = before - curated_ids
        assert kept
        present = "MATCH (n:Entity) WHERE n.id IN $ids RETURN count(n) AS n"
        assert driver.execute_query(present, ids=sorted(kept)).records[0]["n"] == len(kept)
        assert run_ingest(connection).written == 0


def test_a_leading_line_separator_is_refused_as_in_the_curated_files(tmp_path: Path) -> None:
    """The loader dropped a leading U+2028 from a name (stripped as whitespace); it is
    refused now, by the same rule and message as a YAML data file (ingest/chars.py)."""
    folder = write_bulk(DATA, tmp_path / "bulk")
    rows = (folder / "entities.jsonl").read_text(encoding="utf-8").splitlines()
    line = 1 + next(i for i, row in enumerate(rows) if json.loads(row)["name"] == "Anna Ivanova")
    rows[line - 1] = rows[line - 1].replace('"Anna Ivanova"', '"\\u2028Anna Ivanova"')
    (folder / "entities.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = [p for p in problems_of(folder, tmp_path) if p.startswith(f"entities.jsonl:{line}:")]
    assert len(found) == 1 and "U+2028" in found[0], found
    curated = tmp_path / "yaml"
    curated.mkdir()
    text = (
        (DATA / "a.yaml").read_text().replace("name: Anna Ivanova", 'name: "\\u2028Anna Ivanova"')
    )
    (curated / "a.yaml").write_text(text)
    with pytest.raises(InvalidData) as caught:
        validate(curated)
    (same,) = [p.message for p in caught.value.problems if p.field.endswith(".name")]
    assert found[0].split(": ", 2)[2] == same
