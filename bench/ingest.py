"""Ingest speed and memory, as ratios against a baseline measured in the same process.

Speed: the curated dataset scaled up (ids suffixed, so every copy is distinct) is written
once with the ingest's batched `UNWIND $rows MERGE` in one transaction, and once the way a
naive loader does it, one row per transaction. Memory: peak Python allocation of
validate+transform for the real dataset, against the size of the data files themselves.

    .venv/bin/python -m bench.ingest [--copies 20]

Uses NEO4J_URI when set; otherwise starts a throwaway local Neo4j on free ports.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import socket
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import LiteralString

from neo4j import ManagedTransaction

import cypher
from graph import server
from graph.driver import make_driver
from graph.settings import LocalServerSettings, Neo4jSettings, neo4j_uri_is_set
from ingest import load
from ingest.transform import Row, Rows, transform
from ingest.validate import DEFAULT_DATA_DIR, data_files, validate


def scaled(rows: Rows, copies: int) -> Rows:
    """`copies` distinct copies of the dataset: every id gets a `-cN` suffix."""
    out = Rows()
    for n in range(copies):

        def tag(value: str, n: int = n) -> str:
            return f"{value}-c{n}"

        for src in rows.sources:
            row = copy.deepcopy(src)
            row["id"] = row["props"]["id"] = tag(row["id"])
            out.sources.append(row)
        for ent in rows.entities:
            row = copy.deepcopy(ent)
            row["id"] = row["props"]["id"] = tag(row["id"])
            row["props"]["sources"] = [tag(s) for s in row["props"]["sources"]]
            out.entities.append(row)
        for rel in rows.relations:
            row = copy.deepcopy(rel)
            for key in ("id", "from", "to"):
                row[key] = tag(row[key])
            row["props"]["id"] = row["id"]
            out.relations.append(row)
    return out


def row_per_transaction(settings: Neo4jSettings, rows: Rows) -> None:
    """The baseline: the same queries, one row per transaction."""
    steps: list[tuple[str, list[Row]]] = [
        ("ingest/upsert_sources", rows.sources),
        ("ingest/upsert_entities", rows.entities),
        ("ingest/upsert_relations", rows.relations),
    ]
    with make_driver(settings) as driver, driver.session(database=settings.database) as session:
        for name, step_rows in steps:
            query = cypher.load(name)
            for row in step_rows:
                session.execute_write(_write_one, query, row)


def _write_one(tx: ManagedTransaction, query: LiteralString, row: Row) -> None:
    tx.run(query, rows=[row]).consume()


def clear(settings: Neo4jSettings) -> None:
    # CALL { } IN TRANSACTIONS needs an auto-commit transaction: session.run, not execute_query
    with make_driver(settings) as driver, driver.session(database=settings.database) as session:
        session.run(cypher.load("bench/clear")).consume()


def timed(label: str, work) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    print(f"  {label:<46}{seconds:8.2f} s")
    return seconds


@contextlib.contextmanager
def neo4j_for_bench() -> Iterator[Neo4jSettings]:
    if neo4j_uri_is_set():
        yield Neo4jSettings()
        return
    ports = []
    for _ in range(2):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
    with tempfile.TemporaryDirectory() as tmp:
        local = LocalServerSettings(state_dir=Path(tmp), bolt_port=ports[0], http_port=ports[1])
        server.start(local)
        try:
            yield server.connection(local)
        finally:
            server.stop(local)


def memory() -> None:
    file_bytes = sum(p.stat().st_size for p in data_files(DEFAULT_DATA_DIR))
    tracemalloc.start()
    rows = transform(validate())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"memory: validate+transform of {len(rows.entities)} entities, "
        f"{len(rows.relations)} relations"
    )
    print(
        f"  data files {file_bytes / 1e6:.2f} MB, peak Python allocation {peak / 1e6:.2f} MB "
        f"= {peak / file_bytes:.1f}x the files"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    memory()
    rows = scaled(transform(validate()), args.copies)
    print(
        f"speed: {len(rows.sources) + len(rows.entities)} nodes, {len(rows.relations)} "
        f"relationships ({args.copies} copies of the dataset)"
    )
    with neo4j_for_bench() as settings, make_driver(settings) as driver:
        load.apply_schema(driver, settings.database)
        clear(settings)
        timed("warm-up (batched)", lambda: load.write(driver, settings.database, rows))
        clear(settings)
        batched = timed(
            f"batched, {load.BATCH_SIZE} rows per UNWIND, one transaction",
            lambda: load.write(driver, settings.database, rows),
        )
        rerun = timed(
            "batched again (idempotent: nothing changes)",
            lambda: load.write(driver, settings.database, rows),
        )
        clear(settings)
        baseline = timed(
            "baseline: one row per transaction", lambda: row_per_transaction(settings, rows)
        )
        clear(settings)
    print(
        f"  batched is {baseline / batched:.1f}x faster than the baseline; "
        f"a no-change re-run takes {rerun / batched:.2f}x the first write"
    )


if __name__ == "__main__":
    main()
