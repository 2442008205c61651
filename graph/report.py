"""The sourcing report: how the loaded graph's statements are backed, and which break the
rules of the data format. `kg report` prints it; the API's /stats can return the same."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import neo4j
from neo4j import Driver

import cypher
from graph.relations import RELATION_TABLE
from graph.schema import FORMER, FORMER_CHECKED, NodeType

# The whole text must match in Cypher's =~; (?is): any case, across line breaks.
FORMER_CYPHER = f"(?is).*(?:{FORMER.pattern}).*"


@dataclass(frozen=True)
class Breach:
    id: str
    type: str
    detail: str


@dataclass(frozen=True)
class SourcingReport:
    relationships: int  # hand-written ones, between entities
    single_source: int
    quoted: int  # backed by at least one verbatim quote
    noted_only: int  # backed by research notes only
    attributed_relationships: int
    attributed_events: int
    attributed_statuses: int
    keyed_relationships: int  # statements told apart by `key`
    keyed_statuses: int
    disagreeing_relationships: int  # node pairs with more than one statement of a type
    disagreeing_statuses: int  # entities with more than one statement of a status
    ended_without_date: int
    statuses: int
    undated_statuses: int  # no valid_from and no observation date: never hold "as of"
    relation_table_breaches: list[Breach] = field(default_factory=list)
    end_bound_breaches: list[Breach] = field(default_factory=list)

    @property
    def rule_breaking(self) -> int:
        return len(self.relation_table_breaches) + len(self.end_bound_breaches)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "rule_breaking": self.rule_breaking}


def table_rows() -> list[dict[str, Any]]:
    """The relation table as Cypher parameters."""

    def kinds(values: frozenset[str] | None) -> list[str] | None:
        return sorted(values) if values is not None else None

    return [
        {
            "type": rel_type.value,
            "tail": sorted(shape.tail),
            "head": sorted(shape.head),
            "tail_kinds": kinds(shape.tail_kinds),
            "head_kinds": kinds(shape.head_kinds),
        }
        for rel_type, rule in RELATION_TABLE.items()
        for shape in rule.shapes
    ]


def _read(driver: Driver, database: str, name: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(
        cypher.load(name), params, database_=database, routing_=neo4j.RoutingControl.READ
    )
    return [record.data() for record in records]


def report_queries() -> list[tuple[str, dict[str, Any]]]:
    """The report's named queries with their parameters (the API's /stats runs them too)."""
    return [
        ("report/figures", {}),
        ("report/relation_table", {"shapes": table_rows(), "event": NodeType.EVENT.value}),
        (
            "report/end_bound",
            {"pattern": FORMER_CYPHER, "checked": sorted(t.value for t in FORMER_CHECKED)},
        ),
    ]


def assemble(
    figures: list[dict[str, Any]], table: list[dict[str, Any]], ends: list[dict[str, Any]]
) -> SourcingReport:
    """The report from the rows of `report_queries()`, in that order."""
    table_breaches = [
        Breach(r["id"], r["type"], f"{r['from']} ({r['from_kind']}) -> {r['to']} ({r['to_kind']})")
        for r in table
    ]
    end_breaches = [
        Breach(
            r["id"], r["type"], f"role: {r['role']}" if r["in_role"] else "says it in its evidence"
        )
        for r in ends
    ]
    return SourcingReport(
        **figures[0], relation_table_breaches=table_breaches, end_bound_breaches=end_breaches
    )


def sourcing_report(driver: Driver, database: str) -> SourcingReport:
    figures, table, ends = (
        _read(driver, database, name, **params) for name, params in report_queries()
    )
    return assemble(figures, table, ends)


def render(report: SourcingReport) -> str:
    r = report
    lines = [
        f"relationships (hand-written)        {r.relationships:>6}",
        f"  with one source                   {r.single_source:>6}",
        f"  backed by a quote                 {r.quoted:>6}",
        f"  backed by notes only              {r.noted_only:>6}",
        f"  ended, no date (bounded)          {r.ended_without_date:>6}",
        "attributed statements (a party's claim)",
        f"  relationships                     {r.attributed_relationships:>6}",
        f"  events                            {r.attributed_events:>6}",
        f"  statuses                          {r.attributed_statuses:>6}",
        "kept disagreements",
        f"  keyed relationships               {r.keyed_relationships:>6}",
        f"  node pairs with several of a type {r.disagreeing_relationships:>6}",
        f"  keyed statuses                    {r.keyed_statuses:>6}",
        f"  entities with several of a status {r.disagreeing_statuses:>6}",
        f"statuses                            {r.statuses:>6}",
        f"  without a date                    {r.undated_statuses:>6}",
        f"rule-breaking                       {r.rule_breaking:>6}",
        f"  relation table                    {len(r.relation_table_breaches):>6}",
        f"  'former' without an end           {len(r.end_bound_breaches):>6}",
    ]
    for title, breaches in (
        ("relation table", r.relation_table_breaches),
        ("'former' without an end", r.end_bound_breaches),
    ):
        if breaches:
            lines.append(f"breaking the {title}:")
            lines.extend(f"  {b.id}: {b.detail}" for b in breaches)
    return "\n".join(lines)
