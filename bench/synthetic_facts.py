"""One synthetic source file: its source block, entities, relations and statuses.

Every relation goes from an entity defined in its own file (to anything in the dataset), so
a fact (type, from, to, key) can only repeat inside one file, where a set of seen facts
stops it. Keys that must be unique across files carry the file's number.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field

from bench.synthetic_vocab import (
    ACTORS,
    CLAIMANT,
    DESIGNATIONS,
    DURABLE,
    EVENT_HEADS,
    JOBS,
    ORG_TABLES,
    PER_ENTITY,
    PHRASE,
    PUBLISHERS,
    ROLES,
    STATUSES,
    TABLES,
    VERDICTS,
    Item,
    Template,
)
from bench.synthetic_world import (
    BLOCK,
    CLM,
    EVT,
    ORG,
    PER,
    World,
    choose,
    date_text,
    mix,
)
from graph.schema import EVENT_DATE_STARTS, NodeType
from graph.schema import RelType as R


def source_id(f: int) -> str:
    return f"source:syn-{f:06d}"


def publisher(seed: int, f: int) -> str:
    return PUBLISHERS[mix(seed, f, 7) % len(PUBLISHERS)]


def tag(f: int) -> str:
    return f"syn-{f}"


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def later(date: str, rng: random.Random) -> str:
    return f"{int(date[:4]) + 1 + int(rng.random() * 6):04d}{date[4:]}"


@dataclass
class FileData:
    name: str  # the YAML file's name
    source: Item
    entities: list[Item] = field(default_factory=list)
    relations: list[Item] = field(default_factory=list)
    statuses: list[Item] = field(default_factory=list)


class Maker:
    """Writes the items of file `f` with `rng`; `facts` holds the fact ids already stated."""

    def __init__(self, world: World, f: int, files: int, rng: random.Random) -> None:
        self.world, self.f, self.files, self.rng = world, f, files, rng
        self.pub = publisher(world.seed, f)
        self.facts: set[tuple[str, str, str, str | None]] = set()
        self.keys = 0

    def claimant(self) -> int | None:
        return self.world.index(ORG, CLAIMANT) if self.world.counts[ORG] > CLAIMANT else None

    def ref(self, i: int) -> tuple[str, str]:
        return self.world.ref(i)

    def relations(self, i: int, count: int) -> list[Item]:
        tail = self.world.type_of(i)
        templates, cum = ORG_TABLES[self.world.kind(i) or ""] if tail == ORG else TABLES[tail]
        out: list[Item] = []
        for _ in range(count):
            pick = templates[bisect.bisect(cum, self.rng.random() * cum[-1])]
            out.extend(self.relation(i, pick))
        return out

    def relation(self, i: int, template: Template) -> list[Item]:
        rel, heads, _ = template
        rng, tail = self.rng, self.world.type_of(i)
        head = choose(rng, heads)
        j = self.world.pick(rng, head, EVENT_HEADS[rel, tail] if head == EVT else None)
        if j is None or j == i:
            return []
        (from_id, a), (to_id, b) = self.ref(i), self.ref(j)
        item: Item = {"type": rel.value, "from": from_id, "to": to_id}
        self._extras(item, rel, head)
        self._dates(item, rel, head, j)
        if rng.random() < 0.04:
            party = self.claimant() if rng.random() < 0.5 else None
            party = party if party is not None else self.world.pick(rng, choose(rng, ACTORS))
            if party is not None:
                item["attributed_to"], who = self.ref(party)
                item["note"] = f"According to {who}, {a} {PHRASE[rel]} {b}; {self.pub} reports it."
        if "note" not in item:
            item["note"] = self._note(rel, a, b, bool(item.get("ended")))
        fact = (rel.value, from_id, to_id, item.get("key"))
        if fact in self.facts:
            return []
        self.facts.add(fact)
        if "valid_from" in item and "key" not in item and rng.random() < 0.03:
            return self._disagreement(item, b)
        return [item]

    def _note(self, rel: R, a: str, b: str, ended: bool) -> str:
        if ended:
            return f"{self.pub} describes {a} as a former party to this: {a} {PHRASE[rel]} {b}."
        form = int(self.rng.random() * 3)
        if form == 0:
            return f"{self.pub} reports that {a} {PHRASE[rel]} {b}."
        return f"{a} {PHRASE[rel]} {b}, " + ("the article says." if form == 1 else "per the text.")

    def _extras(self, item: Item, rel: R, head: NodeType) -> None:
        rng = self.rng
        if rel in ROLES and (rel in (R.RELATIVE_OF, R.SENTENCED) or rng.random() < 0.6):
            item["role"] = choose(rng, ROLES[rel])
        if rel == R.FACT_CHECKED:
            item["verdict"] = choose(rng, VERDICTS)
        if rel == R.DESIGNATED and rng.random() < 0.7:
            # Keyed: the status it makes is then this file's own statement.
            self.keys += 1
            item["key"] = f"{tag(self.f)}-d{self.keys}"
            item["status"] = choose(rng, DESIGNATIONS[head])
        if rel == R.SENTENCED:
            item["figures"] = {"sentence_years": 2 + int(rng.random() * 24)}

    def _dates(self, item: Item, rel: R, head: NodeType, j: int) -> None:
        rng, r = self.rng, self.rng.random()
        if head == EVT and rel in EVENT_DATE_STARTS and r < 0.6:
            item["valid_from"] = self.world.event_date(j)
        elif r < 0.88:
            item["valid_from"] = date_text(rng.getrandbits(32))
        if rel in DURABLE:
            r = rng.random()
            if r < 0.2 and "valid_from" in item:
                item["valid_to"] = later(item["valid_from"], rng)
            elif r < 0.3:
                item["ended"] = True

    def _disagreement(self, item: Item, b: str) -> list[Item]:
        """The same tie dated otherwise by another file's source: both get keys."""
        if self.files < 2:
            return [item]
        g = (self.f + 1 + int(self.rng.random() * (self.files - 1))) % self.files
        keyed = {(item["type"], item["from"], item["to"], k) for k in (tag(self.f), tag(g))}
        if keyed & self.facts:
            return [item]
        first = {k: item[k] for k in ("type", "from", "to")}
        first["key"] = tag(self.f)
        first.update((k, v) for k, v in item.items() if k not in first)
        year = int(item["valid_from"][:4]) + (1 + int(self.rng.random() * 3)) * (-1) ** self.f
        other = {k: item[k] for k in ("type", "from", "to")}
        other.update(key=tag(g), valid_from=f"{year:04d}{item['valid_from'][4:]}")
        other.update((k, item[k]) for k in ("role", "verdict", "figures") if k in item)
        other.update(source=source_id(g), note=f"{publisher(self.world.seed, g)} dates this "
                     f"tie with {b} to {year}, against other reports.")  # fmt: skip
        self.facts |= keyed
        return [first, other]

    def entity(self, i: int) -> Item:
        world, rng = self.world, self.rng
        t, kind = world.type_of(i), world.kind(i)
        name, aliases = world.names(i)
        item: Item = {"id": world.entity_id(i, name), "type": t.value, "name": name}
        if aliases:
            item["aliases"] = aliases
        if t == PER:
            job = choose(rng, JOBS)
            item["description"] = f"{job.capitalize()}, born {1950 + int(rng.random() * 50)}."
            item["note"] = f"{self.pub} describes {name} as {_a(job)}."
            return item
        label = (kind or "claim").replace("_", " ")
        item["description"] = f"{label.capitalize()} named in reporting by {self.pub}."
        item["note"] = f"{self.pub} names {name}, {_a(label)}."
        if kind:
            item["kind"] = kind
        if t == ORG and rng.random() < 0.6:
            item["founded"] = date_text(rng.getrandbits(32), 1990, 35)
        elif t == EVT:
            self._event(i, item)
        elif t == CLM:
            item["text"] = f"{name.removeprefix('Claim that the ')}."
            if rng.random() < 0.7:
                item["date"] = date_text(rng.getrandbits(32), 2010, 16)
        return item

    def _event(self, i: int, item: Item) -> None:
        item["date"] = date = self.world.event_date(i)
        if len(date) == 10 and int(date[8:]) < 21 and self.rng.random() < 0.15:
            item["end_date"] = f"{date[:8]}{int(date[8:]) + 1 + int(self.rng.random() * 7):02d}"
        if self.rng.random() < 0.05:
            party = self.world.pick(self.rng, ORG)
            if party is not None:
                item["attributed_to"], who = self.ref(party)
                item["description"] += f" Reported as the claim of {who}."

    def statuses(self, i: int) -> list[Item]:
        t, rng = self.world.type_of(i), self.rng
        if t not in STATUSES or rng.random() > (0.15 if t == PER else 0.12):
            return []
        options = STATUSES[t]
        chosen = dict.fromkeys(choose(rng, options) for _ in range(2))
        entity_id, name = self.ref(i)
        out: list[Item] = []
        for status in chosen:
            item: Item = {"entity": entity_id, "status": status}
            if rng.random() < 0.8:
                item["valid_from"] = date_text(rng.getrandbits(32), 2012, 14)
                if rng.random() < 0.12:
                    item["valid_to"] = later(item["valid_from"], rng)
            if "valid_to" not in item and rng.random() < 0.05:
                item["ended"] = True
            claimant = self.claimant() if rng.random() < 0.05 else None
            if claimant is not None:
                item["attributed_to"] = self.ref(claimant)[0]
            item["note"] = f"{self.pub} gives the status of {name} as {status.replace('_', ' ')}."
            out.append(item)
        return out


def make_file(world: World, f: int, files: int) -> FileData:
    """File `f`: the source, the entities of block `f`, their relations and statuses."""
    rng = random.Random(mix(world.seed, f, 5))
    maker = Maker(world, f, files, rng)
    published = date_text(rng.getrandbits(32), 2015, 11)
    published = published + "-01" * ((10 - len(published)) // 3)  # always a day
    title = f"{maker.ref(BLOCK * f)[1]} and {maker.pub}: report no. {f}"
    source: Item = {
        "id": source_id(f),
        "title": title,
        "publisher": maker.pub,
        "url": f"https://synthetic.example/{f // 1000}/{f}",
        "published": published,
        "evidence": "note",
        "language": "en" if rng.random() < 0.8 else "ru",
        "remarks": f"Synthetic source from bench/synthetic.py (seed {world.seed}).",
    }
    name = f"{published}_{tag(f)}.yaml"
    data = FileData(name, source)
    for i in range(BLOCK * f, min(BLOCK * (f + 1), world.n)):
        data.entities.append(maker.entity(i))
        t = world.type_of(i)
        count = max(PER_ENTITY[t] + (int(rng.random() * 5) - 2), 0)
        data.relations.extend(maker.relations(i, count))
        data.statuses.extend(maker.statuses(i))
    return data
