"""Is an analyst's Cypher read-only? Ask Neo4j: EXPLAIN it, then read the plan.

Matching keywords in the text is easy to fool (comments, strings, CALL subqueries); the
planner is not. A query passes when Neo4j classifies it as read-only ('r') and its plan has
no operator outside what reading the graph needs: no LOAD CSV (it reads files and URLs), no
SHOW/TERMINATE (administration), and procedure calls only from a short allowlist.
The repository (api/repository/reader.py) sends `explain(query)` and applies these checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import neo4j
from neo4j import ResultSummary
from neo4j.exceptions import ClientError

from api.errors import BadQuery, Forbidden, Problem

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


def operators(plan: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every operator of a plan tree as (name without the @database suffix, args)."""
    yield plan["operatorType"].split("@", 1)[0], plan.get("args") or {}
    for child in plan.get("children") or []:
        yield from operators(child)


def check_plan(query_type: str | None, plan: dict[str, Any] | None) -> None:
    """Raise Forbidden unless the plan only reads the graph."""
    ops = list(operators(plan or {}))
    # Procedures first, so the refusal names the procedure rather than its mode.
    for name, args in ops:
        if name == "ProcedureCall":
            details = str(args.get("Details") or args.get("Signature") or "")
            match = _PROCEDURE.match(details)
            procedure = match.group(1) if match else details
            if procedure not in ALLOWED_PROCEDURES:
                raise Forbidden(
                    f"procedure {procedure!r} is not allowed here; allowed: "
                    f"{', '.join(sorted(ALLOWED_PROCEDURES))}"
                )
    if query_type != "r":
        kinds = {"w": "writes", "rw": "writes", "s": "changes the schema or administers the server"}
        raise Forbidden(
            f"this endpoint runs read-only queries; this one "
            f"{kinds.get(query_type or '', 'is not read-only')}"
        )
    for name, _ in ops:
        if name.startswith(DENIED_OPERATORS):
            what = "LOAD CSV" if name == "LoadCSV" else name
            raise Forbidden(f"{what} is not allowed: this endpoint only reads the graph")


def explain(query: str) -> neo4j.Query:
    """The analyst's query under EXPLAIN: Neo4j plans it and runs nothing."""
    # The analyst's text is the query here by design; it is only EXPLAINed.
    return neo4j.Query("EXPLAIN " + query, timeout=10)


def refusal(error: ClientError) -> Problem:
    """Why Neo4j could not plan the query, as the problem the API answers with."""
    code = error.code or ""
    if code.startswith(("Neo.ClientError.Procedure.", "Neo.ClientError.Security.")):
        return Forbidden(f"refused: {error.message}")
    return BadQuery(f"Neo4j could not plan the query: {error.message}", code=code)


def check_summary(summary: ResultSummary, database: str) -> None:
    """Raise Forbidden unless the EXPLAINed query only reads the graph of `database`."""
    if summary.database and summary.database != database:
        raise Forbidden(f"queries may only read the {database!r} database")
    check_plan(summary.query_type, summary.plan)
