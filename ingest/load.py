"""Write the validated dataset: schema first, then one transaction of UNWIND batches.

Everything is written in a single transaction, so a failure half-way leaves the graph as it
was. Within it, nodes go before relationships, each in batches of `BATCH_SIZE` rows, and at
the end whatever the files no longer state is removed.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j import Driver, ManagedTransaction

import cypher
from graph.schema import STORAGE_TYPES, NodeType
from ingest.transform import Row, Rows

BATCH_SIZE = 500
Progress = Callable[[str, int, int], None]


@dataclass
class Counts:
    total: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0


@dataclass
class Summary:
    nodes: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    relations: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))

    def table(self) -> str:
        lines = [f"{'':<24}{'total':>7}{'created':>9}{'updated':>9}{'removed':>9}"]
        for title, group in (("nodes", self.nodes), ("relationships", self.relations)):
            lines.append(title)
            for kind in sorted(group):
                c = group[kind]
                lines.append(f"  {kind:<22}{c.total:>7}{c.created:>9}{c.updated:>9}{c.removed:>9}")
        return "\n".join(lines)


def batches(rows: list[Row], size: int | None = None) -> Iterator[list[Row]]:
    size = size or BATCH_SIZE  # read at call time, so it can be tuned
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


def _write(tx: ManagedTransaction, rows: Rows, summary: Summary, progress: Progress) -> None:
    steps: list[tuple[str, list[Row], dict[str, Counts]]] = [
        ("ingest/upsert_sources", rows.sources, summary.nodes),
        ("ingest/upsert_entities", rows.entities, summary.nodes),
        ("ingest/upsert_relations", rows.relations, summary.relations),
        ("ingest/upsert_statuses", rows.statuses, summary.nodes),
    ]
    total = sum(len(step[1]) for step in steps)
    done = 0
    for name, step_rows, counts in steps:
        for batch in batches(step_rows):
            for record in tx.run(cypher.load(name), rows=batch):
                c = counts[record["kind"]]
                c.total += record["total"]
                c.created += record["created"]
                c.updated += record["updated"]
            done += len(batch)
            progress("writing", done, total)
    node_ids = [r["id"] for r in rows.sources] + [r["id"] for r in rows.entities]
    relation_ids = [r["id"] for r in rows.relations]
    for record in tx.run(cypher.load("ingest/remove_stale_relations"), ids=relation_ids):
        summary.relations[record["kind"]].removed += record["removed"]
    for record in tx.run(cypher.load("ingest/remove_stale_nodes"), ids=node_ids):
        summary.nodes[record["kind"]].removed += record["removed"]
    status_ids = [r["id"] for r in rows.statuses]
    for record in tx.run(cypher.load("ingest/remove_stale_statuses"), ids=status_ids):
        summary.nodes[record["kind"]].removed += record["removed"]


def write(driver: Driver, database: str, rows: Rows, progress: Progress | None = None) -> Summary:
    _check_vocabulary(rows)
    apply_schema(driver, database)
    summary = Summary()
    with driver.session(database=database) as session:
        # execute_write retries transient errors; the work is idempotent, so that is safe.
        session.execute_write(_write, rows, summary, progress or (lambda *_: None))
    return summary


def terminal_progress(stage: str, done: int, total: int) -> None:
    if sys.stderr.isatty():
        end = "\n" if done >= total else ""
        print(f"\r{stage}: {done}/{total} rows", end=end, file=sys.stderr, flush=True)


def fingerprint(driver: Driver, database: str) -> str:
    """A hash of every curated node and relationship with all their properties and labels."""
    digest = hashlib.sha256()
    for name in ("ingest/fingerprint_nodes", "ingest/fingerprint_relations"):
        records, _, _ = driver.execute_query(
            cypher.load(name), database_=database, routing_=neo4j.RoutingControl.READ
        )
        for record in records:
            digest.update(json.dumps(record.data(), sort_keys=True, default=_plain).encode())
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple | set):
        return sorted(value, key=str)
    return str(value)
