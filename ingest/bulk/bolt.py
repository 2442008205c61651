"""A remote Neo4j (NEO4J_URI set: Aura, Docker, a cluster): batched `UNWIND $rows CREATE`
in a few threads, reading back the checked CSV files, into an empty database.

Nodes first (every group), then relationships; each batch is its own transaction, so the
load is not atomic: a failed load leaves a partial graph, and `--force` starts again.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any

from neo4j import Driver

import cypher
from graph.schema import STORAGE_TYPES, NodeType
from ingest.bulk.convert import Converted, groups
from ingest.bulk.csvout import ARRAY_DELIMITER, NODE_TABLES, TABLES, header

BATCH = 10_000
THREADS = 3
LABELS = {"Entity", "Source", "Status", *NodeType}
QUERIES = {
    "facts": "bulk/create_facts",
    "mentions": "bulk/create_mentions",
    "has_status": "bulk/create_has_status",
}
Row = dict[str, Any]
_DECODE: dict[str, Callable[[str], Any]] = {
    "string": str,
    "long": int,
    "double": float,
    "boolean": lambda v: v == "true",
    "date": dt.date.fromisoformat,
    "string[]": lambda v: v.split(ARRAY_DELIMITER),
}


def _rows(table: str, columns: list[str], reader: Iterator[list[str]]) -> Iterator[Row]:
    width = len(TABLES[table][0])
    named = [
        (c.split(":", 1)[0], _DECODE[c.split(":", 1)[1] if ":" in c else "string"])
        for c in columns[width:]
    ]
    fixed_label = {"sources": ["Source"], "statuses": ["Status"]}.get(table)
    for values in reader:
        props = {n: decode(v) for (n, decode), v in zip(named, values[width:], strict=True) if v}
        if table in NODE_TABLES:
            labels = fixed_label or values[1].split(ARRAY_DELIMITER)
            if not LABELS.issuperset(labels):
                raise ValueError(f"not in the vocabulary: {labels}")
            yield {"labels": labels, "props": props}
        else:
            if values[2] not in STORAGE_TYPES:
                raise ValueError(f"not in the vocabulary: {values[2]}")
            yield {"from": values[0], "to": values[1], "type": values[2], "props": props}


def batches(converted: Converted, tables: tuple[str, ...]) -> Iterator[tuple[str, list[Row]]]:
    for parts in groups(converted).values():
        table = parts[0].table
        if table not in tables:
            continue
        columns = header(table, parts[0].extras)
        for part in parts:
            with part.path.open(encoding="utf-8", newline="") as handle:
                batch: list[Row] = []
                for row in _rows(table, columns, csv.reader(handle)):
                    batch.append(row)
                    if len(batch) >= BATCH:
                        yield table, batch
                        batch = []
                if batch:
                    yield table, batch


def write(
    driver: Driver, database: str, converted: Converted, advance: Callable[[int], None]
) -> None:
    """Nodes, then relationships, each in batches over a few threads."""

    def one(item: tuple[str, list[Row]]) -> int:
        table, rows = item
        name = "bulk/create_nodes" if table in NODE_TABLES else QUERIES[table]
        with driver.session(database=database) as session:
            session.execute_write(lambda tx: tx.run(cypher.load(name), rows=rows).consume())
        return len(rows)

    for tables in (NODE_TABLES, tuple(QUERIES)):
        with ThreadPoolExecutor(THREADS) as pool:
            running: set[Future[int]] = set()
            for item in batches(converted, tables):
                if len(running) >= THREADS * 2:  # bounded: batches are read as they are written
                    finished, running = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        advance(future.result())
                running.add(pool.submit(one, item))
            for future in running:
                advance(future.result())
