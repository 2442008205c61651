"""What the bulk files define (sources, entities, mentions), and the checks of one item
against it: the same rules and messages as `kg validate` (ingest/validate.py, rules.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ingest import rules
from ingest.crosscheck import _check_relation, _on
from ingest.dates import PartialDate
from ingest.models import EntityIn, Evidenced, MentionIn, RelationIn, StatusIn


@dataclass
class Catalog:
    # sources: id -> line in sources.jsonl, evidence kind, published (text and parsed)
    sources: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    published: dict[str, str | None] = field(default_factory=dict)
    published_dates: dict[str, PartialDate | None] = field(default_factory=dict)
    # entities: id -> where and what; names for attributed_to_name; event starts
    entities: dict[str, rules.Defined] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    event_start: dict[str, dt.date] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)  # invalid definitions: no cascades
    # mentions: entity -> sources that name it (in line order), and their lines
    mentioned_by: dict[str, list[str]] = field(default_factory=dict)
    mention_lines: dict[tuple[str, str], int] = field(default_factory=dict)


def check_cited(cat: Catalog, item: Evidenced, report: rules.Report) -> str:
    """The cited source exists and the evidence is of its kind; returns its id."""
    cited = item.source or ""
    if cited not in cat.evidence:
        report("source", f"cites {cited}, which no data file defines")
    kind, _ = item.evidence
    cited_kind = cat.evidence.get(cited)
    if cited_kind and kind != cited_kind:
        report(
            kind,
            f"{cited} has `evidence: {cited_kind}`, so write `{cited_kind}` here, not `{kind}`",
        )
    return cited


def check_entity(cat: Catalog, item: EntityIn, report: rules.Report) -> None:
    """What needs every entity (the attribution) is checked once all are read."""
    check_cited(cat, item, report)


def check_entity_late(cat: Catalog, item: EntityIn, report: rules.Report) -> None:
    rules.check_attribution(item, cat.entities, cat.broken, report)


def check_mention(cat: Catalog, item: MentionIn, report: rules.Report) -> None:
    if item.id not in cat.entities and item.id not in cat.broken:
        report("id", f"mentions {item.id}, which no data file defines")


def check_relation(cat: Catalog, item: RelationIn, report: rules.Report) -> StatusIn | None:
    """The relation's checks; returns the status a DESIGNATED with `status:` makes."""
    cited = check_cited(cat, item, report)
    rules.check_attribution(item, cat.entities, cat.broken, report)
    _check_relation(item, cat.entities, cat.broken, report)
    derived = rules.derived_status(item)
    if derived is not None:
        rules.check_status(derived, cat.entities, cat.broken, _on("status", report))
    rules.check_ended(item, cited, cat.published, report)
    return derived


def check_status(cat: Catalog, item: StatusIn, report: rules.Report) -> None:
    cited = check_cited(cat, item, report)
    rules.check_attribution(item, cat.entities, cat.broken, report)
    rules.check_status(item, cat.entities, cat.broken, report)
    rules.check_ended(item, cited, cat.published, report)
