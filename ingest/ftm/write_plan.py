"""Write, first step: compare a mapped FtM import with the graph, inside the write
transaction, and plan what to create, what to cite and what the import's record lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction

import cypher
from graph.schema import STORAGE_TYPES, NodeType, semantic_type
from ingest.ftm.types import SOURCE, STATUS, Cite, FtmInputError, Mapped, Node, Row, Statement


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


# ---------------------------------------------------------------- the plan
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


def relation_row(statement: Statement, names: dict[str, str], name: str) -> Row:
    """The row create_relations writes: props as the ingest makes them, plus ftm_dataset."""
    rel_type = semantic_type(statement.type) if statement.type != "MENTIONED_IN" else None
    text = rel_type.value if rel_type else "MENTIONED_IN"
    props: Row = {"id": statement.id, **statement.props}
    props["sources"] = [c.source for c in statement.cites]
    props["evidence"] = [c.text for c in statement.cites]
    props["evidence_kinds"] = [c.kind for c in statement.cites]
    props["type"] = text
    props["caption"] = text
    party = props.get("attributed_to")
    if party is not None:
        props["attributed_to_name"] = names.get(party, party)
        props["caption"] = f"{text} · per {props['attributed_to_name']}"
    props["ftm_dataset"] = [name]
    ends = {"from": statement.start, "to": statement.end}
    return {"id": statement.id, "type": statement.type, **ends, "props": props}
