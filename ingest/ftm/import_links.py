"""FtM intervals, Sanctions and Documentation -> our relationships, statuses and mentions.

An interval of our own export carries our relationship id in `recordId` and its citing
Article in `proof`: type, id, key, attribution and source come back exactly. Any other
interval gets the type its schema means (Membership -> MEMBER_OF, ...), a key from its FtM id
(two intervals never merge into one statement by accident), and cites its datasets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph.ftm.mapping import (
    Evidence,
    evidence_from_props,
    meaning,
    rel_ftm_id,
    rel_id_from_record,
    status_from_record,
)
from graph.schema import (
    EVENT_DATE_STARTS,
    RelType,
    Status,
    facet,
    semantic_type,
)
from ingest.dates import PartialDate
from ingest.dating import as_of_start, date_props
from ingest.ftm.import_map import (
    SOURCE,
    STATUS,
    Cite,
    Mapped,
    Node,
    dataset_source_id,
    day,
    slug,
)
from ingest.ftm.import_read import Line
from ingest.ftm.import_types import INTERVALS, fits, native_type

Row = dict[str, Any]
Resolve = Callable[[str, Line, str], str | None]  # FtM id, line, field -> our id (None: skip)


@dataclass
class Statement:
    """One relationship, accumulating the citations of every interval that states it."""

    id: str
    type: str  # the storage type (CLAIMED_<TYPE> when attributed)
    start: str
    end: str
    props: Row
    line: int
    cites: list[Cite] = field(default_factory=list)


class LinkMapper:
    """Adds relationships and statuses to a Mapped, one FtM line at a time."""

    def __init__(self, mapped: Mapped, resolve: Resolve, default: str, path: str) -> None:
        self.mapped, self.resolve, self.default, self.path = mapped, resolve, default, path
        self.articles = [n.id for n in mapped.nodes.values() if n.label == SOURCE]
        self.ended_by: dict[str, list[str]] = {}
        self.published: dict[str, PartialDate] = {
            n.id: PartialDate.parse(n.props["published"])
            for n in mapped.nodes.values()
            if n.label == SOURCE and n.props.get("published")
        }

    def problem(self, line: Line, name: str, what: str) -> None:
        self.mapped.problems.append(f"{self.path}:{line.no}: {name}: {what}")

    # ------------------------------------------------------------ citations
    def dataset_cites(self, line: Line, details: str | None = None) -> list[Cite]:
        """A note citing each dataset of the line: what it is, and what it says."""
        details = details or line.first("summary") or line.first("description")
        cites = []
        for dataset in line.datasets or [self.default]:
            note = f"Imported from FtM dataset {dataset} ({line.proxy.schema.name} {line.id})"
            note = f"{note}: {details}" if details else note
            cites.append(Cite(dataset_source_id(dataset), "note", note))
        return cites

    def _restored_cite(self, line: Line, record: str) -> tuple[Cite | None, Evidence]:
        """The citation of one interval of our export, and its evidence (the attributed
        party, the relationship's figures)."""
        evidence = evidence_from_props(line.first("summary"), line.first("description"))
        source = None
        proof = line.first("proof")
        if proof:
            source = self.resolve(proof, line, "proof")
        if source is None:  # the interval id is a digest of (record, source)
            source = next((s for s in self.articles if rel_ftm_id(record, s) == line.id), None)
        if source is None or evidence.kind is None or evidence.text is None:
            return None, evidence
        return Cite(source, evidence.kind, evidence.text), evidence

    # ------------------------------------------------------------ relationships
    def statement(
        self, stored: str, start: str, end: str, key: str | None, line: Line
    ) -> Statement:
        rel_id = f"{stored}:{start}->{end}" + (f"#{key}" if key else "")
        have = self.mapped.relations.get(rel_id)
        if have is None:
            props: Row = {"key": key} if key else {}
            have = Statement(rel_id, stored, start, end, props, line.no)
            self.mapped.relations[rel_id] = have
        return have

    def dates(self, props: Row, line: Line, start: str, end: str, rel_type: RelType) -> None:
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
                node = self.mapped.nodes.get(node_id)
                if node is not None and "date_start" in node.props:
                    props["valid_from_date"] = node.props["date_start"]
                    break

    def interval(self, line: Line) -> None:
        schema = line.proxy.schema.name
        record = rel_id_from_record(line.first("recordId") or "")
        if record is not None:
            self.restored(line, record)
            return
        if schema not in INTERVALS:
            return
        _, tail_prop, head_prop, role_prop = INTERVALS[schema]
        start = self.resolve(line.first(tail_prop) or "", line, f"properties.{tail_prop}")
        end = self.resolve(line.first(head_prop) or "", line, f"properties.{head_prop}")
        if start is None or end is None:
            return
        rel_type, role = native_type(schema, line.first(role_prop))
        tail, head = self.label(start), self.label(end)
        if tail and head and not fits(rel_type, tail, head):
            role = f"{schema}: {role}" if role else schema
            rel_type = RelType.LINKED_TO
        statement = self.statement(rel_type.value, start, end, f"ftm-{slug(line.id)}", line)
        if role:
            statement.props.setdefault("role", role)
        self.dates(statement.props, line, start, end, rel_type)
        statement.cites += self.dataset_cites(line)

    def restored(self, line: Line, record: tuple[str, str, str, str | None]) -> None:
        stored, start_id, end_id, key = record
        start = self.resolve_ours(start_id, line)
        end = self.resolve_ours(end_id, line)
        if start is None or end is None:
            return
        rel_type = semantic_type(stored)
        cite, evidence = self._restored_cite(line, line.first("recordId") or "")
        party = evidence.party_id
        statement = self.statement(stored, start, end, key, line)
        props = statement.props
        role = line.first("role") or line.first("relationship") or line.first("program")
        if line.proxy.schema.name == "UnknownLink" and role:
            head, _, rest = role.partition(": ")
            role = rest or None if head == meaning(rel_type) else role
            role = None if role == meaning(rel_type) else role
        name = "verdict" if rel_type is RelType.FACT_CHECKED else "role"
        if role and name not in props:
            props[name] = role
        status = line.first("programId")
        if rel_type is RelType.DESIGNATED and status in set(Status):
            props.setdefault("status", status)
        if party is not None:
            props["attributed_to"] = party
        for figure, value in (evidence.figures or {}).items():
            props.setdefault(figure, value)
        if evidence.figures:
            props["figures"] = sorted({*props.get("figures", []), *evidence.figures})
        self.dates(props, line, start, end, rel_type)
        statement.cites += [cite] if cite else self.dataset_cites(line)
        self.note_ended(statement.id, props, line, statement.cites[-1].source)

    def note_ended(self, fact_id: str, props: Row, line: Line, source: str) -> None:
        """Our export marks "ended, no date given" as status (on an Event, keyword) `ended`,
        and `ongoing` for ended: false; the end bound of an ended one is then the citing
        source's publication (ingest/dating.py)."""
        said = {*line.proxy.get("status", quiet=True), *line.proxy.get("keywords", quiet=True)}
        if "ended" in said:
            props["ended"] = True
            self.ended_by.setdefault(fact_id, []).append(source)
        elif "ongoing" in said and "ended" not in props:
            props["ended"] = False  # a "former" in its words refers to something else

    def resolve_ours(self, ours: str, line: Line) -> str | None:
        """An id of ours named in a recordId: the entity of the file that is it, else the
        graph's (checked before writing)."""
        from graph.ftm.mapping import to_ftm_id

        return self.resolve(to_ftm_id(ours), line, "recordId")

    def label(self, ours: str) -> str | None:
        node = self.mapped.nodes.get(ours)
        return node.label if node else None

    # ------------------------------------------------------------ mentions and statuses
    def documentation(self, line: Line) -> None:
        entity = self.resolve(line.first("entity") or "", line, "properties.entity")
        source = self.resolve(line.first("document") or "", line, "properties.document")
        if entity is None or source is None:
            return
        evidence = evidence_from_props(line.first("summary"), line.first("description"))
        if evidence.kind and evidence.text:
            cite = Cite(source, evidence.kind, evidence.text)
        else:
            cite = Cite(source, "note", f"Named in FtM Documentation {line.id}")
        node = self.mapped.nodes.get(entity)
        if node is not None:
            node.cites.append(cite)
        else:  # an entity of the graph, named here only: the mention is still stated
            rel_id = f"MENTIONED_IN:{entity}->{source}"
            mention = Statement(rel_id, "MENTIONED_IN", entity, source, {}, line.no)
            self.mapped.relations.setdefault(rel_id, mention).cites.append(cite)

    def status(self, line: Line) -> None:
        record = status_from_record(line.first("recordId") or "")
        if record is None and line.proxy.schema.name != "Sanction":
            return
        prop = "entity" if line.proxy.schema.name == "Sanction" else "involved"
        entity = self.resolve(line.first(prop) or "", line, f"properties.{prop}")
        if entity is None:
            return
        if record is not None:
            _, status, key = record
            cite, evidence = self._restored_cite(line, line.first("recordId") or "")
            party = evidence.party_id
            cites = [cite] if cite else self.dataset_cites(line)
        else:
            status, key, party = Status.SANCTIONED, f"ftm-{slug(line.id)}", None
            said = (line.first(p) for p in ("authority", "program", "reason", "summary"))
            cites = self.dataset_cites(line, "; ".join(v for v in said if v) or None)
        status_id = f"status:{entity}:{status}" + (f"#{key}" if key else "")
        node = self.mapped.nodes.get(status_id)
        if node is None:
            props: Row = {"id": status_id, "entity": entity}
            props |= {"status": str(status), "facet": str(facet(status))}
            if key:
                props["key"] = key
            if party:
                props["attributed_to"] = party
            node = Node(status_id, STATUS, props, line.no)
            self.mapped.nodes[status_id] = node
        if line.first("startDate") or line.first("listingDate"):
            line_start = line.first("startDate") or line.first("listingDate")
            if "valid_from" not in node.props:
                date_props("valid_from", day(line_start), node.props, bounds=False)
        if line.first("endDate") and "valid_to" not in node.props:
            parsed = date_props("valid_to", day(line.first("endDate")), node.props, bounds=False)
            node.props["valid_to_date"] = parsed.end if parsed else None
        node.cites += cites
        if record is not None:
            self.note_ended(status_id, node.props, line, cites[-1].source)

    def finish(self) -> None:
        """Bounds that need every citation: an end "no later than" the publication of the
        sources that say it ended, and a status's as-of start (ingest/statuses.py): its
        valid_from, else the day its sources were published, while it holds then."""
        for fact_id, sources in self.ended_by.items():
            node = self.mapped.nodes.get(fact_id)
            props = node.props if node else self.mapped.relations[fact_id].props
            ends = [d.end for s in sources if (d := self.published.get(s)) is not None]
            if "valid_to" not in props and ends:
                props["valid_to_date"] = min(ends)
                props["valid_to_bound"] = "no_later_than"
        for node in self.mapped.nodes.values():
            if node.label != STATUS:
                continue
            props = node.props
            ended = set(self.ended_by.get(props["id"], []))
            seen = [
                (d.end, c.source in ended)
                for c in node.cites
                if (d := self.published.get(c.source)) is not None
            ]
            if seen:
                props["observed"] = min(day for day, _ in seen)
            start = as_of_start(props, seen)
            if start is not None:
                props["valid_from_date"] = start


def relation_row(statement: Statement, names: dict[str, str], name: str) -> Row:
    """The row create_relations writes: props as the ingest makes them, plus ftm_dataset."""
    rel_type = semantic_type(statement.type) if statement.type != "MENTIONED_IN" else None
    text = rel_type.value if rel_type else "MENTIONED_IN"
    props: Row = {"id": statement.id, **statement.props}
    props["sources"] = [c.source for c in statement.cites]
    props["evidence"] = [c.text for c in statement.cites]
    props["evidence_kinds"] = [c.kind for c in statement.cites]
    props["type"] = text
    props["caption"] = text
    party = props.get("attributed_to")
    if party is not None:
        props["attributed_to_name"] = names.get(party, party)
        props["caption"] = f"{text} · per {props['attributed_to_name']}"
    props["ftm_dataset"] = [name]
    ends = {"from": statement.start, "to": statement.end}
    return {"id": statement.id, "type": statement.type, **ends, "props": props}
