"""A real Neo4j for the whole test session: NEO4J_URI if set, else our own on free ports."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph import server
from graph.driver import make_driver
from graph.settings import LocalServerSettings, Neo4jSettings
from ingest.pipeline import run_ingest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def throwaway_server(root: Path) -> LocalServerSettings:
    return LocalServerSettings(
        state_dir=root, bolt_port=free_port(), http_port=free_port(), start_timeout=180
    )


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jSettings]:
    if os.environ.get("NEO4J_URI"):
        yield Neo4jSettings()
        return
    local = throwaway_server(tmp_path_factory.mktemp("neo4j"))
    server.start(local)
    try:
        yield server.connection(local)
    finally:
        server.stop(local)


@pytest.fixture(scope="session")
def driver(neo4j_settings: Neo4jSettings):
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
    with TestClient(create_app(neo4j_settings)) as test_client:
        yield test_client
