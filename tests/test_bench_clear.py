"""`make bench`'s clear leaves an empty graph: a second "empty" run writes every row again."""

from __future__ import annotations

from neo4j import Driver

from bench.ingest import clear
from graph.settings import Neo4jSettings


def labels(driver: Driver) -> dict[str, int]:
    records, _, _ = driver.execute_query(
        "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n"
    )
    return {r["label"]: r["n"] for r in records}


def test_clear_removes_what_the_ingest_wrote(
    loaded_graph: Neo4jSettings, scratch_graph: Neo4jSettings, driver: Driver
) -> None:
    before = labels(driver)
    assert before.get("Status", 0) > 0
    clear(scratch_graph)
    assert labels(driver) == {}
