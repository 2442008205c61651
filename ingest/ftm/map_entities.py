"""Map, first step: FtM entities -> our nodes (entities and sources) and their ids.

Ids: an `--xref` row wins; an `eg-` id (our own export) is our id again; any other FtM id
becomes `<prefix>:ftm-<slug>` (a hash added where the slug changes more than case and `_`),
so an imported entity never takes a curated id by accident, and never by its name.
Relationships and statuses follow in map_links.py.
"""

from __future__ import annotations

import re
from pathlib import Path

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
from ingest.dates import PartialDate, date_props
from ingest.ftm.types import SOURCE, Line, Mapped, Node, Row, day, slug

# The interval schemata map_links.py reads: never skipped as entities without a counterpart
LINKS = {"Membership", "Directorship", "Representation", "Employment", "Family", "Associate",
         "UnknownLink", "Sanction", "Documentation"}  # fmt: skip


def map_entities(
    lines: list[Line],
    xref: dict[str, tuple[str, int]],
    name: str,
    path: Path,
    xref_path: Path | None = None,
) -> Mapped:
    """The nodes of the file, the entities it skips, and the ids its --xref requires."""
    mapped = map_nodes(lines, xref, name, path)
    _skip_unmapped(mapped, lines)
    in_file = {line.id for line in lines}
    for ftm_id, (ours, no) in xref.items():
        node = mapped.nodes.get(ours) if ftm_id in in_file else None
        if node is not None:  # an xref merges with an entity the graph must hold
            mapped.required.setdefault(ours, (f"{xref_path}:{no}: entity_id", node.label))
    return mapped


def _skip_unmapped(mapped: Mapped, lines: list[Line]) -> None:
    """Entities of schemata we have no counterpart for: counted, and links to them skipped."""
    for line in lines:
        schema = line.proxy.schema.name
        status_event = schema == "Event" and is_status(line)
        if line.id not in mapped.ids and schema not in LINKS and not status_event:
            mapped.skipped_ids.add(line.id)
            mapped.skipped[schema] += 1


def is_status(line: Line) -> bool:
    """A status statement of our export (an Event or Sanction naming one in recordId)."""
    return status_from_record(line.first("recordId") or "") is not None


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
    name, aliases = _names(line)
    props: Row = {"id": ours, "type": str(label), "name": name, "aliases": aliases}
    # OpenSanctions writes its descriptions as notes; our export's notes hold attributions
    description = line.first("description") or (
        None if from_ftm_id(line.id) else line.first("notes")
    )
    if description:
        props["description"] = description
    kind = _kind(label, line)
    if kind is not None:
        props["kind"] = kind
    if from_ftm_id(line.id) and line.first("notes"):
        _restore_notes(label, line.first("notes") or "", props)
    if label == NodeType.CLAIM and line.first("summary"):
        props["text"] = line.first("summary")
    _dates(label, line, props)
    keys = text.search_keys(name, *aliases, person=label == NodeType.PERSON)
    props["search_keys"] = keys
    props["search_text"] = " | ".join(keys)
    return props


def _kind(label: str, line: Line) -> str | None:
    """Our kind from the FtM classification or keywords; a Company is a company."""
    p = line.proxy
    kinds = {
        NodeType.ORGANIZATION: ORG_KINDS,
        NodeType.EVENT: EVENT_KINDS,
        NodeType.PLACE: PLACE_KINDS,
    }.get(NodeType(label), set())
    kind = next((k for k in p.get("classification", quiet=True) if k in kinds), None)
    kind = kind or next((k for k in p.get("keywords", quiet=True) if k in kinds), None)
    if kind is None and label == NodeType.ORGANIZATION and p.schema.is_a("Company"):
        kind = "company"
    return kind


def _restore_notes(label: str, notes: str, props: Row) -> None:
    """What our export carries in an entity's notes: an event's party, the figures."""
    party = evidence_from_props(None, notes).party_id
    if party is not None and label == NodeType.EVENT:
        props["attributed_to"] = party
    figures = dict(_figure(text) for text in notes.splitlines() if _FIGURE.match(text))
    if figures:
        props.update(figures)
        props["figures"] = sorted(figures)


def _dates(label: str, line: Line, props: Row) -> None:
    if label == NodeType.ORGANIZATION:
        date_props("founded", day(line.first("incorporationDate")), props)
    if label in (NodeType.EVENT, NodeType.CLAIM):
        date_props("date", day(line.first("startDate") or line.first("date")), props)
    if label == NodeType.EVENT:
        date_props("end_date", day(line.first("endDate")), props)
        if "date" in props:
            props["date_end"] = PartialDate.parse(props.get("end_date") or props["date"]).end


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


def map_nodes(
    lines: list[Line], xref: dict[str, tuple[str, int]], default: str, path: Path
) -> Mapped:
    """Entities and sources; every entity line names its id for the relationships."""
    out = Mapped()
    for line in lines:
        label = node_type(line.proxy.schema, line.id)
        record = line.first("recordId") or ""
        if label is None or (label == NodeType.EVENT and status_from_record(record)):
            continue  # a status statement of our export is an Event: map_links reads it
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
