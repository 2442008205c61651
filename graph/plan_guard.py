"""Does a query only read the graph? Ask Neo4j: EXPLAIN it, then judge the plan.

Matching keywords in the text is easy to fool (comments, strings, CALL subqueries); the
planner is not. A query passes when Neo4j classifies it as read-only ('r') and its plan has
no operator outside what reading the graph needs: no LOAD CSV (it reads files and URLs), no
SHOW/TERMINATE (administration), procedure calls only from an allowlist, and every operator
on the expected database. The newsroom gateway (newsroom/gateway/policy.py) uses this with a
longer allowlist (what Neo4j Browser runs); the API's /cypher (api/cypher_guard.py) applies
the same checks to analysts' queries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graph.query_bounds import code, refusal

ALLOWED_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
        "db.index.fulltext.queryNodes",
        "db.index.fulltext.queryRelationships",
    }
)
# Operators that read files or act on the server even when the query type says 'r'.
DENIED_OPERATORS = (
    "LoadCSV",
    "Show",
    "Terminate",
    "Administration",
    "Create",
    "Delete",
    "DetachDelete",
    "Merge",
    "Set",
    "Remove",
    "Foreach",
    "Transaction",
)
_PROCEDURE = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*\(")
_KINDS = {"w": "writes", "rw": "writes", "s": "changes the schema or administers the server"}


@dataclass(frozen=True)
class Operator:
    name: str
    database: str | None
    args: dict[str, Any]

    @property
    def procedure(self) -> str | None:
        """The procedure a call operator runs (on `system` the operator is named after it)."""
        if self.name == "ProcedureCall":
            details = str(self.args.get("Details") or self.args.get("Signature") or "")
            match = _PROCEDURE.match(details)
            return match.group(1) if match else details
        return self.name if "." in self.name else None


def operators(plan: dict[str, Any]) -> Iterator[Operator]:
    """Every operator of a plan tree, its `@database` suffix split off."""
    name, _, database = str(plan.get("operatorType", "")).partition("@")
    yield Operator(name, database or None, plan.get("args") or {})
    for child in plan.get("children") or []:
        yield from operators(child)


@dataclass(frozen=True)
class ReadPolicy:
    """What a read-only query may contain.

    `dbms_procedures` are procedures that only read but run in DBMS mode, which makes
    Neo4j type the whole query 's'; such a query passes if those are its only calls.
    `show` names SHOW operators that only list harmless metadata (e.g. ShowProcedures).
    """

    procedures: frozenset[str] = ALLOWED_PROCEDURES
    dbms_procedures: frozenset[str] = frozenset()
    show: frozenset[str] = frozenset()
    database: str | None = None
    # Name the allowed procedures in a refusal (the API does; the Browser's list is long).
    list_allowed: bool = True

    def refusal(self, query_type: str | None, plan: dict[str, Any] | None) -> str | None:
        """Why the planned query is not a plain read, or None when it is."""
        ops = list(operators(plan or {}))
        allowed = self.procedures | self.dbms_procedures
        # Procedures first, so the refusal names the procedure rather than its mode.
        calls = [op.procedure for op in ops if op.procedure is not None]
        for procedure in calls:
            if procedure not in allowed:
                listed = f"; allowed: {', '.join(sorted(allowed))}" if self.list_allowed else ""
                return f"procedure {procedure!r} is not allowed here{listed}"
        dbms_only = bool(calls) and all(call in self.dbms_procedures for call in calls)
        if query_type != "r" and not (query_type == "s" and dbms_only):
            return f"this query {_KINDS.get(query_type or '', 'is not read-only')}"
        for op in ops:
            if self.database and op.database and op.database != self.database:
                return f"queries may only read the {self.database!r} database"
            if op.name.startswith(DENIED_OPERATORS) and op.name not in self.show:
                what = "LOAD CSV" if op.name == "LoadCSV" else op.name
                return f"{what} is not allowed"
        return None


# What Cypher reads as the line of a relationship arrow: every dash-like character was put
# between two node patterns and EXPLAINed on Neo4j 5.26; these are the ones it accepted.
ARROW_LINES = frozenset("-\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\ufe58\ufe63\uff0d")
# Planning time grows steeply with the relationship patterns of one MATCH (Neo4j adds a
# uniqueness predicate for each pair), and parts of it do not heed the transaction timeout:
# 30 plan in about 1 s, 40 in 2 s, 60 in 25-80 s, and each cached plan of 30 keeps ~0.4 MB
# of Neo4j's heap (kg/local/conf.py). Each pattern has two arrow lines; a minus one.
MAX_RELATIONSHIPS = 30


def too_complex(query: str) -> str | None:
    """Why the query may not be planned: past a bound of graph/query_bounds.py (length,
    `=~`, nesting depth, branches), or more relationship patterns than plan quickly."""
    bounded = refusal(query)
    if bounded:
        return bounded
    dashes = sum(char in ARROW_LINES for char in code(query))
    if dashes <= 2 * MAX_RELATIONSHIPS:
        return None
    return (
        f"the query has {dashes} dashes outside strings and comments, about "
        f"{dashes // 2} relationship patterns; at most {MAX_RELATIONSHIPS} are planned "
        "here (planning time grows steeply with them): split it into smaller queries"
    )
