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
import time
import tracemalloc

import cypher
from bench.load import measured
from bench.scale_write import scaled, write_ratios
from bench.servers import neo4j_for_bench
from graph.driver import make_driver
from graph.settings import Neo4jSettings
from ingest import load
from ingest.transform import transform
from ingest.validate import DEFAULT_DATA_DIR, data_files, validate


def clear(settings: Neo4jSettings) -> None:
    # CALL { } IN TRANSACTIONS needs an auto-commit transaction: session.run, not execute_query
    with make_driver(settings) as driver, driver.session(database=settings.database) as session:
        session.run(cypher.load("bench/clear")).consume()


def timed(label: str, work) -> float:  # type: ignore[no-untyped-def]
    with measured() as load:
        started = time.perf_counter()
        work()
        seconds = time.perf_counter() - started
    print(f"  {label:<46}{seconds:8.2f} s  ({load})")
    return seconds


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
    with neo4j_for_bench() as neo4j, make_driver(neo4j.settings) as driver:
        settings = neo4j.settings
        load.apply_schema(driver, settings.database)
        clear(settings)
        timed("warm-up (the whole ingest)", lambda: load.write(driver, settings.database, rows))
        clear(settings)
        first = timed(
            "the whole ingest, empty database", lambda: load.write(driver, settings.database, rows)
        )
        rerun = timed("again, nothing changed", lambda: load.write(driver, settings.database, rows))
        print(f"  a no-change re-run takes {rerun / first:.2f}x the first write")
        clear(settings)
        write_ratios(settings)  # nodes and relationships, batched against a row per tx
        clear(settings)


if __name__ == "__main__":
    main()
