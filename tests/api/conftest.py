"""An API client over the real Neo4j loaded with the project's whole dataset."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.settings import Neo4jSettings
from tests.helpers import LOCAL_API


@pytest.fixture(scope="session")
def api(loaded_graph: Neo4jSettings) -> Iterator[TestClient]:
    with TestClient(create_app(loaded_graph), base_url=LOCAL_API) as client:
        yield client


@pytest.fixture(scope="session")
def offline_api() -> Iterator[TestClient]:
    """The app with no reachable database: for what must answer before any query runs."""
    nowhere = Neo4jSettings(uri="bolt://127.0.0.1:9", password="unused")
    with TestClient(create_app(nowhere), base_url=LOCAL_API) as client:
        yield client
