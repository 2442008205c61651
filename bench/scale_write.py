"""Batched against one-row-per-transaction writes, at the size of the graph being measured.

The curated dataset, copied with distinct ids (`scaled`), is written into the graph a size
step has just loaded (and by `make bench` into an empty one), with the ingest's own write
plan (ingest/plan.py) and queries: the first copies batched (`KG_INGEST_BATCH_ROWS` rows per
`UNWIND`, in one transaction), the last copy one row per transaction.
The ratio of rows per second is the figure; both run in this process against the same
server, so the machine's noise mostly cancels. Nodes and relationships are timed apart.
"""

from __future__ import annotations

import copy
import time
from typing import LiteralString

from neo4j import Driver, ManagedTransaction, Session

import cypher
from bench.load import measured
from bench.scale_metrics import Value
from graph.driver import make_driver
from graph.settings import Neo4jSettings
from ingest import load
from ingest.plan import State, Step, plan_writes
from ingest.transform import Row, Rows, transform
from ingest.validate import validate

BATCHED_COPIES = 2  # copies written batched; one more is written a row at a time
SINGLE_RELATIONS = 600  # relationships written one per transaction (all nodes of a copy are)
NODES, RELATIONS = "ingest/upsert_entities", "ingest/create_relations"


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


def _batched(tx: ManagedTransaction, query: LiteralString, rows: list[Row], size: int) -> None:
    for batch in load.batches(rows, size):
        tx.run(query, rows=batch).consume()


def _one(tx: ManagedTransaction, query: LiteralString, row: Row) -> None:
    tx.run(query, rows=[row]).consume()


def _one_batch(tx: ManagedTransaction, query: LiteralString, rows: list[Row]) -> None:
    tx.run(query, rows=rows).consume()


def _timed(session: Session, step: Step | None, single: bool, limit: int | None = None) -> float:
    """Seconds to write the step's rows (the first `limit`), batched or a row at a time."""
    if step is None:
        return 0.0
    query, rows = cypher.load(step.query), step.rows[:limit]
    session.execute_write(_one_batch, query, [])  # plan it first: time the writes only
    started = time.perf_counter()
    if single:
        for row in rows:
            session.execute_write(_one, query, row)
    else:
        session.execute_write(_batched, query, rows, load.IngestSettings().batch_rows)
    return time.perf_counter() - started


def _steps(rows: Rows, copies: set[int]) -> dict[str, Step]:
    """The ingest's own write plan (into a graph without these ids) for some of the copies."""

    def mine(group: list[Row]) -> list[Row]:
        return [r for r in group if int(str(r["id"]).rsplit("-c", 1)[1]) in copies]

    part = Rows(mine(rows.sources), mine(rows.entities), mine(rows.relations))
    return {step.query: step for step in plan_writes(part, State()).steps}


def _rows(steps: dict[str, Step], name: str, limit: int | None = None) -> int:
    return len(steps[name].rows[:limit]) if name in steps else 0


def write_ratios(settings: Neo4jSettings) -> dict[str, Value]:
    """{nodes_x, rels_x}: batched rows/s over one-row-per-transaction rows/s."""
    rows = scaled(transform(validate()), BATCHED_COPIES + 1)
    batched = _steps(rows, set(range(BATCHED_COPIES)))
    single = _steps(rows, {BATCHED_COPIES})
    with make_driver(settings) as driver:
        return _measure(driver, settings.database, batched, single)


def _measure(
    driver: Driver, database: str, batched: dict[str, Step], single: dict[str, Step]
) -> dict[str, Value]:
    with measured() as load, driver.session(database=database) as session:
        _timed(session, batched.get("ingest/upsert_sources"), single=False)
        nodes_b = _timed(session, batched.get(NODES), single=False)
        rels_b = _timed(session, batched.get(RELATIONS), single=False)
        _timed(session, single.get("ingest/upsert_sources"), single=False)
        nodes_s = _timed(session, single.get(NODES), single=True)
        rels_s = _timed(session, single.get(RELATIONS), single=True, limit=SINGLE_RELATIONS)
    node_rate = _rows(batched, NODES) / nodes_b, _rows(single, NODES) / nodes_s
    single_rels = _rows(single, RELATIONS, SINGLE_RELATIONS)
    rel_rate = _rows(batched, RELATIONS) / rels_b, single_rels / rels_s
    print(
        f"    batched {node_rate[0]:,.0f} nodes/s, {rel_rate[0]:,.0f} rels/s; one row per "
        f"transaction {node_rate[1]:,.0f} nodes/s, {rel_rate[1]:,.0f} rels/s ({load})",
        flush=True,
    )
    return {"nodes_x": node_rate[0] / node_rate[1], "rels_x": rel_rate[0] / rel_rate[1]}
