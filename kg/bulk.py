"""`kg bulk load DIR`: check and convert the bulk files, then load them into an empty
database by the fastest means at hand, then the schema (constraints, full-text index).

- The local server (NEO4J_URI not set): `neo4j-admin database import full`, with the server
  stopped for the import and started again after (kg/local/admin.py).
- NEO4J_URI set: batched `UNWIND $rows CREATE` in a few threads (ingest/bulk/bolt.py).
Nothing is written when any line has a problem; a database that holds data is refused
unless `force` (the local import then replaces it; a remote one is cleared first).
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import Driver

import cypher
from graph.driver import check_connection, make_driver
from graph.schema import NodeType
from graph.settings import LocalServerSettings, Neo4jSettings, neo4j_uri_is_set
from ingest.bulk import bolt
from ingest.bulk.convert import Converted, convert
from ingest.load import apply_schema
from ingest.progress import progress
from kg.errors import CliError
from kg.local import admin, server
from kg.local.writable import writable

FIXUP_BATCH = 1000
INDEX_WAIT_SECONDS = 1800
NODE_LABELS = {"Source", "Status", *NodeType}
NODE_FIXUP = {
    "entities": "bulk/fixup_entity",
    "sources": "bulk/fixup_source",
    "statuses": "bulk/fixup_status",
}


@dataclass
class Outcome:
    counts: Counter[str] = field(default_factory=Counter)  # what the graph holds, by name
    kinds: dict[str, str] = field(default_factory=dict)  # name -> node | relationship
    seconds: dict[str, float] = field(default_factory=dict)
    lines: int = 0
    method: str = ""

    def table(self) -> str:
        lines = [f"{'':<32}{'count':>12}"]
        for title in ("node", "relationship"):
            lines.append(f"{title}s")
            for name in sorted(n for n, k in self.kinds.items() if k == title):
                lines.append(f"  {name:<30}{self.counts[name]:>12,}")
        lines.append(f"seconds ({self.method}, {self.lines:,} lines)")
        for phase, took in self.seconds.items():
            lines.append(f"  {phase:<30}{took:>12.1f}")
        lines.append(f"  {'total':<30}{sum(self.seconds.values()):>12.1f}")
        return "\n".join(lines)


def _refuse_unless_empty(driver: Driver, database: str, force: bool, where: str) -> bool:
    """True when the database holds data (and `force` allows replacing it)."""
    records, _, _ = driver.execute_query(cypher.load("bulk/any_node"), database_=database)
    found = bool(records and records[0]["found"])
    if found and not force:
        raise CliError(
            f"the database {database!r} at {where} already holds data; `kg bulk load` fills "
            "an empty database only. Give --force to replace everything in it, or use "
            "`kg ingest` to add curated files."
        )
    return found


def _finish(driver: Driver, database: str, converted: Converted, out: Outcome) -> None:
    """Schema, what the import could not write, indexes online, and the counts."""
    started = time.monotonic()
    apply_schema(driver, database)
    out.seconds["schema"] = time.monotonic() - started
    started = time.monotonic()
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for fix in converted.fixups:
        by_table[fix.table].append({"id": fix.id, "start": fix.start, "props": fix.props})
    for table, rows in by_table.items():
        for i in range(0, len(rows), FIXUP_BATCH):
            batch = rows[i : i + FIXUP_BATCH]
            if table in NODE_FIXUP:
                driver.execute_query(cypher.load(NODE_FIXUP[table]), rows=batch, database_=database)
            else:
                driver.execute_query(
                    cypher.load("bulk/fixup_relations"), rows=batch, database_=database
                )
    out.seconds["empty lists and strings"] = time.monotonic() - started
    started = time.monotonic()
    driver.execute_query(
        cypher.load("bulk/await_indexes"), seconds=INDEX_WAIT_SECONDS, database_=database
    )
    out.seconds["indexes online"] = time.monotonic() - started
    records, _, _ = driver.execute_query(cypher.load("bulk/counts"), database_=database)
    nodes = sum(n for name, n in converted.counts.items() if name in NODE_LABELS)
    relationships = sum(converted.counts.values()) - nodes
    held = (records[0]["nodes"], records[0]["relationships"])
    if held != (nodes, relationships):
        raise CliError(
            f"the database holds {held[0]:,} nodes and {held[1]:,} relationships, but "
            f"{nodes:,} and {relationships:,} were loaded: was it written to meanwhile?"
        )
    for name, total in converted.counts.items():
        out.counts[name] = total
        out.kinds[name] = "node" if name in NODE_LABELS else "relationship"


def _local(converted: Converted, force: bool, out: Outcome) -> None:
    """Emptiness is checked on the server as it runs (a read works read-only too), so a
    refusal restarts nothing; the import itself holds the writer lock (serving.writable),
    so a newsroom server is read-only again however the load ends."""
    local = LocalServerSettings()
    admin.check_import_tool(local)
    settings = server.connection(local)
    started = time.monotonic()
    server.start(local)  # in its recorded mode
    with make_driver(settings) as driver:
        check_connection(driver, settings)
        _refuse_unless_empty(driver, settings.database, force, local.bolt_uri)
    with writable("bulk load", restart=False):
        print("Stopping Neo4j for the import ...", flush=True)
        server.stop(local)
        out.seconds["check empty, stop server"] = time.monotonic() - started
        started = time.monotonic()
        print(admin.run_import(local, converted, settings.database), flush=True)
        out.seconds["neo4j-admin import"] = time.monotonic() - started
        started = time.monotonic()
        server.start(local, read_only=False)
        out.seconds["start server"] = time.monotonic() - started
        with make_driver(settings) as driver:
            _finish(driver, settings.database, converted, out)


def _remote(converted: Converted, force: bool, out: Outcome) -> None:
    settings = Neo4jSettings()
    with make_driver(settings) as driver:
        check_connection(driver, settings)
        if _refuse_unless_empty(driver, settings.database, force, settings.uri):
            started = time.monotonic()
            with driver.session(database=settings.database) as session:
                session.run(cypher.load("bulk/clear")).consume()  # IN TRANSACTIONS: implicit
            out.seconds["clear (--force)"] = time.monotonic() - started
        started = time.monotonic()
        apply_schema(driver, settings.database)  # the id constraints serve the MATCHes
        total = sum(converted.counts.values())
        with progress("writing", total=total, unit="rows") as advance:
            bolt.write(driver, settings.database, converted, advance)
        out.seconds["bolt writes"] = time.monotonic() - started
        _finish(driver, settings.database, converted, out)


def bulk_load(data: Path, force: bool = False) -> Outcome:
    """Check everything, then load; raises InvalidData (nothing written) on any problem."""
    out = Outcome()
    with tempfile.TemporaryDirectory(prefix="kg-bulk-") as folder:
        converted = convert(data, Path(folder))
        out.seconds.update(converted.seconds)
        out.lines = converted.lines
        if neo4j_uri_is_set():
            out.method = "Bolt writes"
            _remote(converted, force, out)
        else:
            out.method = "neo4j-admin import"
            _local(converted, force, out)
    return out
