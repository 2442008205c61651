"""Ingest speed and memory, as ratios against a baseline measured in the same process.

Speed: the curated dataset scaled up (ids suffixed, so every copy is distinct) is written
with the ingest's queries in batches (`UNWIND $rows`, KG_INGEST_BATCH_ROWS rows each, one
transaction), and then the way a naive loader does it, one row per transaction; nodes and
relationships are timed apart. Memory: peak Python allocation of validate+transform for the
real dataset, against the size of the data files themselves.

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

from neo4j import Driver, ManagedTransaction

import cypher
from graph import server
from graph.driver import make_driver
from graph.settings import LocalServerSettings, Neo4jSettings, neo4j_uri_is_set
from ingest import load
from ingest.plan import Step
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


NODES = "ingest/upsert_entities"
RELATIONSHIPS = "ingest/create_relations"


def row_per_transaction(driver: Driver, database: str, query_name: str, rows: list[Row]) -> None:
    """The baseline: the same query, one row per transaction."""
    query = cypher.load(query_name)
    with driver.session(database=database) as session:
        for row in rows:
            session.execute_write(_write_one, query, row)


def batched(driver: Driver, database: str, query_name: str, rows: list[Row]) -> None:
    """As the ingest writes: batches of KG_INGEST_BATCH_ROWS rows in one transaction."""
    step = Step(query_name, rows)
    size = load.IngestSettings().batch_rows

    def work(tx: ManagedTransaction) -> None:
        for batch in load.batches(rows, size):
            load._run_batch(tx, step, batch)

    with driver.session(database=database) as session:
        session.execute_write(work)


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


def rates(driver: Driver, settings: Neo4jSettings, rows: Rows, sample: int) -> None:
    """Rows per second, batched and one per transaction, for nodes and for relationships.
    The baseline writes a sample (it is slow); rates are compared, not totals."""
    db = settings.database
    for label, query, group, before in (
        ("nodes", NODES, rows.entities, [("ingest/upsert_sources", rows.sources)]),
        (
            "relationships",
            RELATIONSHIPS,
            rows.relations,
            [("ingest/upsert_sources", rows.sources), (NODES, rows.entities)],
        ),
    ):
        results = {}
        for how, work, chosen in (
            ("batched", batched, group),
            ("one row per transaction", row_per_transaction, group[:sample]),
        ):
            clear(settings)
            for name, needed in before:
                batched(driver, db, name, needed)
            seconds = timed(
                f"{label}, {how} ({len(chosen)} rows)",
                lambda w=work, c=chosen, q=query: w(driver, db, q, c),
            )
            results[how] = len(chosen) / seconds
        ratio = results["batched"] / results["one row per transaction"]
        print(
            f"  {label}: {results['batched']:,.0f} rows/s batched, "
            f"{results['one row per transaction']:,.0f} rows/s one per transaction: {ratio:.0f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--sample", type=int, default=2000, help="rows for the slow baseline")
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
        timed("warm-up (the whole ingest)", lambda: load.write(driver, settings.database, rows))
        clear(settings)
        first = timed(
            "the whole ingest, empty database", lambda: load.write(driver, settings.database, rows)
        )
        rerun = timed("again, nothing changed", lambda: load.write(driver, settings.database, rows))
        print(f"  a no-change re-run takes {rerun / first:.2f}x the first write")
        rates(driver, settings, rows, args.sample)
        clear(settings)


if __name__ == "__main__":
    main()
