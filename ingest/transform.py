"""Validated files -> rows for `UNWIND $rows MERGE`: one dict of properties per node or edge."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graph import text
from graph.schema import RelType
from ingest.dates import PartialDate
from ingest.models import EntityIn, Evidenced, RelationIn, SourceIn
from ingest.validate import Parsed

Row = dict[str, Any]


@dataclass
class Rows:
    sources: list[Row] = field(default_factory=list)
    entities: list[Row] = field(default_factory=list)  # {id, label, props}
    relations: list[Row] = field(default_factory=list)  # {id, type, from, to, props}


def _date_props(name: str, value: str | None, out: Row, bounds: bool = True) -> PartialDate | None:
    """`founded: "2022-03"` -> founded, founded_precision (and founded_start, founded_end)."""
    if value is None:
        return None
    parsed = PartialDate.parse(value)
    out[name] = value
    out[f"{name}_precision"] = parsed.precision
    if bounds:
        out[f"{name}_start"] = parsed.start
        out[f"{name}_end"] = parsed.end
    return parsed


def source_row(source: SourceIn, file_name: str) -> Row:
    props: Row = {"id": source.id, "title": source.title, "publisher": source.publisher,
                  "url": source.url, "evidence": source.evidence, "file": file_name}
    for name in ("language", "remarks"):
        if getattr(source, name) is not None:
            props[name] = getattr(source, name)
    _date_props("published", source.published, props)
    return {"id": source.id, "props": props}


def entity_props(entity: EntityIn) -> Row:
    props: Row = {"id": entity.id, "type": entity.type.value, "name": entity.name,
                  "aliases": entity.aliases}
    for name in ("description", "status", "kind", "text"):
        value = getattr(entity, name)
        if value is not None:
            props[name] = str(value)
    for name in ("status_date", "founded", "date", "end_date"):
        _date_props(name, getattr(entity, name), props)
    if entity.date:  # an event covers its days: from its date to its end_date
        props["date_end"] = PartialDate.parse(entity.end_date or entity.date).end
    props.update(entity.figures)
    if entity.figures:
        props["figures"] = sorted(entity.figures)
    keys = text.keys(entity.name, *entity.aliases)
    props["search_keys"] = keys
    props["search_text"] = " | ".join(keys)
    return props


class _Statement:
    """One relationship, accumulating the sources that state it."""

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

    def row(self) -> Row:
        props = {"id": self.id, **self.props, "sources": self.sources,
                 "evidence": self.evidence, "evidence_kinds": self.kinds}
        return {"id": self.id, "type": self.type, "from": self.start, "to": self.end,
                "props": props}


def _first(values: list[Any]) -> Any:
    return next((v for v in values if v is not None), None)


def _relation_props(repeats: list[RelationIn], event_start: dict[str, Any]) -> Row:
    """One relationship's properties; sources that repeat it may each add a missing field."""
    rel = repeats[0]
    props: Row = {}
    for name in ("key", "role", "verdict"):
        value = _first([getattr(r, name) for r in repeats])
        if value is not None:
            props[name] = value
    valid_from = _date_props("valid_from", _first([r.valid_from for r in repeats]), props,
                             bounds=False)
    valid_to = _date_props("valid_to", _first([r.valid_to for r in repeats]), props,
                           bounds=False)
    # as-of bounds: the first day the start can mean, the last day the end can mean;
    # a tie to a dated event with no start of its own holds from the event on
    start = valid_from.start if valid_from else (
        event_start.get(rel.to) or event_start.get(rel.from_))
    if start is not None:
        props["valid_from_date"] = start
    if valid_to is not None:
        props["valid_to_date"] = valid_to.end
    figures: dict[str, Any] = {}
    for r in repeats:
        figures = {**r.figures, **figures}
    props.update(figures)
    if figures:
        props["figures"] = sorted(figures)
    return props


def transform(parsed: list[Parsed]) -> Rows:
    rows = Rows()
    event_start: dict[str, Any] = {}
    mentioned_by: dict[str, list[str]] = defaultdict(list)
    statements: dict[str, _Statement] = {}

    def mention(entity_id: str, source_id: str, item: Evidenced) -> None:
        fact_id = f"{RelType.MENTIONED_IN}:{entity_id}->{source_id}"
        statement = statements.setdefault(
            fact_id, _Statement(RelType.MENTIONED_IN, entity_id, source_id, fact_id, {}))
        statement.cite(source_id, item)
        if source_id not in mentioned_by[entity_id]:
            mentioned_by[entity_id].append(source_id)

    entity_rows: list[Row] = []
    for p in parsed:
        rows.sources.append(source_row(p.model.source, p.name))
        for entity in p.model.entities:
            props = entity_props(entity)
            if entity.date:
                event_start[entity.id] = props["date_start"]
            entity_rows.append({"id": entity.id, "label": entity.type.value, "props": props})
            mention(entity.id, entity.source or p.model.source.id, entity)
        for item in p.model.mentions:
            mention(item.id, item.source or p.model.source.id, item)

    merged: dict[str, list[tuple[str, RelationIn]]] = defaultdict(list)
    for p in parsed:
        for rel in p.model.relations:
            merged[rel.fact_id].append((rel.source or p.model.source.id, rel))
    for fact_id, cited in merged.items():
        first = cited[0][1]
        statement = _Statement(first.type, first.from_, first.to, fact_id,
                               _relation_props([rel for _, rel in cited], event_start))
        for source_id, rel in cited:
            statement.cite(source_id, rel)
        statements[fact_id] = statement

    for row in entity_rows:
        row["props"]["sources"] = mentioned_by[row["id"]]
        rows.entities.append(row)
    rows.relations = [s.row() for s in statements.values()]
    return rows
