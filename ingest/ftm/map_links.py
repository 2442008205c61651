"""Map, second step: FtM intervals, Sanctions and Documentation -> our relationships,
statuses and mentions.

An interval of our own export carries our relationship id in `recordId` and its citing
Article in `proof`: type, id, key, attribution and source come back exactly. Any other
interval gets the type its schema means (Membership -> MEMBER_OF, ...; an UnknownLink the
type its role names, else LINKED_TO), a key from its FtM id (two intervals never merge into
one statement by accident), and cites its datasets. Where the ends do not fit our relation
table the link is a LINKED_TO, never a type bent to fit.
"""

from __future__ import annotations

from graph.ftm.mapping import (
    evidence_from_props,
    meaning,
    rel_id_from_record,
    status_from_record,
)
from graph.relations import RELATION_TABLE
from graph.schema import (
    EVENT_DATE_STARTS,
    FACT_TYPES,
    NodeType,
    RelType,
    Status,
    facet,
    semantic_type,
)
from ingest.dates import date_props
from ingest.ftm.map_cites import Links
from ingest.ftm.types import STATUS, Cite, Line, Node, Row, Statement, day, slug

# FtM interval schema -> (our type, the property of our `from` end, of our `to` end, role)
INTERVALS: dict[str, tuple[RelType, str, str, str]] = {
    "Membership": (RelType.MEMBER_OF, "member", "organization", "role"),
    "Directorship": (RelType.LEADS, "director", "organization", "role"),
    "Representation": (RelType.REPRESENTS, "agent", "client", "role"),
    "Employment": (RelType.WORKS_FOR, "employee", "employer", "role"),
    "Family": (RelType.RELATIVE_OF, "person", "relative", "relationship"),
    "Associate": (RelType.ASSOCIATED_WITH, "person", "associate", "relationship"),
    "UnknownLink": (RelType.LINKED_TO, "subject", "object", "role"),
}
_BY_MEANING = {meaning(t): t for t in FACT_TYPES}


def map_line(links: Links, line: Line) -> None:
    """One line of the file, if it states a relationship, a status or a mention."""
    schema = line.proxy.schema.name
    if schema == "Documentation":
        documentation(links, line)
    elif schema == "Sanction":
        (interval if _rel_record(line) else status)(links, line)
    elif schema == "Event" and _status_record(line):
        status(links, line)
    elif schema in INTERVALS:
        interval(links, line)


def _rel_record(line: Line) -> bool:
    return rel_id_from_record(line.first("recordId") or "") is not None


def _status_record(line: Line) -> bool:
    return status_from_record(line.first("recordId") or "") is not None


# ---------------------------------------------------------------- relationship types
def fits(rel_type: RelType, tail: str, head: str) -> bool:
    """Do the ends fit the relation table? A shape limited to some event kinds never fits
    an event end here: another publisher's interval does not say the event's kind."""
    rule = RELATION_TABLE.get(rel_type)
    if rule is None:
        return True
    return any(
        NodeType(tail) in s.tail
        and NodeType(head) in s.head
        and (s.head_kinds is None or head != NodeType.EVENT)
        and (s.tail_kinds is None or tail != NodeType.EVENT)
        for s in rule.shapes
    )


def native_type(schema: str, role: str | None) -> tuple[RelType, str | None]:
    """The type an interval of another publisher means; an UnknownLink whose role names one
    of our types ("SUPPORTS", "supports", "took part in: speaker") takes that type."""
    rel_type, _, _, _ = INTERVALS[schema]
    if schema != "UnknownLink" or not role:
        return rel_type, role
    named = role.strip().upper().replace(" ", "_")
    if named in FACT_TYPES:
        return RelType(named), None
    head, _, rest = role.partition(": ")
    if head in _BY_MEANING:
        return _BY_MEANING[head], rest or None
    if role in _BY_MEANING:
        return _BY_MEANING[role], None
    return rel_type, role


# ---------------------------------------------------------------- relationships
def statement(
    links: Links, stored: str, start: str, end: str, key: str | None, line: Line
) -> Statement:
    rel_id = f"{stored}:{start}->{end}" + (f"#{key}" if key else "")
    have = links.mapped.relations.get(rel_id)
    if have is None:
        props: Row = {"key": key} if key else {}
        have = Statement(rel_id, stored, start, end, props, line.no)
        links.mapped.relations[rel_id] = have
    return have


def dates(links: Links, props: Row, line: Line, start: str, end: str, rel_type: RelType) -> None:
    valid_from = day(line.first("startDate") or line.first("date"))
    valid_to = day(line.first("endDate"))
    if valid_from and "valid_from" not in props:
        parsed = date_props("valid_from", valid_from, props, bounds=False)
        props["valid_from_date"] = parsed.start if parsed else None
    if valid_to and "valid_to" not in props:
        parsed = date_props("valid_to", valid_to, props, bounds=False)
        props["valid_to_date"] = parsed.end if parsed else None
    if "valid_from_date" not in props and rel_type in EVENT_DATE_STARTS:
        for node_id in (end, start):
            node = links.mapped.nodes.get(node_id)
            if node is not None and "date_start" in node.props:
                props["valid_from_date"] = node.props["date_start"]
                break


def interval(links: Links, line: Line) -> None:
    schema = line.proxy.schema.name
    record = rel_id_from_record(line.first("recordId") or "")
    if record is not None:
        restored(links, line, record)
        return
    if schema not in INTERVALS:
        return
    _, tail_prop, head_prop, role_prop = INTERVALS[schema]
    start = links.resolve(line.first(tail_prop) or "", line, f"properties.{tail_prop}")
    end = links.resolve(line.first(head_prop) or "", line, f"properties.{head_prop}")
    if start is None or end is None:
        return
    rel_type, role = native_type(schema, line.first(role_prop))
    tail, head = links.label(start), links.label(end)
    if tail and head and not fits(rel_type, tail, head):
        role = f"{schema}: {role}" if role else schema
        rel_type = RelType.LINKED_TO
    found = statement(links, rel_type.value, start, end, f"ftm-{slug(line.id)}", line)
    if role:
        found.props.setdefault("role", role)
    dates(links, found.props, line, start, end, rel_type)
    found.cites += links.dataset_cites(line)


def restored(links: Links, line: Line, record: tuple[str, str, str, str | None]) -> None:
    """An interval of our own export: its relationship as it was."""
    stored, start_id, end_id, key = record
    start = links.resolve_ours(start_id, line)
    end = links.resolve_ours(end_id, line)
    if start is None or end is None:
        return
    rel_type = semantic_type(stored)
    cite, evidence = links.restored_cite(line, line.first("recordId") or "")
    party = evidence.party_id
    found = statement(links, stored, start, end, key, line)
    props = found.props
    role = line.first("role") or line.first("relationship") or line.first("program")
    if line.proxy.schema.name == "UnknownLink" and role:
        head, _, rest = role.partition(": ")
        role = rest or None if head == meaning(rel_type) else role
        role = None if role == meaning(rel_type) else role
    name = "verdict" if rel_type is RelType.FACT_CHECKED else "role"
    if role and name not in props:
        props[name] = role
    status_value = line.first("programId")
    if rel_type is RelType.DESIGNATED and status_value in set(Status):
        props.setdefault("status", status_value)
    if party is not None:
        props["attributed_to"] = party
    for figure, value in (evidence.figures or {}).items():
        props.setdefault(figure, value)
    if evidence.figures:
        props["figures"] = sorted({*props.get("figures", []), *evidence.figures})
    dates(links, props, line, start, end, rel_type)
    found.cites += [cite] if cite else links.dataset_cites(line)
    links.note_ended(found.id, props, line, found.cites[-1].source)


# ---------------------------------------------------------------- mentions and statuses
def documentation(links: Links, line: Line) -> None:
    entity = links.resolve(line.first("entity") or "", line, "properties.entity")
    source = links.resolve(line.first("document") or "", line, "properties.document")
    if entity is None or source is None:
        return
    evidence = evidence_from_props(line.first("summary"), line.first("description"))
    if evidence.kind and evidence.text:
        cite = Cite(source, evidence.kind, evidence.text)
    else:
        cite = Cite(source, "note", f"Named in FtM Documentation {line.id}")
    node = links.mapped.nodes.get(entity)
    if node is not None:
        node.cites.append(cite)
    else:  # an entity of the graph, named here only: the mention is still stated
        rel_id = f"MENTIONED_IN:{entity}->{source}"
        mention = Statement(rel_id, "MENTIONED_IN", entity, source, {}, line.no)
        links.mapped.relations.setdefault(rel_id, mention).cites.append(cite)


def status(links: Links, line: Line) -> None:
    record = status_from_record(line.first("recordId") or "")
    if record is None and line.proxy.schema.name != "Sanction":
        return
    prop = "entity" if line.proxy.schema.name == "Sanction" else "involved"
    entity = links.resolve(line.first(prop) or "", line, f"properties.{prop}")
    if entity is None:
        return
    if record is not None:
        _, said, key = record
        cite, evidence = links.restored_cite(line, line.first("recordId") or "")
        party = evidence.party_id
        cites = [cite] if cite else links.dataset_cites(line)
    else:
        said, key, party = Status.SANCTIONED, f"ftm-{slug(line.id)}", None
        details = (line.first(p) for p in ("authority", "program", "reason", "summary"))
        cites = links.dataset_cites(line, "; ".join(v for v in details if v) or None)
    node = _status_node(links, line, entity, said, key, party)
    _status_dates(line, node.props)
    node.cites += cites
    if record is not None:
        links.note_ended(node.id, node.props, line, cites[-1].source)


def _status_node(
    links: Links, line: Line, entity: str, said: Status, key: str | None, party: str | None
) -> Node:
    """The status node a line states, made by the first line that states it."""
    status_id = f"status:{entity}:{said}" + (f"#{key}" if key else "")
    node = links.mapped.nodes.get(status_id)
    if node is None:
        props: Row = {"id": status_id, "entity": entity}
        props |= {"status": str(said), "facet": str(facet(said))}
        if key:
            props["key"] = key
        if party:
            props["attributed_to"] = party
        node = Node(status_id, STATUS, props, line.no)
        links.mapped.nodes[status_id] = node
    return node


def _status_dates(line: Line, props: Row) -> None:
    if line.first("startDate") or line.first("listingDate"):
        line_start = line.first("startDate") or line.first("listingDate")
        if "valid_from" not in props:
            date_props("valid_from", day(line_start), props, bounds=False)
    if line.first("endDate") and "valid_to" not in props:
        parsed = date_props("valid_to", day(line.first("endDate")), props, bounds=False)
        props["valid_to_date"] = parsed.end if parsed else None
