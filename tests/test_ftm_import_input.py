"""`kg import-ftm` refuses bad input, named by file, line and field, and writes nothing:
lines that are not FtM, and references to ids the graph lacks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from graph.driver import make_driver
from graph.settings import Neo4jSettings
from ingest.ftm.importer import FtmInputError, map_file
from ingest.load import fingerprint
from kg.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "ftm"
OS_FILE = FIXTURES / "opensanctions.ftm.json"
OS_XREF = FIXTURES / "opensanctions.xref.csv"
NAME = "opensanctions"
TESTOV = "person:ftm-nk-testov-ivan"


@pytest.fixture()
def graph(loaded_graph: Neo4jSettings) -> Iterator[tuple[Driver, Neo4jSettings]]:
    """The curated graph; the imports here are refused, so there is nothing to take off."""
    with make_driver(loaded_graph) as driver:
        yield driver, loaded_graph


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
    graph: tuple[Driver, Neo4jSettings],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    driver, settings = graph
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
