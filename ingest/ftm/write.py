"""Write, last step: a mapped FtM import into the graph (importer.py), and its removal.

Runs inside one write transaction for a normal file: a previous import of the same name is
taken off first, then the ids are looked up (write_plan.py), so the comparison sees the
graph it writes to.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from neo4j import Driver, ManagedTransaction

import cypher
from ingest.ftm.types import Mapped, Row
from ingest.ftm.write_plan import Outcome, plan
from ingest.load import IngestSettings, apply_schema, batches, run_counted


def _run(tx: ManagedTransaction, query: str, rows: list[Any], name: str) -> None:
    run_counted(tx, query, {"rows": rows, "name": name}, len(rows), "import-ftm")


def _record(tx: ManagedTransaction, name: str) -> Row | None:
    found = tx.run(cypher.load("ftm/import_read_record"), name=name).single()
    return None if found is None else dict(found["record"])


def _removal(record: Row) -> list[tuple[str, list[Row]]]:
    """The removal's steps: edges first (so the nodes deleted after have few left)."""
    drop: dict[str, list[str]] = {}
    for item in record.get("cited") or []:
        key, _, source = item.partition("\t")
        drop.setdefault(key, []).append(source)
    relations = []
    for item in record.get("relations") or []:
        start, _, rel_id = item.partition("\t")
        relations.append({"id": rel_id, "from": start, "drop": drop.get(rel_id, [])})
    steps = [("ftm/import_remove_relations", relations)]
    for group in ("statuses", "entities", "sources"):
        rows = [{"id": i, "drop": drop.get(i, [])} for i in record.get(group) or []]
        steps.append(("ftm/import_remove_nodes", rows))
    return steps


def _size(record: Row) -> int:
    return sum(len(rows) for _, rows in _removal(record))


def remove_tx(tx: ManagedTransaction, name: str) -> bool:
    """Take the import called `name` off the graph in this one transaction (a small import,
    replaced atomically by the write); False when there is none."""
    record = _record(tx, name)
    if record is None:
        return False
    for query, rows in _removal(record):
        tx.run(cypher.load(query), rows=rows, name=name).consume()
    tx.run(cypher.load("ftm/import_remove_record"), name=name).consume()
    return True


def _remove_batch(tx: ManagedTransaction, query: str, rows: list[Row], name: str) -> None:
    tx.run(cypher.load(query), rows=rows, name=name).consume()


def remove_import(
    driver: Driver, database: str, name: str, settings: IngestSettings | None = None,
    advance: Callable[[int], None] | None = None,
) -> bool:  # fmt: skip
    """Take the import off in committed batches of KG_INGEST_BATCH_ROWS rows: one
    transaction for 100,000 entities outgrew the transaction memory limit. Each batch only
    touches what still carries the import's name, and the record goes last, so a removal
    that was stopped is completed by running it again. False when there is no such import."""
    settings = settings or IngestSettings()
    with driver.session(database=database) as session:
        record = session.execute_read(_record, name)
        if record is None:
            return False
        for query, rows in _removal(record):
            for batch in batches(rows, settings.batch_rows):
                session.execute_write(_remove_batch, query, batch, name)
                if advance is not None:
                    advance(len(batch))
        session.execute_write(_remove_batch, "ftm/import_remove_record", [], name)
    return True


def import_exists(driver: Driver, database: str, name: str) -> bool:
    with driver.session(database=database) as session:
        return session.execute_read(_record, name) is not None


def write_import(
    driver: Driver, database: str, mapped: Mapped, name: str, path: Path,
    settings: IngestSettings | None = None,
) -> Outcome:  # fmt: skip
    """One transaction up to KG_INGEST_ATOMIC_ROWS rows; above, committed batches after the
    record (status 'writing'), so `--remove NAME` can clear a run that did not finish."""
    settings = settings or IngestSettings()
    apply_schema(driver, database)
    with driver.session(database=database) as session:
        previous = session.execute_read(_record, name)
        big = previous is not None and _size(previous) > settings.atomic_rows
    removed = big and remove_import(driver, database, name, settings)  # too big for one tx
    with driver.session(database=database) as session:
        size = len(mapped.nodes) + len(mapped.relations)
        if size <= settings.atomic_rows:

            def work(tx: ManagedTransaction) -> Outcome:
                replaced = remove_tx(tx, name) or removed
                the_plan = plan(tx, mapped, name, path)
                for step in the_plan.steps:
                    for batch in batches(step.rows, settings.batch_rows):
                        _run(tx, step.query, batch, name)
                tx.run(cypher.load("ftm/import_record"), record=the_plan.record).consume()
                the_plan.outcome.removed_before = replaced
                return the_plan.outcome

            return session.execute_write(work)
        removed = remove_import(driver, database, name, settings) or removed
        the_plan = session.execute_write(plan, mapped, name, path)
        writing = {**the_plan.record, "status": "writing"}
        session.execute_write(
            lambda tx: tx.run(cypher.load("ftm/import_record"), record=writing).consume()
        )
        for step in the_plan.steps:
            for batch in batches(step.rows, settings.batch_rows):
                session.execute_write(_run, step.query, batch, name)
        session.execute_write(
            lambda tx: tx.run(cypher.load("ftm/import_record"), record=the_plan.record).consume()
        )
        the_plan.outcome.removed_before = removed
        the_plan.outcome.batched = True
        return the_plan.outcome
