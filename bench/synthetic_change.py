"""`--change F`: edit about a fraction F of one file's statements, deterministically.

The edits draw from their own random stream, so the unchanged statements stay byte for byte
what the base dataset has. Of the statements picked: an entity gets a new description; a
relation gets an earlier `valid_from` (60%), is removed (20%) or is replaced by a new relation
from the same entity (20%); a status gets an earlier `valid_from`. Besides, about 2F of the
files gain one new entity (numbered past the base dataset) with a few relations.
"""

from __future__ import annotations

import random

from bench.synthetic_facts import FileData, Maker
from bench.synthetic_vocab import PER_ENTITY, Item
from bench.synthetic_world import World, date_text, mix


def earlier(item: Item, rng: random.Random) -> None:
    """Move the start back (a start before an existing end stays valid)."""
    start = item.get("valid_from") or item.get("valid_to")
    if start is None:
        item["valid_from"] = date_text(rng.getrandbits(32))
        return
    item["valid_from"] = f"{int(start[:4]) - 1 - int(rng.random() * 3):04d}{start[4:]}"


def _base_index(data: FileData, world: World) -> dict[str, int]:
    """The index of each entity defined in this file, by id (the id ends in it)."""
    return {e["id"]: int(e["id"].rsplit("-", 1)[1]) for e in data.entities}


def mutate(world: World, data: FileData, f: int, files: int, fraction: float, seed: int) -> None:
    rng = random.Random(mix(seed, f, 11))
    maker = Maker(world, f, files, rng)
    maker.keys = 10_000  # keys of added DESIGNATED ties stay apart from the base file's
    maker.facts = {(r["type"], r["from"], r["to"], r.get("key")) for r in data.relations}
    for entity in data.entities:
        if rng.random() < fraction:
            entity["description"] = f"{entity.get('description', '')} Revised (edit {seed})."
    local = _base_index(data, world)
    kept: list[Item] = []
    for relation in data.relations:
        r = rng.random()
        if r >= fraction:
            kept.append(relation)
            continue
        what = rng.random()
        if what < 0.6:
            earlier(relation, rng)
            kept.append(relation)
        elif what >= 0.8 and relation["from"] in local:
            kept.extend(maker.relations(local[relation["from"]], 1))
    for status in data.statuses:
        if rng.random() < fraction:
            earlier(status, rng)
    data.relations = kept
    if rng.random() < 2 * fraction:
        i = world.n + f  # past every base entity, and one per file at most
        data.entities.append(maker.entity(i))
        data.relations.extend(maker.relations(i, PER_ENTITY[world.type_of(i)] + 1))
