"""The walking skeleton: a real Neo4j round trip, readiness, and the start command's errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from cypher import load
from graph.settings import Neo4jSettings
from kg.local import server
from kg.local.conf import neo4j_conf
from tests.helpers import LOCAL_API, free_port, start_throwaway, throwaway_server

REPO = Path(__file__).resolve().parents[1]


def test_write_read_round_trip(driver, neo4j_settings: Neo4jSettings) -> None:
    db = neo4j_settings.database
    driver.execute_query("CREATE (:SkeletonProbe {value: $v})", v="Кара-Мурза", database_=db)
    records, _, _ = driver.execute_query(
        "MATCH (p:SkeletonProbe) RETURN p.value AS value", database_=db
    )
    driver.execute_query("MATCH (p:SkeletonProbe) DELETE p", database_=db)
    assert [r["value"] for r in records] == ["Кара-Мурза"]


def test_health_and_ready(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_ready_is_503_problem_when_database_unreachable() -> None:
    nowhere = Neo4jSettings(uri=f"bolt://127.0.0.1:{free_port()}", password="x")
    with TestClient(create_app(nowhere), base_url=LOCAL_API) as client:
        response = client.get("/ready")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 503 and body["title"] == "Database unavailable"
    assert "did not answer" in body["detail"]


@pytest.mark.neo4j
@pytest.mark.slow
def test_ready_follows_the_server_down_and_up_again(tmp_path: Path) -> None:
    """Stop Neo4j under a running API: 503; start it again: 200, same app."""
    if os.environ.get("NEO4J_URI"):
        pytest.skip("needs the project's own server, not an external NEO4J_URI")
    local = start_throwaway(tmp_path)
    try:
        settings = server.connection(local)
        with TestClient(create_app(settings), base_url=LOCAL_API) as client:
            assert client.get("/ready").status_code == 200
            server.stop(local)
            assert client.get("/ready").status_code == 503
            server.start(local)
            assert client.get("/ready").status_code == 200
    finally:
        server.stop(local)


def test_start_without_java_says_what_to_install(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": str(tmp_path), "KG_STATE_DIR": str(tmp_path / "state")}
    env.pop("NEO4J_URI", None)
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "neo4j", "start"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 2
    assert "Java was not found" in done.stderr
    assert "NEO4J_URI" in done.stderr
    assert "Traceback" not in done.stderr


def test_generated_conf_binds_loopback_and_sizes_memory(tmp_path: Path) -> None:
    local = throwaway_server(tmp_path)
    conf = neo4j_conf(local, server.Paths(tmp_path))
    assert "server.default_listen_address=127.0.0.1" in conf
    assert f"server.bolt.listen_address=127.0.0.1:{local.bolt_port}" in conf
    assert "server.memory.heap.max_size=512m" in conf
    assert "server.memory.pagecache.size=256m" in conf
    assert "db.transaction.timeout=60s" in conf
    assert "dbms.security.auth_enabled=true" in conf


def test_password_file_is_private(neo4j_settings: Neo4jSettings, tmp_path: Path) -> None:
    from graph.settings import read_or_create_password

    first = read_or_create_password(tmp_path / "pw")
    assert len(first) >= 24
    assert read_or_create_password(tmp_path / "pw") == first
    assert (tmp_path / "pw").stat().st_mode & 0o777 == 0o600


def test_named_query_files_have_headers() -> None:
    import cypher

    assert load("health/ping").startswith("//")
    for name in cypher.names():
        header = cypher.query(name).header
        assert header, f"cypher/{name}.cypher has no // header"
        assert "Parameters:" in header, f"cypher/{name}.cypher header lists no parameters"
    with pytest.raises(cypher.UnknownQuery):
        load("no/such/query")
