"""Validated files -> rows for `UNWIND $rows MERGE`: one dict of properties per node or edge."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graph import text
from graph.schema import EVENT_DATE_STARTS, NodeType, RelType, storage_type
from ingest.cache import KeysKey, KeysMemo
from ingest.dates import PartialDate, date_props, first_given, parse_date, time_props
from ingest.models import EntityIn, Evidenced, RelationIn, SourceIn
from ingest.readers import paused_gc
from ingest.statuses import status_rows
from ingest.validate import Parsed

Row = dict[str, Any]


@dataclass
class Rows:
    sources: list[Row] = field(default_factory=list)
    entities: list[Row] = field(default_factory=list)  # {id, label, props}
    relations: list[Row] = field(default_factory=list)  # {id, type, from, to, props}
    statuses: list[Row] = field(default_factory=list)  # {id, entity, props}


def source_row(source: SourceIn, file_name: str) -> Row:
    props: Row = {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "evidence": source.evidence,
        "file": file_name,
    }
    for name in ("language", "remarks"):
        if getattr(source, name) is not None:
            props[name] = getattr(source, name)
    date_props("published", source.published, props)
    return {"id": source.id, "props": props}


def memo_key(entity: EntityIn) -> KeysKey:
    """What an entity's search keys are made from: its names, and whether it is a person."""
    return (entity.name, *entity.aliases), entity.type == NodeType.PERSON


def entity_props(entity: EntityIn, memo: KeysMemo | None = None) -> Row:
    props: Row = {
        "id": entity.id,
        "type": entity.type.value,
        "name": entity.name,
        "aliases": entity.aliases,
    }
    for name in ("description", "kind", "text", "attributed_to"):
        value = getattr(entity, name)
        if value is not None:
            props[name] = str(value)
    for name in ("founded", "date", "end_date"):
        date_props(name, getattr(entity, name), props)
    if entity.date:  # an event covers its days: from its date to its end_date
        props["date_end"] = parse_date(entity.end_date or entity.date).end
    props.update(entity.figures)
    if entity.figures:
        props["figures"] = sorted(entity.figures)
    # as written and cases folded (a person's case forms too)
    names, person = key = memo_key(entity)
    keys = memo.get(key) if memo is not None else None
    if keys is None:
        keys = text.search_keys(*names, person=person)
        if memo is not None:
            memo.put(key, keys)
    props["search_keys"] = keys
    props["search_text"] = " | ".join(keys)
    return props


class _Statement:
    """One relationship, accumulating the sources that state it."""

    __slots__ = ("end", "evidence", "id", "kinds", "props", "sources", "start", "type")

    def __init__(self, type_: str, start: str, end: str, fact_id: str, props: Row) -> None:
        self.type, self.start, self.end, self.id, self.props = type_, start, end, fact_id, props
        self.sources: list[str] = []
        self.evidence: list[str] = []
        self.kinds: list[str] = []

    def cite(self, source_id: str, item: Evidenced) -> None:
        kind, passage = item.evidence
        self.sources.append(source_id)
        self.evidence.append(passage)
        self.kinds.append(kind)

    def row(self, names: dict[str, str]) -> Row:
        """The row to write: an attributed statement is stored as CLAIMED_<TYPE> (its id
        starts with that, so a change of attribution replaces the old edge); `type` keeps
        the meaning and `caption` is what Neo4j Browser draws on the edge."""
        text = self.type.value if isinstance(self.type, RelType) else str(self.type)
        party = self.props.get("attributed_to")
        stored = storage_type(RelType(self.type), party is not None)
        # the statement's own id when stored under its own type (one string, not a copy)
        same = stored == text and self.id.startswith(text)
        fact_id = self.id if same else stored + self.id.removeprefix(text)
        props = {
            "id": fact_id,
            **self.props,
            "sources": self.sources,
            "evidence": self.evidence,
            "evidence_kinds": self.kinds,
            "type": text,
            "caption": text,
        }
        if "id" in self.props:  # a figure called `id` does not replace it
            props["id"] = fact_id
        if party is not None:
            props["attributed_to_name"] = names.get(party, party)
            props["caption"] = f"{self.type} · per {props['attributed_to_name']}"
        return {"id": fact_id, "type": stored, "from": self.start, "to": self.end, "props": props}


def _relation_props(
    repeats: list[tuple[str, RelationIn]],
    event_start: dict[str, Any],
    published: dict[str, PartialDate | None],
) -> Row:
    """One relationship's properties; sources that repeat it may each add a missing field."""
    rel = repeats[0][1]
    props: Row = {}
    for name in ("role", "verdict", "status"):
        value = first_given([getattr(r, name) for _, r in repeats])
        if value is not None:
            props[name] = str(value)
    valid_from = time_props(list(repeats), published, props)
    # as-of start: the first day valid_from can mean; a tie to a dated event with no start
    # of its own holds from the event on only where the actor took part then
    start = valid_from.start if valid_from else None
    if start is None and rel.type in EVENT_DATE_STARTS:
        start = event_start.get(rel.to) or event_start.get(rel.from_)
    if start is not None:
        props["valid_from_date"] = start
    figures: dict[str, Any] = {}
    for _, r in repeats:
        figures = {**r.figures, **figures}
    props.update(figures)
    if figures:
        props["figures"] = sorted(figures)
    return props


def transform(parsed: list[Parsed]) -> Rows:
    """The rows of every node and edge. All that is needed of the models is read first and
    `parsed` let go of before the relationship rows, the bulk of the memory, are made: when
    the caller keeps no other reference (`transform(validate(...))`), the models are freed
    by then."""
    with paused_gc():
        rows, statements, names = _read(parsed)
        del parsed
        rows.relations = [s.row(names) for s in statements.values()]
        _name_parties(rows.entities + rows.statuses, names)
        return rows


def _read(parsed: list[Parsed]) -> tuple[Rows, dict[str, _Statement], dict[str, str]]:
    """Rows of sources, entities and statuses, the relationships merged, and entity names."""
    rows = Rows()
    event_start: dict[str, Any] = {}
    mentioned_by: dict[str, list[str]] = defaultdict(list)
    statements: dict[str, _Statement] = {}

    def mention(entity_id: str, source_id: str, item: Evidenced) -> None:
        fact_id = f"{RelType.MENTIONED_IN}:{entity_id}->{source_id}"
        statement = statements.setdefault(
            fact_id, _Statement(RelType.MENTIONED_IN, entity_id, source_id, fact_id, {})
        )
        statement.cite(source_id, item)
        if source_id not in mentioned_by[entity_id]:
            mentioned_by[entity_id].append(source_id)

    entity_rows: list[Row] = []
    for p in parsed:
        rows.sources.append(source_row(p.model.source, p.name))
        made = p.entity_props  # from the ingest cache, or made before storing there
        for n, entity in enumerate(p.model.entities):
            props = made[n] if made is not None else entity_props(entity)
            if entity.date:
                event_start[entity.id] = props["date_start"]
            entity_rows.append({"id": entity.id, "label": entity.type.value, "props": props})
            mention(entity.id, entity.source or p.model.source.id, entity)
        for item in p.model.mentions:
            mention(item.id, item.source or p.model.source.id, item)

    published = {
        p.model.source.id: parse_date(p.model.source.published)
        if p.model.source.published
        else None
        for p in parsed
    }
    statements |= _relation_statements(parsed, event_start, published)

    names = {row["id"]: row["props"]["name"] for row in entity_rows}
    for row in entity_rows:
        row["props"]["sources"] = mentioned_by[row["id"]]
        rows.entities.append(row)
    rows.statuses = status_rows(parsed, published)
    return rows, statements, names


def _relation_statements(
    parsed: list[Parsed], event_start: dict[str, Any], published: dict[str, PartialDate | None]
) -> dict[str, _Statement]:
    """One statement per relationship fact, citing every source that states it."""
    merged: dict[str, list[tuple[str, RelationIn]]] = defaultdict(list)
    for p in parsed:
        for rel in p.model.relations:
            merged[rel.fact_id].append((rel.source or p.model.source.id, rel))
    statements = {}
    for fact_id, cited in merged.items():
        first = cited[0][1]
        props = _relation_props(cited, event_start, published)
        statement = _Statement(first.type, first.from_, first.to, fact_id, props)
        for source_id, rel in cited:
            statement.cite(source_id, rel)
        statements[fact_id] = statement
    return statements  # the merged lists (one per statement) are gone before the rows


def _name_parties(node_rows: list[Row], names: dict[str, str]) -> None:
    """The attributed party's name next to its id, so every read can show both at once."""
    for row in node_rows:
        party = row["props"].get("attributed_to")
        if party is not None:
            row["props"]["attributed_to_name"] = names.get(party, party)
