"""A real Neo4j for the whole test session: NEO4J_URI if set, else our own on free ports.

Session fixtures start nothing until a test asks for them, so the unit tier (tests/unit, and
every test not marked `neo4j`) runs without a server. Shared helpers live in tests/helpers.py
and kg/local/throwaway.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from api.main import create_app
from graph.driver import make_driver
from graph.settings import LocalServerSettings, Neo4jSettings
from ingest.pipeline import run_ingest
from kg.local import server
from kg.local.throwaway import throwaway
from tests.helpers import LOCAL_API

UNIT = Path(__file__).parent / "unit"
# A test that asks for one of these (directly or through another fixture) needs Neo4j.
NEO4J_FIXTURES = frozenset({"neo4j_settings", "newsroom"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark `neo4j` what needs the server; refuse a unit test that would start one."""
    for item in items:
        needs = NEO4J_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        if UNIT in item.path.parents:
            if needs or item.get_closest_marker("neo4j") or item.get_closest_marker("browser"):
                raise pytest.UsageError(
                    f"{item.nodeid} needs Neo4j, but tests/unit runs without a server: "
                    "move it next to the tests of its module"
                )
            continue
        if needs or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.neo4j)


@pytest.fixture(scope="session", autouse=True)
def own_ingest_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The `kg ingest` runs of the tests keep their cache (ingest/cache.py) in the session's
    temporary folder, not in the user's."""
    before = os.environ.get("KG_INGEST_CACHE")
    os.environ["KG_INGEST_CACHE"] = str(tmp_path_factory.mktemp("ingest-cache"))
    yield
    if before is None:
        os.environ.pop("KG_INGEST_CACHE", None)
    else:
        os.environ["KG_INGEST_CACHE"] = before


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jSettings]:
    if os.environ.get("NEO4J_URI"):
        yield Neo4jSettings()
        return
    with throwaway(tmp_path_factory.mktemp("neo4j")) as local:
        yield server.connection(local)


@pytest.fixture(scope="session")
def driver(neo4j_settings: Neo4jSettings) -> Iterator[Driver]:
    with make_driver(neo4j_settings) as drv:
        yield drv


@pytest.fixture(scope="session")
def loaded_graph(neo4j_settings: Neo4jSettings) -> Neo4jSettings:
    """The real Neo4j with the project's whole dataset loaded by the real ingest."""
    run_ingest(neo4j_settings)
    return neo4j_settings


@pytest.fixture()
def scratch_graph(neo4j_settings: Neo4jSettings) -> Iterator[Neo4jSettings]:
    """For tests that load other data: the full dataset is loaded again afterwards."""
    yield neo4j_settings
    run_ingest(neo4j_settings)


@pytest.fixture()
def client(neo4j_settings: Neo4jSettings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings), base_url=LOCAL_API) as test_client:
        yield test_client


@pytest.fixture()
def own_server(tmp_path: Path) -> Iterator[LocalServerSettings]:
    """A throwaway local server of the test's own, for tests that kill or restart it."""
    if os.environ.get("NEO4J_URI"):
        pytest.skip("kills the project's own server; not with an external NEO4J_URI")
    with throwaway(tmp_path / "neo4j") as settings:
        yield settings
