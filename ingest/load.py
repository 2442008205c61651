"""Write the validated dataset: only what changed, atomically when it fits one transaction.

`ingest/plan.py` compares the files' rows with the ids and hashes the graph holds, so only
new, changed and stale rows are written. A change of up to `KG_INGEST_ATOMIC_ROWS` rows
(20,000 by default: the whole curated dataset several times over) is written in a single
transaction, so readers see the old graph or the new one, never a mix. A larger change is
written in committed batches of `KG_INGEST_BATCH_ROWS`, one transaction each, inside a
bounded transaction memory; if that run is killed, the next `kg ingest` compares again and
writes only what is still missing or stale, reaching the same graph (docs/model.md, "Atomicity
at scale"). An `IngestRun` node records whether the last batched run finished.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j import Driver, ManagedTransaction, Session
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

import cypher
from graph.schema import STORAGE_TYPES, NodeType
from ingest.plan import BOOKKEEPING, Step, Tally, WritePlan, plan_writes, read_state
from ingest.progress import progress
from ingest.transform import Rows

Counts = Tally
Notice = Callable[[str], None]


class IngestSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KG_INGEST_", extra="ignore")

    # Up to this many rows to write: one transaction. Beyond: committed batches.
    atomic_rows: int = Field(default=20_000, ge=0)
    batch_rows: int = Field(default=5_000, ge=1)


class WriteMismatch(RuntimeError):
    """A batch touched fewer rows than planned: the graph changed under the ingest."""


@dataclass
class Summary:
    nodes: dict[str, Counts] = field(default_factory=dict)
    relations: dict[str, Counts] = field(default_factory=dict)
    written: int = 0
    batched: bool = False

    def table(self) -> str:
        lines = [f"{'':<24}{'total':>9}{'created':>9}{'updated':>9}{'removed':>9}"]
        for title, group in (("nodes", self.nodes), ("relationships", self.relations)):
            lines.append(title)
            for kind in sorted(group):
                c = group[kind]
                lines.append(f"  {kind:<22}{c.total:>9}{c.created:>9}{c.updated:>9}{c.removed:>9}")
        how = "in committed batches" if self.batched else "in one transaction"
        lines.append(f"{self.written} rows written{' ' + how if self.written else ''}.")
        return "\n".join(lines)


def batches(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def apply_schema(driver: Driver, database: str) -> None:
    """Constraints and indexes, each in its own auto-commit (schema and data don't mix)."""
    for name in cypher.names("schema"):
        driver.execute_query(cypher.load(name), database_=database)


def _check_vocabulary(rows: Rows) -> None:
    """Labels and types reach Cypher as parameters; only enum values (and their CLAIMED_
    forms, graph/schema.py) may get there."""
    labels = {r["label"] for r in rows.entities}
    types = {r["type"] for r in rows.relations}
    unknown = (labels - set(NodeType)) | (types - STORAGE_TYPES)
    if unknown:
        raise ValueError(f"not in the vocabulary: {sorted(unknown)}")


def run_counted(
    tx: ManagedTransaction, query: str, params: dict[str, Any], expected: int, writer: str
) -> None:
    """Run a write query that returns `written`. A writer plans against what it read, so
    fewer rows than planned means the graph changed under it: stop, and say to re-run."""
    record = tx.run(cypher.load(query), params).single(strict=True)
    if record["written"] != expected:
        raise WriteMismatch(
            f"{query} wrote {record['written']} of {expected} rows: the graph changed "
            f"while the {writer} ran; run `kg {writer}` again"
        )


def _run_batch(tx: ManagedTransaction, step: Step, batch: list[Any]) -> None:
    run_counted(tx, step.query, {step.param: batch}, len(batch), "ingest")


def _write_all(
    tx: ManagedTransaction, plan: WritePlan, size: int, advance: Callable[[int], None]
) -> None:
    for step in plan.steps:
        for batch in batches(step.rows, size):
            _run_batch(tx, step, batch)
            advance(len(batch))


def _mark(session: Session, status: str, rows: int) -> str | None:
    """Record the batched run's state; returns the state the previous run left."""
    record = session.execute_write(
        lambda tx: tx.run(cypher.load("ingest/mark_run"), status=status, rows=rows).single()
    )
    return record["previous"] if record else None


def write(
    driver: Driver,
    database: str,
    rows: Rows,
    notice: Notice | None = None,
    settings: IngestSettings | None = None,
) -> Summary:
    settings = settings or IngestSettings()
    say = notice or (lambda _text: None)
    _check_vocabulary(rows)
    apply_schema(driver, database)
    plan = plan_writes(rows, read_state(driver, database))
    summary = Summary(plan.nodes, plan.relations, written=plan.size)
    if not plan.steps:
        return summary
    size = settings.batch_rows
    with driver.session(database=database) as session:
        if plan.size <= settings.atomic_rows:
            with progress("writing", plan.size, "rows") as advance:
                # execute_write retries transient errors; the plan is the same each time.
                session.execute_write(_write_all, plan, size, advance)
            return summary
        summary.batched = True
        if _mark(session, "writing", plan.size) == "writing":
            say("The previous ingest did not finish; this run writes what it left out.")
        with progress("writing", plan.size, "rows") as advance:
            for step in plan.steps:
                for batch in batches(step.rows, size):
                    session.execute_write(_run_batch, step, batch)
                    advance(len(batch))
        _mark(session, "complete", plan.size)
    return summary


def fingerprint(driver: Driver, database: str) -> str:
    """A hash of every curated node and relationship with all their properties and labels,
    bookkeeping left out (`ingest_hash`, and `bulk_load` that marks what a bulk load wrote),
    so the same content gives the same fingerprint however it was loaded."""
    digest = hashlib.sha256()
    for name in ("ingest/fingerprint_nodes", "ingest/fingerprint_relations"):
        records, _, _ = driver.execute_query(
            cypher.load(name), database_=database, routing_=neo4j.RoutingControl.READ
        )
        for record in records:
            data = record.data()
            for key in BOOKKEEPING:
                data["props"].pop(key, None)
            digest.update(json.dumps(data, sort_keys=True, default=_plain).encode())
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple | set):
        return sorted(value, key=str)
    return str(value)
