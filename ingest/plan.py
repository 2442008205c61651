"""What an ingest must write: the files' rows compared with what the graph holds.

Every node and relationship the ingest writes carries `ingest_hash`, a digest of the
properties it was given. Reading the graph's ids and hashes (one pass, linear in the graph)
tells, row by row, what is new, what changed and what the files no longer state; the write
then touches only those. A re-run with no change writes nothing, and a 1% change writes
about 1% of the rows. Whatever the ingest owns and the files no longer state is removed; it
owns everything with an id except what a bulk load wrote (marked `bulk_load`).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import neo4j
from neo4j import Driver

import cypher
from ingest.transform import Row, Rows

HASH_KEY = "ingest_hash"
BULK_KEY = "bulk_load"  # true on what `kg bulk load` wrote
BOOKKEEPING = (HASH_KEY, BULK_KEY)


def props_hash(props: dict[str, Any]) -> str:
    """A digest of one row's properties. transform() builds every dict in a fixed order and
    `repr` of str, int, float, bool, list and date is stable, so equal rows hash equal."""
    return hashlib.blake2b(repr(props).encode(), digest_size=12).hexdigest()


class Held(NamedTuple):
    """One node or relationship the graph holds (a tuple: there may be millions)."""

    kind: str
    hash: str | None  # None: not written by the ingest (a bulk load, by hand, an old version)
    owned: bool  # False for what a bulk load wrote: the curated ingest never removes it
    ends: tuple[str, str] | None = None  # relationships: (from, to)


@dataclass
class State:
    nodes: dict[str, Held] = field(default_factory=dict)
    relations: dict[str, Held] = field(default_factory=dict)


def read_state(driver: Driver, database: str) -> State:
    """Ids, kinds and hashes of everything in the graph, streamed (no result list in memory)."""
    state = State()
    # `bulk_load` is absent from most graphs; Neo4j's warning about it is noise here.
    quiet = neo4j.NotificationMinimumSeverity.OFF
    with driver.session(
        database=database,
        default_access_mode=neo4j.READ_ACCESS,
        notifications_min_severity=quiet,
    ) as session:
        nodes = state.nodes
        for key, kind, digest, owned in session.run(cypher.load("ingest/state_nodes")):
            nodes[key] = Held(kind, digest, owned)
        relations = state.relations
        for start, held in session.run(cypher.load("ingest/state_relations")):
            for key, kind, end, digest, owned in held:
                relations[key] = Held(kind, digest, owned, (start, end))
    return state


@dataclass
class Step:
    """One Cypher query and the rows it is run with, batch by batch."""

    query: str  # a name in cypher/
    rows: list[Any]
    param: str = "rows"


@dataclass
class Tally:
    total: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0


@dataclass
class WritePlan:
    steps: list[Step]
    nodes: dict[str, Tally]
    relations: dict[str, Tally]

    @property
    def size(self) -> int:
        return sum(len(step.rows) for step in self.steps)


def _hash_rows(rows: Iterable[Row]) -> None:
    for row in rows:
        row["props"].pop(HASH_KEY, None)  # rows hashed before: hash what they say, once
        row["props"][HASH_KEY] = props_hash(row["props"])


def _sort(
    rows: list[Row], held: dict[str, Held], kind_of: str | None, tally: dict[str, Tally]
) -> tuple[list[Row], list[Row]]:
    """Split rows into (new, changed); count each kind's total, created and updated."""
    new: list[Row] = []
    changed: list[Row] = []
    for row in rows:
        kind = row[kind_of] if kind_of else "Source"
        tally[kind].total += 1
        have = held.get(row["id"])
        if have is None:
            tally[kind].created += 1
            new.append(row)
        elif have.hash != row["props"][HASH_KEY]:
            tally[kind].updated += 1
            changed.append(row)
    return new, changed


def plan_writes(rows: Rows, state: State) -> WritePlan:
    """The steps that take the graph from `state` to what `rows` say, in a safe order:
    nodes before the edges that need them, removals of edges before their nodes."""
    for group in (rows.sources, rows.entities, rows.relations, rows.statuses):
        _hash_rows(group)
    nodes: dict[str, Tally] = defaultdict(Tally)
    relations: dict[str, Tally] = defaultdict(Tally)
    statuses = [{**row, "label": "Status"} for row in rows.statuses]

    new_sources, changed_sources = _sort(rows.sources, state.nodes, None, nodes)
    new_entities, changed_entities = _sort(rows.entities, state.nodes, "label", nodes)
    new_statuses, changed_statuses = _sort(statuses, state.nodes, "label", nodes)
    new_relations, changed_relations = _sort(rows.relations, state.relations, "type", relations)

    wanted_relations = {row["id"] for row in rows.relations}
    stale_relations = [
        {"id": key, "from": have.ends[0], "to": have.ends[1]}
        for key, have in state.relations.items()
        if have.owned and key not in wanted_relations and have.ends
    ]
    for row in stale_relations:
        relations[state.relations[row["id"]].kind].removed += 1
    wanted_nodes = {row["id"] for group in (rows.sources, rows.entities) for row in group}
    wanted_nodes.update(row["id"] for row in rows.statuses)
    stale_nodes = [
        key for key, have in state.nodes.items() if have.owned and key not in wanted_nodes
    ]
    for key in stale_nodes:
        nodes[state.nodes[key].kind].removed += 1
    by_kind: dict[str, list[str]] = defaultdict(list)
    for key in stale_nodes:
        kind = state.nodes[key].kind
        by_kind[kind if kind in {"Source", "Status"} else "Entity"].append(key)

    steps = [
        Step("ingest/upsert_sources", new_sources + changed_sources),
        Step("ingest/upsert_entities", new_entities + changed_entities),
        Step("ingest/create_relations", new_relations),
        Step("ingest/update_relations", changed_relations),
        Step("ingest/upsert_statuses", new_statuses + changed_statuses),
        Step("ingest/remove_relations", stale_relations),
        Step("ingest/remove_statuses", by_kind["Status"], "ids"),
        Step("ingest/remove_entities", by_kind["Entity"], "ids"),
        Step("ingest/remove_sources", by_kind["Source"], "ids"),
    ]
    return WritePlan([s for s in steps if s.rows], nodes, relations)
