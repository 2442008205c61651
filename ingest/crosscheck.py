"""The checks that look across files: duplicates, dangling ids, disagreeing repeats, and the
meaning rules (ingest/rules.py) that need the entity at each end.

Lines are looked up only for a message: a file read fast is read again for its lines only
when a problem names a place in it (ingest/parsed.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ingest import rules, yamlio
from ingest.models import EntityIn, MentionIn, RelationIn
from ingest.parsed import Parsed, Problem
from ingest.repeats import Repeats

SECTIONS = ("entities", "mentions", "relations", "statuses")


@dataclass
class _Known:
    """What every file defines, for the checks that look across files."""

    files: dict[str, Parsed] = field(default_factory=dict)  # by name
    sources: dict[str, Parsed] = field(default_factory=dict)  # the first file defining each
    published: dict[str, str | None] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    entities: dict[str, rules.Defined] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)
    repeats: Repeats = field(default_factory=Repeats)

    def line(self, defined: rules.Defined) -> int:
        return self.files[defined.file].line_of(("entities", defined.at, "id"))


def _definitions(parsed: list[Parsed], problems: list[Problem]) -> _Known:
    known = _Known(broken=set().union(*(p.broken_ids for p in parsed)))
    for p in parsed:
        known.files.setdefault(p.name, p)
        source = p.model.source
        sid = source.id
        if sid in known.sources:
            first = known.sources[sid]
            problems.append(
                Problem(
                    p.name,
                    p.line_of(("source", "id")),
                    "source.id",
                    f"source {sid} is also defined in {first.name}:"
                    f"{first.line_of(('source', 'id'))}",
                )
            )
        known.sources.setdefault(sid, p)
        known.published.setdefault(sid, source.published)
        known.evidence.setdefault(sid, source.evidence)
        for i, entity in zip(p.positions["entities"], p.model.entities, strict=True):
            if entity.id in known.entities:
                first_def = known.entities[entity.id]
                problems.append(
                    Problem(
                        p.name,
                        p.line_of(("entities", i, "id")),
                        f"entities[{i}].id",
                        f"{entity.id} is already defined in {first_def.file}:"
                        f"{known.line(first_def)}",
                    )
                )
            known.entities.setdefault(entity.id, rules.Defined(p.name, i, entity.type, entity.kind))
    return known


def check_references(parsed: list[Parsed]) -> list[Problem]:
    """What no single file can see; every problem with its file, line and field."""
    problems: list[Problem] = []
    known = _definitions(parsed, problems)
    for p in parsed:
        for section in SECTIONS:
            for i, item in zip(p.positions[section], getattr(p.model, section), strict=True):
                here = (section, i)

                def report(
                    fld: str, message: str, here: tuple[str, int] = here, p: Parsed = p
                ) -> None:
                    path = (*here, fld) if fld else here
                    problems.append(Problem(p.name, p.line_of(path), yamlio.dotted(path), message))

                _check_item(known, p, here, item, report)
    return problems


def _check_item(
    known: _Known, p: Parsed, here: tuple[str, int], item: Any, report: rules.Report
) -> None:
    cited = item.source or p.model.source.id
    if item.source and item.source not in known.sources:
        report("source", f"cites {item.source}, which no data file defines")
    kind = "quote" if item.quote is not None else "note"
    cited_kind = p.model.source.evidence if not item.source else known.evidence.get(item.source)
    # A note-based source may also be quoted: a double-quoted passage of its note is the
    # article's own words (check_quotes verifies them); a quote-based one is always quoted.
    if cited_kind and kind != cited_kind and not (cited_kind == "note" and kind == "quote"):
        report(
            kind,
            f"{cited} has `evidence: {cited_kind}`, so write `{cited_kind}` here, not `{kind}`",
        )
    entities, broken = known.entities, known.broken
    item_type = type(item)  # the four item models, none subclassed
    if item_type is MentionIn:
        if item.id not in entities and item.id not in broken:
            report("id", f"mentions {item.id}, which no data file defines")
        return
    rules.check_attribution(item, entities, broken, report)
    if item_type is EntityIn:
        return
    line = partial(p.line_of, here)  # only a repeat's message needs it
    if item_type is RelationIn:
        _check_relation(item, entities, broken, report)
        known.repeats.relation(item, cited, p.name, line, report)
        derived = rules.derived_status(item)
        if derived is not None:
            rules.check_status(derived, entities, broken, _on("status", report))
            known.repeats.status(derived, cited, p.name, line, report, made_by=item)
    else:
        rules.check_status(item, entities, broken, report)
        known.repeats.status(item, cited, p.name, line, report)
    rules.check_ended(item, cited, known.published, report)


def _on(fld: str, report: rules.Report) -> rules.Report:
    """Report every problem of a derived statement at one field of the item it comes from."""
    return lambda _, message: report(fld, message)


def _check_relation(
    item: RelationIn, entities: dict[str, rules.Defined], broken: set[str], report: rules.Report
) -> None:
    for end, fld in ((item.from_, "from"), (item.to, "to")):
        if end not in entities and end not in broken:
            report(fld, f"{end} is not defined in any data file")
    tail, head = entities.get(item.from_), entities.get(item.to)
    if tail and head:
        rules.check_shape(item, tail, head, report)
    rules.check_former(item, report)
