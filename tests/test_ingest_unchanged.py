"""`kg ingest` with nothing to write: the same files and a graph with no write since the last
ingest left it are known from the cache and the graph's bookmark, without reading the
graph's rows; any write to the graph, or a changed file, takes the full path again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from neo4j import Driver

from graph.settings import Neo4jSettings
from tests.helpers import REPO, dataset, env_for

SKIPPED = "0 rows written: the files and the graph are as the last ingest left them."


def _ingest(settings: Neo4jSettings, data: Path, cache: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "ingest", "--data", str(data)],
        env={**env_for(settings), "KG_INGEST_CACHE": str(cache)},
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_rerun_with_nothing_to_write_is_known_at_once(
    scratch_graph: Neo4jSettings, driver: Driver, tmp_path: Path
) -> None:
    data, cache = dataset(tmp_path), tmp_path / "cache"
    assert SKIPPED not in _ingest(scratch_graph, data, cache)  # nothing recorded yet
    assert SKIPPED in _ingest(scratch_graph, data, cache)

    # Any write since (here a journalist's edit, undone) means the graph is read again.
    driver.execute_query("MATCH (n:Entity {id: 'org:supreme-court-of-russia'}) SET n.x = 1")
    driver.execute_query("MATCH (n:Entity {id: 'org:supreme-court-of-russia'}) REMOVE n.x")
    assert SKIPPED not in _ingest(scratch_graph, data, cache)
    assert SKIPPED in _ingest(scratch_graph, data, cache)

    # A changed file is read and written.
    changed = data / "mt.yaml"
    changed.write_text(changed.read_text().replace("name: Supreme Court", "name: Now, Court", 1))
    said = _ingest(scratch_graph, data, cache)
    assert SKIPPED not in said and "0 rows written" not in said
    records, _, _ = driver.execute_query(
        "MATCH (n:Entity {id: 'org:supreme-court-of-russia'}) RETURN n.name AS name"
    )
    assert records[0]["name"] == "Now, Court of Russia"
    assert SKIPPED in _ingest(scratch_graph, data, cache)
