"""/export after `kg import-ftm`, and over values stored before the character rule, against a
real Neo4j: 200 with no local path, or a clear 422, never a 500."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from api.main import create_app
from api.security import SECURITY_HEADERS
from graph.driver import make_driver
from graph.ftm.check import entity_errors
from graph.settings import Neo4jSettings
from ingest.ftm.importer import map_file, remove_import, write_import
from tests.helpers import LOCAL_API

OS_FILE = Path(__file__).parent / "fixtures" / "ftm" / "opensanctions.ftm.json"
LEGACY = "person:legacy-values"


@pytest.fixture()
def graph(loaded_graph: Neo4jSettings) -> Iterator[tuple[Driver, Neo4jSettings]]:
    with make_driver(loaded_graph) as driver:
        try:
            yield driver, loaded_graph
        finally:
            remove_import(driver, loaded_graph.database, "finding6")
            driver.execute_query("MATCH (n {id: $id}) DETACH DELETE n", id=LEGACY)


def test_the_ftm_export_after_an_import_publishes_no_local_path(
    graph: tuple[Driver, Neo4jSettings],
) -> None:
    driver, settings = graph
    mapped = map_file(OS_FILE, "finding6")
    write_import(driver, settings.database, mapped, "finding6", OS_FILE)
    with TestClient(create_app(settings), base_url=LOCAL_API) as client:
        ftm = client.get("/export", params={"format": "ftm"})
        assert ftm.status_code == 200, ftm.text[:500]
        assert "file://" not in ftm.text and str(OS_FILE.parent) not in ftm.text
        for line in ftm.text.splitlines():
            assert entity_errors(json.loads(line)) == []
        xml = client.get("/export", params={"format": "graphml"})
        assert xml.status_code == 200
        assert nx.read_graphml(io.BytesIO(xml.content)).number_of_nodes() > 800


def test_values_stored_before_the_rule_get_a_422_with_the_headers(
    graph: tuple[Driver, Neo4jSettings],
) -> None:
    driver, settings = graph
    driver.execute_query(
        "CREATE (:Entity:Person {id: $id, type: 'Person', name: $name, aliases: $aliases, "
        "sources: []})",
        id=LEGACY,
        name="Legacy\x00Name",
        aliases=["two\nlines", "x"],
    )
    params = {"root": LEGACY, "depth": 1}
    with TestClient(create_app(settings), base_url=LOCAL_API) as client:
        for fmt, why in (("graphml", "U+0000"), ("ftm", "line break")):
            response = client.get("/export", params={**params, "format": fmt})
            assert response.status_code == 422, (fmt, response.status_code, response.text)
            assert response.json()["title"] == "Cannot export"
            assert why in response.json()["detail"] and "legacy-values" in response.json()["detail"]
            for name, value in SECURITY_HEADERS.items():
                assert response.headers.get(name) == value
        assert client.get("/export", params=params).status_code == 200  # JSON carries it
