"""FtM entities -> our nodes: ids, entities and sources (relationships: import_links.py).

Ids: an `--xref` row wins; an `eg-` id (our own export) is our id again; any other FtM id
becomes `<prefix>:ftm-<slug>` (a hash added where the slug changes more than case and `_`),
so an imported entity never takes a curated id by accident, and never by its name.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import babel
from followthemoney.schema import Schema

from graph import text
from graph.ftm.mapping import (
    clean_name,
    evidence_from_props,
    exact_values,
    from_ftm_id,
    status_from_record,
)
from graph.schema import EVENT_KINDS, ID_PREFIX, ORG_KINDS, PLACE_KINDS, NodeType
from ingest.chars import problem as char_problem
from ingest.dates import PartialDate
from ingest.dating import date_props
from ingest.ftm.import_read import Line

Row = dict[str, Any]
SOURCE = "Source"
STATUS = "Status"


def slug(value: str) -> str:
    """An FtM id or a dataset name as the slug of one of our ids."""
    plain = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "x"
    if plain != value.lower().replace("_", "-"):  # two ids must not meet in one slug
        plain += "-" + hashlib.blake2b(value.encode(), digest_size=4).hexdigest()
    return plain


def dataset_source_id(dataset: str) -> str:
    return f"source:ftm-{slug(dataset)}"


def node_type(schema: Schema, ftm_id: str) -> str | None:
    """Our label for an FtM schema (None: a schema we do not map, skipped)."""
    ours = from_ftm_id(ftm_id)
    if ours is not None and ours.split(":")[0] == "claim" and schema.name == "Event":
        return NodeType.CLAIM
    if schema.name == "Person":
        return NodeType.PERSON
    if schema.is_a("Organization") or schema.name == "LegalEntity":
        return NodeType.ORGANIZATION
    if schema.name == "Event":
        return NodeType.EVENT
    if schema.name == "Address":
        return NodeType.PLACE
    if schema.is_a("Document"):
        return SOURCE
    return None


def day(value: str | None) -> str | None:
    """An FtM date (`2022`, `2022-03`, `2022-03-01T10:00`) as our partial date."""
    if not value:
        return None
    value = value[:10]
    PartialDate.parse(value)  # FtM cleaned it; a year 0000 or the like still fails here
    return value


@dataclass
class Cite:
    source: str
    kind: str  # quote | note
    text: str


@dataclass
class Node:
    """An entity, source or status the import states."""

    id: str
    label: str  # a NodeType value, SOURCE or STATUS
    props: Row
    line: int
    cites: list[Cite] = field(default_factory=list)
    merged: bool = False  # named by --xref or an eg- id: may be a curated node


@dataclass
class Mapped:
    nodes: dict[str, Node] = field(default_factory=dict)
    relations: dict[str, Any] = field(default_factory=dict)  # id -> import_links.Statement
    ids: dict[str, str] = field(default_factory=dict)  # FtM id (and referents) -> our id
    skipped_ids: set[str] = field(default_factory=set)
    skipped: Counter[str] = field(default_factory=Counter)
    # our ids the import names but does not define: each must be in the graph
    required: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)  # ids stated on more than one line


def our_id(line: Line, label: str, xref: dict[str, tuple[str, int]]) -> tuple[str, bool]:
    """(our id, merged?) of an entity line."""
    if line.id in xref:
        return xref[line.id][0], True
    ours = from_ftm_id(line.id)
    prefix = "source" if label == SOURCE else ID_PREFIX[NodeType(label)]
    if ours is not None and ours.startswith(prefix + ":"):
        return ours, True
    return f"{prefix}:ftm-{slug(line.id)}", False


def _dedupe(values: list[str], drop: str) -> list[str]:
    seen = {drop}
    out = []
    for value in values:
        if value not in seen:
            seen.add(value)
            out.append(value)
    return out


_FIGURE = re.compile(r"^([a-z][a-z0-9_]*): (-?\d+(?:\.\d+)?)$")


def _figure(text: str) -> tuple[str, int | float]:
    """A figure as our export writes it in notes ("deputies: 108")."""
    name, _, value = text.partition(": ")
    return name, float(value) if "." in value else int(value)


def _names(line: Line) -> tuple[str, list[str]]:
    """The name and aliases; our export carries a name or alias that FtM's cleaning
    changed (quotes stripped) exactly in notes ("exact name: ..."), restored here."""
    p = line.proxy
    name = line.first("name") or p.caption or line.id
    names, aliases = p.get("name"), p.get("alias", quiet=True)
    exact = exact_values(line.first("notes")) if from_ftm_id(line.id) else {}
    if exact.get("name"):
        name = exact["name"][0]
        names = [n for n in names if n != clean_name(name)]
    restore = {clean_name(a): a for a in exact.get("alias", [])}
    return name, _dedupe([*names, *(restore.get(a, a) for a in aliases)], name)


def entity_props(ours: str, label: str, line: Line) -> Row:
    """The properties of an Entity node, as the ingest writes them (transform.entity_props)."""
    p = line.proxy
    name, aliases = _names(line)
    props: Row = {"id": ours, "type": str(label), "name": name, "aliases": aliases}
    # OpenSanctions writes its descriptions as notes; our export's notes hold attributions
    description = line.first("description") or (
        None if from_ftm_id(line.id) else line.first("notes")
    )
    if description:
        props["description"] = description
    kinds = {
        NodeType.ORGANIZATION: ORG_KINDS,
        NodeType.EVENT: EVENT_KINDS,
        NodeType.PLACE: PLACE_KINDS,
    }.get(NodeType(label), set())
    kind = next((k for k in p.get("classification", quiet=True) if k in kinds), None)
    kind = kind or next((k for k in p.get("keywords", quiet=True) if k in kinds), None)
    if kind is None and label == NodeType.ORGANIZATION and p.schema.is_a("Company"):
        kind = "company"
    if kind is not None:
        props["kind"] = kind
    if from_ftm_id(line.id) and line.first("notes"):
        notes = line.first("notes") or ""
        party = evidence_from_props(None, notes).party_id
        if party is not None and label == NodeType.EVENT:
            props["attributed_to"] = party
        figures = dict(_figure(text) for text in notes.splitlines() if _FIGURE.match(text))
        if figures:
            props.update(figures)
            props["figures"] = sorted(figures)
    if label == NodeType.CLAIM and line.first("summary"):
        props["text"] = line.first("summary")
    if label == NodeType.ORGANIZATION:
        date_props("founded", day(line.first("incorporationDate")), props)
    if label in (NodeType.EVENT, NodeType.CLAIM):
        date_props("date", day(line.first("startDate") or line.first("date")), props)
    if label == NodeType.EVENT:
        date_props("end_date", day(line.first("endDate")), props)
        if "date" in props:
            props["date_end"] = PartialDate.parse(props.get("end_date") or props["date"]).end
    keys = text.search_keys(name, *aliases, person=label == NodeType.PERSON)
    props["search_keys"] = keys
    props["search_text"] = " | ".join(keys)
    return props


def source_props(ours: str, line: Line, dataset: str, file_name: str) -> Row:
    """A Source node from an FtM Article (or another Document)."""
    p = line.proxy
    title = line.first("title") or line.first("name") or line.first("fileName") or p.caption
    props: Row = {
        "id": ours,
        "title": title,
        "publisher": line.first("publisher") or f"FollowTheMoney dataset {dataset}",
        "url": line.first("sourceUrl"),
        "evidence": "note",
        "file": file_name,
    }
    language = line.first("language")
    if language:
        props["language"] = _two_letters(language)
    date_props("published", day(line.first("publishedAt") or line.first("date")), props)
    return props


def _two_letters(code: str) -> str:
    """FtM cleans languages to ISO 639-3 ("eng"); our sources use ISO 639-1 ("en")."""
    try:
        return str(babel.Locale.parse(code).language)
    except (ValueError, babel.UnknownLocaleError):
        return code


def dataset_source(dataset: str, path: Path) -> Node:
    """The source of what a dataset states. No `url`: the operator's local path is not a
    published address (and FtM refuses file: URLs); `file` and `remarks` say where it came
    from, by file name only."""
    ours = dataset_source_id(dataset)
    file = path.name if char_problem(path.name, one_line=True) is None else "(unprintable name)"
    props: Row = {
        "id": ours,
        "title": dataset,
        "publisher": f"FollowTheMoney dataset {dataset}",
        "evidence": "note",
        "file": file,
        "remarks": f"Imported with kg import-ftm from the file {file}",
    }
    return Node(ours, SOURCE, props, 0)


def map_nodes(
    lines: list[Line], xref: dict[str, tuple[str, int]], default: str, path: Path
) -> Mapped:
    """Entities and sources; every entity line names its id for the relationships."""
    out = Mapped()
    for line in lines:
        label = node_type(line.proxy.schema, line.id)
        record = line.first("recordId") or ""
        if label is None or (label == NodeType.EVENT and status_from_record(record)):
            continue  # a status statement of our export is an Event: import_links reads it
        ours, merged = our_id(line, label, xref)
        for ftm_id in (line.id, *line.referents):
            out.ids[ftm_id] = ours
        if ours in out.nodes:
            out.problems.append(
                f"{path}:{line.no}: id: {line.id} is {ours}, like the entity on line "
                f"{out.nodes[ours].line}"
            )
            continue
        dataset = (line.datasets or [default])[0]
        if label == SOURCE:
            props = source_props(ours, line, dataset, path.name)
        else:
            props = entity_props(ours, label, line)
        out.nodes[ours] = Node(ours, label, props, line.no, merged=merged)
    return out
