"""Write a mapped FtM import (importer.py): compare with the graph, create or cite, record.

Runs inside one write transaction for a normal file: a previous import of the same name is
taken off first, then the ids are looked up, so the comparison sees the graph it writes to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import Driver, ManagedTransaction

import cypher
from graph.schema import STORAGE_TYPES, NodeType
from ingest.ftm.import_links import Statement, relation_row
from ingest.ftm.import_map import SOURCE, STATUS, Cite, Mapped, Node
from ingest.ftm.import_read import FtmInputError
from ingest.load import IngestSettings, apply_schema, batches, run_counted

Row = dict[str, Any]


@dataclass
class Outcome:
    name: str
    created: dict[str, int] = field(default_factory=dict)
    cited: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    removed_before: bool = False
    batched: bool = False
    repeated: int = 0  # lines that stated an id again (merged)

    def table(self) -> str:
        lines = [f"FtM import {self.name!r}:"]
        for kind in sorted(set(self.created) | set(self.cited)):
            lines.append(
                f"  {kind:<22}{self.created.get(kind, 0):>7} created"
                f"{self.cited.get(kind, 0):>7} already there (cited)"
            )
        if self.skipped:
            what = ", ".join(f"{k} ({v})" for k, v in sorted(self.skipped.items()))
            lines.append(f"  skipped, schemata with no counterpart here: {what}")
        if self.repeated:
            lines.append(f"  {self.repeated} line(s) stated an id again: merged (listed above)")
        if self.removed_before:
            lines.append("  (replaced the previous import of that name)")
        how = "in committed batches" if self.batched else "in one transaction"
        lines.append(f"Written {how}; `kg import-ftm --remove {self.name}` takes it away.")
        return "\n".join(lines)


# ---------------------------------------------------------------- writing
@dataclass
class Step:
    query: str
    rows: list[Any]


@dataclass
class Plan:
    steps: list[Step]
    record: Row
    outcome: Outcome


def _held(tx: ManagedTransaction, mapped: Mapped, path: Path) -> dict[str, Any]:
    """The nodes the graph holds of those the import names; FtmInputError when a required
    one is missing or of another kind than the file says."""
    ids = sorted(set(mapped.nodes) | set(mapped.required))
    held = {r["id"]: r for r in tx.run(cypher.load("ftm/import_lookup_nodes"), ids=ids)}
    problems = [
        f"{where}: {ours} is not in the graph"
        for ours, (where, _) in mapped.required.items()
        if ours not in held
    ]
    for node in mapped.nodes.values():
        have = held.get(node.id)
        if have is not None and have["kind"] != node.label:
            problems.append(
                f"{path}:{node.line}: schema: {node.id} is {_a(have['kind'])} in the graph, "
                f"{_a(node.label)} here"
            )
    if problems:
        raise FtmInputError(problems[:50])
    return held


@dataclass
class _Rows:
    """What to create, what to cite, and the citations added to what was there."""

    name: str
    outcome: Outcome
    create: dict[str, list[Row]] = field(
        default_factory=lambda: {SOURCE: [], "Entity": [], STATUS: [], "rel": []}
    )
    cite_nodes: list[Row] = field(default_factory=list)
    cite_rels: list[Row] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)

    def count(self, group: dict[str, int], kind: str) -> None:
        group[kind] = group.get(kind, 0) + 1

    def new_node(self, node: Node, names: dict[str, str]) -> None:
        self.count(self.outcome.created, node.label)
        props = {**node.props, "ftm_dataset": [self.name]}
        if node.label == STATUS:
            props |= _evidence(node.cites)
            self.create[STATUS].append({"id": node.id, "entity": props["entity"], "props": props})
        elif node.label == SOURCE:
            self.create[SOURCE].append({"id": node.id, "props": props})
        else:
            party = props.get("attributed_to")
            if party:
                props["attributed_to_name"] = names.get(party, party)
            props["sources"] = _unique([c.source for c in node.cites])
            self.create["Entity"].append({"id": node.id, "label": node.label, "props": props})

    def held_node(self, node: Node, cited_before: list[str]) -> None:
        self.count(self.outcome.cited, node.label)
        new = [c for c in node.cites if c.source not in cited_before]
        if node.label == SOURCE:
            new = []
        elif node.label != STATUS:  # an entity lists each source once
            new = _first_per_source(new)
        self.cited += [f"{node.id}\t{c.source}" for c in new]
        self.cite_nodes.append({"id": node.id, **_evidence(new, "kinds")})

    def statement(
        self, statement: Statement, held: dict[str, list[str]], names: dict[str, str]
    ) -> None:
        if statement.id not in held:
            self.count(self.outcome.created, statement.type)
            self.create["rel"].append(relation_row(statement, names, self.name))
            return
        self.count(self.outcome.cited, statement.type)
        new = [c for c in statement.cites if c.source not in held[statement.id]]
        self.cited += [f"{statement.id}\t{c.source}" for c in new]
        ends = {"id": statement.id, "from": statement.start}
        self.cite_rels.append({**ends, **_evidence(new, "kinds")})


def plan(tx: ManagedTransaction, mapped: Mapped, name: str, path: Path) -> Plan:
    """Compare with the graph (inside the write transaction): create what it lacks, cite
    what it holds, after checking that every id named but not defined is there."""
    held = _held(tx, mapped, path)
    starts = [{"id": s.id, "from": s.start} for s in mapped.relations.values() if s.start in held]
    held_rels = {
        r["id"]: r["sources"]
        for r in tx.run(cypher.load("ftm/import_lookup_relations"), rows=starts)
    }
    names = {n.id: n.props["name"] for n in mapped.nodes.values() if "name" in n.props}
    names.update({k: v["name"] for k, v in held.items() if v["name"]})
    rows = _Rows(name, Outcome(name))
    for node in mapped.nodes.values():
        if node.id in held:
            rows.held_node(node, held[node.id]["sources"])
        else:
            rows.new_node(node, names)
    for ours in mapped.required:  # named only: marked as used, so no other removal drops it
        if ours not in mapped.nodes:
            rows.cite_nodes.append({"id": ours, "sources": [], "evidence": [], "kinds": []})
    for statement in mapped.relations.values():
        rows.statement(statement, held_rels, names)
    create, cite_nodes, cite_rels, cited = rows.create, rows.cite_nodes, rows.cite_rels, rows.cited
    outcome = rows.outcome
    unknown = {r["label"] for r in create["Entity"]} - set(NodeType)
    unknown |= {r["type"] for r in create["rel"]} - STORAGE_TYPES
    if unknown:  # labels and types reach Cypher as parameters: enum values only
        raise ValueError(f"not in the vocabulary: {sorted(unknown)}")
    steps = [
        Step("ftm/import_create_sources", create[SOURCE]),
        Step("ftm/import_create_entities", create["Entity"]),
        Step("ftm/import_create_statuses", create[STATUS]),
        Step("ftm/import_cite_nodes", cite_nodes),
        Step("ftm/import_create_relations", create["rel"]),
        Step("ftm/import_cite_relations", cite_rels),
    ]
    ids = sorted(set(mapped.nodes) | set(mapped.required))
    record = {
        "id": name,
        "file": str(path),
        "status": "complete",
        "entities": [n for n in ids if not n.startswith(("source:", "status:"))],
        "sources": [n for n in ids if n.startswith("source:")],
        "statuses": [n for n in ids if n.startswith("status:")],
        "relations": [f"{s.start}\t{s.id}" for s in mapped.relations.values()],
        "cited": cited,
    }
    outcome.skipped = dict(mapped.skipped)
    outcome.repeated = len(mapped.repeated)
    return Plan([s for s in steps if s.rows], record, outcome)


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "AEIOU" else f"a {word}"


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _first_per_source(cites: list[Cite]) -> list[Cite]:
    seen: dict[str, Cite] = {}
    for cite in cites:
        seen.setdefault(cite.source, cite)
    return list(seen.values())


def _evidence(cites: list[Cite], kinds: str = "evidence_kinds") -> Row:
    return {
        "sources": [c.source for c in cites],
        "evidence": [c.text for c in cites],
        kinds: [c.kind for c in cites],
    }


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
