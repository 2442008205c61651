"""Graph rows -> CSV files for `neo4j-admin database import full`, typed by their headers.

Each table (entities, sources, statuses, and relationships by the kind of node they end at)
has fixed columns for the properties the ingest writes; a row with other properties
(figures, by name and number type) goes to a group of its own with those columns added.
A group is one header file and many part files (one per worker chunk); parts whose strings
hold line breaks are listed as multiline, so only they are parsed the slow way.

The import stores no empty list and no empty string (an empty field is "no property"),
while the curated ingest does (`aliases: []`): such values are kept aside as fixups and
set after the import, so the graph is the same.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ingest.plan import BULK_KEY
from ingest.transform import Row

# Between list items and labels; a string in a list may not contain it.
ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"

STR, LIST = "string", "string[]"
_SOURCE = {
    "id": STR,
    "title": STR,
    "publisher": STR,
    "url": STR,
    "evidence": STR,
    "file": STR,
    "language": STR,
    "remarks": STR,
    "published": STR,
    "published_precision": STR,
    "published_start": "date",
    "published_end": "date",
}
_CITED = {"sources": LIST, "evidence": LIST, "evidence_kinds": LIST}
_TIMED = {
    "key": STR,
    "attributed_to": STR,
    "attributed_to_name": STR,
    "valid_from": STR,
    "valid_from_precision": STR,
    "valid_to": STR,
    "valid_to_precision": STR,
    "valid_to_date": "date",
    "valid_from_date": "date",
    "ended": "boolean",
    "valid_to_bound": STR,
}
_ENTITY = {
    "id": STR,
    "type": STR,
    "name": STR,
    "aliases": LIST,
    "description": STR,
    "kind": STR,
    "text": STR,
    "attributed_to": STR,
    "attributed_to_name": STR,
    **{f"{d}{s}": STR for d in ("founded", "date", "end_date") for s in ("", "_precision")},
    **{f"{d}{s}": "date" for d in ("founded", "date", "end_date") for s in ("_start", "_end")},
    "figures": LIST,
    "search_keys": LIST,
    "search_text": STR,
    "sources": LIST,
}
_STATUS = {
    "id": STR,
    "entity": STR,
    "status": STR,
    "facet": STR,
    **_TIMED,
    "observed": "date",
    **_CITED,
}
_RELATION = {
    "id": STR,
    **_TIMED,
    "role": STR,
    "verdict": STR,
    "status": STR,
    "figures": LIST,
    **_CITED,
    "type": STR,
    "caption": STR,
}
# table -> (id columns, fixed property columns)
TABLES: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "sources": ((":ID(Source)",), _SOURCE),
    "entities": ((":ID(Entity)", ":LABEL"), _ENTITY),
    "statuses": ((":ID(Status)",), _STATUS),
    "facts": ((":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"), _RELATION),
    "mentions": ((":START_ID(Entity)", ":END_ID(Source)", ":TYPE"), _RELATION),
    "has_status": ((":START_ID(Entity)", ":END_ID(Status)", ":TYPE"), _RELATION),
}
NODE_TABLES = ("sources", "entities", "statuses")
_LABELS = {"sources": "Source", "statuses": "Status"}


class ListDelimiterInText(ValueError):
    """A list item holds the character the import splits lists at."""


def type_of(value: Any) -> str:
    if isinstance(value, str):
        return STR
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return LIST
    raise TypeError(f"no CSV type for {value!r}")


def encode(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        if any(ARRAY_DELIMITER in v for v in value):
            raise ListDelimiterInText("holds the control character U+001F in a list item")
        return ARRAY_DELIMITER.join(value)
    return repr(value) if isinstance(value, float) else str(value)


_KINDS: dict[type, str] = {
    str: STR,
    list: LIST,
    int: "long",
    float: "double",
    bool: "boolean",
    dt.date: "date",
}


@cache
def _names(table: str, extras: tuple[tuple[str, str], ...]) -> list[str]:
    """The property names of a group's columns, in header order."""
    return [c.split(":", 1)[0] for c in header(table, extras)[len(TABLES[table][0]) :]]


def header(table: str, extras: tuple[tuple[str, str], ...]) -> list[str]:
    ids, fixed = TABLES[table]
    taken = {name for name, _ in extras}
    columns = [f"{n}:{t}" if t != STR else n for n, t in fixed.items() if n not in taken]
    return [*ids, *columns, *(f"{n}:{t}" if t != STR else n for n, t in extras)]


def group_name(table: str, extras: tuple[tuple[str, str], ...]) -> str:
    if not extras:
        return table
    return f"{table}-{hashlib.sha1(repr(extras).encode()).hexdigest()[:10]}"


@dataclass
class Part:
    group: str
    table: str
    extras: tuple[tuple[str, str], ...]
    path: Path
    multiline: bool


@dataclass
class Fixup:
    """Properties the import cannot write (empty lists and strings), set afterwards."""

    table: str
    id: str
    start: str | None
    props: dict[str, Any]


def _marked(table: str, props: dict[str, Any]) -> dict[str, Any]:
    """A bulk load's nodes and relationships carry `bulk_load: true`, so that `kg ingest`
    leaves them be (HAS_STATUS goes with its Status)."""
    return props if table == "has_status" else {**props, BULK_KEY: True}


@dataclass
class Sink:
    """CSV part files of one chunk; `close()` lists them."""

    folder: Path
    tag: str
    parts: dict[tuple[str, bool], tuple[Part, Any, Any]] = field(default_factory=dict)
    fixups: list[Fixup] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def write(self, table: str, row: Row) -> None:
        """row: {id, label, props} for entities, {id, props} for sources and statuses,
        {from, to, type, props} for relationships."""
        props = _marked(table, row["props"])
        fixed = TABLES[table][1]
        values: dict[str, str] = {}
        extras: list[tuple[str, str]] = []
        empty: dict[str, Any] = {}
        multiline = False
        for name, value in props.items():
            kind = _KINDS.get(value.__class__)
            if kind is None:
                if value is None:
                    continue
                kind = type_of(value)
            if kind == STR:
                text = value
            elif kind == LIST:
                text = ARRAY_DELIMITER.join(value)  # a TypeError for a list of non-strings
                if value and text.count(ARRAY_DELIMITER) != len(value) - 1:
                    raise ListDelimiterInText("holds the control character U+001F in a list item")
            else:
                text = encode(value)
            if not text:  # "" or []: the import would store nothing
                empty[name] = value
                continue
            if fixed.get(name) != kind:
                extras.append((name, kind))
            multiline = multiline or "\n" in text or "\r" in text
            values[name] = text
        extras_t = tuple(sorted(extras)) if extras else ()
        ids = self._ids(table, row)
        if empty:
            start = None if table in NODE_TABLES else row["from"]
            self.fixups.append(Fixup(table, str(props.get("id", row.get("id"))), start, empty))
        get = values.get
        ids.extend([get(n, "") for n in _names(table, extras_t)])
        self._writer(table, extras_t, multiline).writerow(ids)

    def _ids(self, table: str, row: Row) -> list[str]:
        """The row's id columns (with the labels of an entity), counted by label or type."""
        if table in NODE_TABLES:
            label = row.get("label")
            self.counts[label or _LABELS[table]] += 1
            return [row["id"], f"Entity{ARRAY_DELIMITER}{label}"] if label else [row["id"]]
        self.counts[row["type"]] += 1
        return [row["from"], row["to"], row["type"]]

    def _writer(self, table: str, extras: tuple[tuple[str, str], ...], multiline: bool) -> Any:
        group = group_name(table, extras)
        key = (group, multiline)
        if key not in self.parts:
            path = self.folder / f"{group}{'-ml' if multiline else ''}-{self.tag}.csv"
            handle = path.open("w", encoding="utf-8", newline="")
            writer = csv.writer(handle, lineterminator="\n")
            self.parts[key] = (Part(group, table, extras, path, multiline), handle, writer)
        return self.parts[key][2]

    def close(self) -> list[Part]:
        for _, handle, _ in self.parts.values():
            handle.close()
        return [part for part, _, _ in self.parts.values()]
