"""A synthetic graph at scale for the API benchmark (bench/api_overhead.py), written with
plain CREATE batches next to the curated data.

The shape is the model's: Entity nodes with their type label, names and search keys
(bench/synthetic_names.py, Latin names with a Cyrillic alias), one MENTIONED_IN per entity,
about five dated, sourced relationships per entity of types the relation table allows, a few
attributed ones (CLAIMED_<TYPE>) and disagreements (the same pair and type under two keys),
three hubs (degrees about 1.2k, 5.5k and 11k at 100k entities, a tenth of the hubs at 10k)
and two small islands that no path reaches. Deterministic for a seed.

This is a benchmark shortcut (no validation, no merge): bench/synthetic.py with the real
ingest or bulk loader builds the same kind of graph the supported way.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver, ManagedTransaction

import cypher
from bench import synthetic_names
from graph.schema import CLAIMED, ID_PREFIX, NodeType, RelType
from graph.text import search_keys

BATCH = 5000
PER_ENTITY = 5  # relationships per entity, hubs included
ENTITIES_PER_SOURCE = 50
# Hub id -> (degree at 100k entities, relationship type, what links to it).
HUBS: dict[str, tuple[int, RelType, NodeType]] = {
    "place:syn-hub-1k": (1_200, RelType.LIVES_IN, NodeType.PERSON),
    "org:syn-hub-5k": (5_500, RelType.MEMBER_OF, NodeType.PERSON),
    "place:syn-hub-10k": (11_000, RelType.BASED_IN, NodeType.ORGANIZATION),
}
ISLANDS = ("person:syn-island-a", "person:syn-island-b")  # each a 3-node component
# (from type, to type) -> fact types the relation table allows between them.
RULES: dict[tuple[NodeType, NodeType], list[RelType]] = {
    (NodeType.PERSON, NodeType.PERSON): [
        RelType.ALLIED_WITH,
        RelType.OPPOSES,
        RelType.SPOKE_TO,
        RelType.RELATIVE_OF,
    ],
    (NodeType.PERSON, NodeType.ORGANIZATION): [
        RelType.MEMBER_OF,
        RelType.LEADS,
        RelType.FOUNDED,
        RelType.WORKS_FOR,
    ],
    (NodeType.PERSON, NodeType.PLACE): [RelType.LIVES_IN],
    (NodeType.PERSON, NodeType.EVENT): [RelType.PARTICIPATED_IN, RelType.SUBJECT_OF],
    (NodeType.ORGANIZATION, NodeType.ORGANIZATION): [
        RelType.ALLIED_WITH,
        RelType.PART_OF,
        RelType.OPPOSES,
    ],
    (NodeType.ORGANIZATION, NodeType.PLACE): [RelType.BASED_IN],
    (NodeType.ORGANIZATION, NodeType.EVENT): [RelType.ORGANIZED, RelType.PARTICIPATED_IN],
    (NodeType.EVENT, NodeType.PLACE): [RelType.LOCATED_IN],
}


@dataclass
class Synthetic:
    entities: int
    seed: int = 7
    ids: dict[NodeType, list[str]] = field(default_factory=dict)
    types: dict[str, NodeType] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # entity id -> its source

    @property
    def marker(self) -> str:
        return f"source:syn-manifest-{self.entities}-{self.seed}"


def _date(rng: random.Random) -> tuple[str, str, str]:
    """A date as given (day or month precision), its precision, and its first day."""
    year, month = rng.randint(2012, 2024), rng.randint(1, 12)
    if rng.random() < 0.5:
        return f"{year}-{month:02d}", "month", f"{year}-{month:02d}-01"
    day = f"{year}-{month:02d}-{rng.randint(1, 28):02d}"
    return day, "day", day


def _entity_rows(syn: Synthetic, rng: random.Random) -> Iterator[dict[str, Any]]:
    n = syn.entities
    named = synthetic_names.entities(int(n * 0.85), syn.seed)
    extra = [(NodeType.PLACE, i) for i in range(n // 20)]
    extra += [(NodeType.EVENT, i) for i in range(n - len(named) - len(extra))]
    rows: list[tuple[NodeType, str, str, list[str]]] = []
    for i, row in enumerate(named):
        kind = NodeType(row["type"])
        rows.append((kind, f"{ID_PREFIX[kind]}:syn-{i}", row["name"], row["aliases"]))
    for kind, i in extra:
        word = "".join(rng.choice(["ko", "va", "le", "mi", "ro", "tu", "zer"]) for _ in range(3))
        name = f"{word.capitalize()} {'Oblast' if kind is NodeType.PLACE else 'Forum'} {i}"
        rows.append((kind, f"{ID_PREFIX[kind]}:syn-x{i}", name, []))
    for hub in HUBS:
        kind = NodeType.PLACE if hub.startswith("place:") else NodeType.ORGANIZATION
        rows.append((kind, hub, f"Hub {hub.split('-')[-1]}", []))
    for island in ISLANDS:
        for j in range(3):
            rows.append((NodeType.PERSON, f"{island}{j}", f"Islander {island[-1]}{j}", []))
    for index, (kind, id, name, aliases) in enumerate(rows):
        source = f"source:syn-{index // ENTITIES_PER_SOURCE}"
        syn.ids.setdefault(kind, []).append(id)
        syn.types[id], syn.sources[id] = kind, source
        keys = search_keys(name, *aliases)
        props: dict[str, Any] = {
            "id": id,
            "name": name,
            "type": kind.value,
            "aliases": aliases,
            "description": f"Synthetic {kind.value.lower()} for the API benchmark.",
            "sources": [source],
            "search_keys": keys,
            "search_text": " | ".join(keys),
        }
        if kind is NodeType.EVENT:
            given, precision, first = _date(rng)
            props |= {"date": given, "date_precision": precision, "kind": "conference"}
            props["date_start"] = first
        note = f"{name} is named in this synthetic source."
        yield {
            "type": kind.value,
            "source": source,
            "props": props,
            "mention": {
                "id": f"MENTIONED_IN:{id}->{source}",
                "type": "MENTIONED_IN",
                "caption": "MENTIONED_IN",
                "sources": [source],
                "evidence": [note],
                "evidence_kinds": ["note"],
            },
        }


def _rel(syn: Synthetic, rng: random.Random, kind: RelType, a: str, b: str, key: str = "") -> Any:
    source = syn.sources[a]
    props: dict[str, Any] = {
        "id": f"{kind.value}:{a}->{b}" + (f"#{key}" if key else ""),
        "type": kind.value,
        "caption": kind.value,
        "sources": [source],
        "evidence": [f"Synthetic note on {a} and {b}."],
        "evidence_kinds": ["note"],
    }
    if key:
        props["key"] = key
    if rng.random() < 0.3:
        props["role"] = rng.choice(["member", "co-founder", "spokesperson", "adviser"])
    if rng.random() < 0.6:
        given, precision, first = _date(rng)
        props |= {"valid_from": given, "valid_from_precision": precision}
        props["valid_from_date"] = first
        if rng.random() < 0.15:
            props |= {"valid_to": "2024", "valid_to_precision": "year"}
            props["valid_to_date"] = "2024-12-31"
    stored = kind.value
    if rng.random() < 0.02:
        stored = CLAIMED[kind]
        props |= {"attributed_to": a, "attributed_to_name": a}
    return {"stored": stored, "from": a, "to": b, "props": props}


def _relation_rows(syn: Synthetic, rng: random.Random) -> Iterator[dict[str, Any]]:
    scale = syn.entities / 100_000
    hub_total = 0
    for hub, (degree, kind, linked) in HUBS.items():
        count = max(1, int(degree * scale))
        hub_total += count
        for a in rng.sample(syn.ids[linked], min(count, len(syn.ids[linked]))):
            yield _rel(syn, rng, kind, a, hub)
    for island in ISLANDS:
        yield _rel(syn, rng, RelType.ALLIED_WITH, f"{island}0", f"{island}1")
        yield _rel(syn, rng, RelType.SPOKE_TO, f"{island}1", f"{island}2")
    pairs = list(RULES)
    ordinary = [i for k, ids in syn.ids.items() for i in ids if not i.startswith(ISLANDS)]
    for _ in range(PER_ENTITY * syn.entities - hub_total):
        a = rng.choice(ordinary)
        options = [p for p in pairs if p[0] is syn.types[a]] or pairs
        _, to_type = rng.choice(options)
        b = rng.choice(syn.ids[to_type])
        if b == a or b.startswith(ISLANDS) or b in HUBS:
            continue
        kind = rng.choice(RULES.get((syn.types[a], to_type), [RelType.ALLIED_WITH]))
        if rng.random() < 0.01:  # a disagreement: the same fact under two keys
            yield _rel(syn, rng, kind, a, b, "a")
            yield _rel(syn, rng, kind, a, b, "b")
        else:
            yield _rel(syn, rng, kind, a, b)


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _write(tx: ManagedTransaction, name: str, rows: list[dict[str, Any]]) -> None:
    tx.run(cypher.load(name), rows=rows).consume()


def _dates(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ISO strings of the *_date and date_start fields as Neo4j dates (the model's types)."""
    from neo4j.time import Date

    for row in rows:
        props = row["props"]
        for name in ("date_start", "valid_from_date", "valid_to_date"):
            if isinstance(props.get(name), str):
                props[name] = Date.from_iso_format(props[name])
    return rows


def build(driver: Driver, database: str, entities: int, seed: int = 7) -> Synthetic:
    """Write the synthetic graph (unless the same one is there already); return its ids."""
    syn = Synthetic(entities, seed)
    rng = random.Random(seed)
    rows = list(_entity_rows(syn, rng))
    with driver.session(database=database) as session:
        there = session.run("MATCH (s:Source {id: $id}) RETURN count(s) AS n", id=syn.marker)
        if there.single(strict=True)["n"]:
            return syn
        sources = sorted({row["source"] for row in rows})
        source_rows = [
            {
                "id": s,
                "title": f"Synthetic report {s}",
                "publisher": "Synthetic Wire",
                "url": f"https://example.org/{s.split(':')[1]}",
                "published": "2023-05-01",
                "evidence": "note",
            }
            for s in sources
        ]
        for batch in _batches(iter(source_rows)):
            session.execute_write(_write, "bench/api_sources", batch)
        for batch in _batches(iter(rows)):
            session.execute_write(_write, "bench/api_entities", _dates(batch))
        for batch in _batches(_relation_rows(syn, rng)):
            session.execute_write(_write, "bench/api_relations", _dates(batch))
        # Last: a build cut short is built again (into a cleared database) next time.
        session.execute_write(_write, "bench/api_sources", [{"id": syn.marker}])
    return syn
