"""`kg dump`: the database as one file for Neo4j Desktop, loaded back by
`neo4j-admin database load` into a fresh server with the same graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.driver import make_driver
from graph.settings import LocalServerSettings
from ingest.load import fingerprint
from ingest.pipeline import run_ingest
from kg.cli import main
from kg.local import dump, server
from tests.helpers import start_throwaway


def graph_fingerprint(local: LocalServerSettings) -> str:
    with make_driver(server.connection(local)) as driver:
        return fingerprint(driver, "neo4j")


@pytest.mark.neo4j
@pytest.mark.slow
def test_a_dump_loads_into_a_fresh_server_with_the_same_graph(tmp_path: Path) -> None:
    source = start_throwaway(tmp_path / "source")
    taken = frozenset({source.bolt_port, source.http_port})
    fresh = start_throwaway(tmp_path / "fresh", avoid=taken)
    try:
        run_ingest(server.connection(source))
        before = graph_fingerprint(source)
        written = dump.dump(source, tmp_path / "out" / "exile-graph.dump")
        assert written.stat().st_size > 100_000
        assert server.is_running(source)  # started again, as it was
        assert graph_fingerprint(source) == before

        assert graph_fingerprint(fresh) != before  # empty
        dump.load(fresh, written)
        assert server.is_running(fresh)
        assert graph_fingerprint(fresh) == before
        with make_driver(server.connection(fresh)) as driver:
            driver.execute_query("CALL db.awaitIndexes(60)")
            records, _, _ = driver.execute_query(
                "CALL db.index.fulltext.queryNodes('entity_search', 'ponomarev') "
                "YIELD node RETURN node.id AS id LIMIT 1"
            )
        assert records[0]["id"] == "person:ilya-ponomarev"
    finally:
        server.stop(source)
        server.stop(fresh)


def test_dump_refuses_a_remote_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j+s://example.invalid")
    assert main(["dump", str(tmp_path / "x.dump")]) == 2
    assert "unset NEO4J_URI" in capsys.readouterr().err
    assert not (tmp_path / "x.dump").exists()
