"""Is an analyst's Cypher read-only? Ask Neo4j: EXPLAIN it, then read the plan.

Matching keywords in the text is easy to fool (comments, strings, CALL subqueries); the
planner is not. A query passes when Neo4j classifies it as read-only ('r') and its plan has
no operator outside what reading the graph needs: no LOAD CSV (it reads files and URLs), no
SHOW/TERMINATE (administration), and procedure calls only from a short allowlist.
The repository (api/repository/analyst.py) sends `explain(query)` and applies these checks.

Two checks come before Neo4j sees anything: `check_text` refuses a query Neo4j cannot
plan in a few seconds or may never answer (graph/query_bounds.py: length, `=~`, nesting
depth, branches; and more relationship patterns than plan quickly), and `check_params` (run by the
request schema) refuses parameters the driver cannot send.
"""

from __future__ import annotations

from typing import Any

import neo4j
from neo4j import ResultSummary
from neo4j.exceptions import ClientError, Neo4jError

from api.errors import (
    BadQuery,
    Forbidden,
    Problem,
    QueryTimeout,
    TooComplex,
    Unavailable,
    from_neo4j,
    is_timeout,
)
from graph import query_bounds
from graph.plan_guard import ReadPolicy, too_complex

ANALYSTS = ReadPolicy()  # the allowlist of graph/plan_guard.py, nothing administrative


def check_plan(query_type: str | None, plan: dict[str, Any] | None) -> None:
    """Raise Forbidden unless the plan only reads the graph (graph/plan_guard.py's rules)."""
    why = ANALYSTS.refusal(query_type, plan)
    if why:
        raise Forbidden(f"{why}: this endpoint only reads the graph")


def explain(query: str, timeout: float) -> neo4j.Query:
    """The analyst's query under EXPLAIN: Neo4j plans it and runs nothing."""
    # The analyst's text is the query here by design; it is only EXPLAINed.
    return neo4j.Query("EXPLAIN " + query, timeout=timeout)


def refusal(error: Neo4jError, timeout: float) -> Problem:
    """Why Neo4j did not plan the query (within `timeout` seconds), as a problem."""
    code = error.code or ""
    if is_timeout(error):
        return QueryTimeout(
            f"Neo4j was still planning the query after {timeout:g}s and stopped it; "
            "fewer relationship patterns, or several smaller queries, plan faster"
        )
    if code.startswith(("Neo.ClientError.Procedure.", "Neo.ClientError.Security.")):
        return Forbidden(f"refused: {error.message}")
    if isinstance(error, ClientError):
        return BadQuery(f"Neo4j could not plan the query: {error.message}", code=code)
    return from_neo4j(error, analyst=True) or Unavailable("Neo4j could not plan the query.")


def check_text(query: str) -> None:
    """Raise before Neo4j sees the query: Forbidden for a regular expression, TooComplex
    past a bound of graph/query_bounds.py or with more relationship patterns than plan
    quickly."""
    bound = query_bounds.check(query)
    if bound and bound.kind == "regex":
        raise Forbidden(bound.detail)
    why = bound.detail if bound else too_complex(query)
    if why:
        raise TooComplex(why)


# Parameters: how deep lists and maps may nest, and how many values they may hold in all.
MAX_PARAM_DEPTH = 32
MAX_PARAM_VALUES = 100_000


def check_params(params: dict[str, Any]) -> None:
    """Raise ValueError, naming the field, for a parameter the driver cannot send to Neo4j:
    text with a lone surrogate (not UTF-8), an integer beyond 64 bits, nesting deeper than
    MAX_PARAM_DEPTH, or more than MAX_PARAM_VALUES values."""
    todo: list[tuple[str, Any, int]] = []
    for name, value in params.items():
        _text(name, f"the parameter name {name!r}")
        todo.append((f"params.{_key(name)}", value, 1))
    seen = 0
    while todo:  # a loop, not recursion: the nesting is the client's to choose
        where, value, depth = todo.pop()
        seen += 1
        if seen > MAX_PARAM_VALUES:
            raise ValueError(f"params hold more than {MAX_PARAM_VALUES} values")
        todo.extend(_check_value(where, value, depth))


def _check_value(where: str, value: Any, depth: int) -> list[tuple[str, Any, int]]:
    """Raise ValueError for one value the driver cannot send; return what it holds."""
    if isinstance(value, str):
        _text(value, where)
    elif isinstance(value, int) and not isinstance(value, bool):
        if not -(2**63) <= value < 2**63:
            raise ValueError(f"{where} is outside the 64-bit integer range")
    elif isinstance(value, list | dict):
        if depth > MAX_PARAM_DEPTH:
            raise ValueError(f"{where} nests lists or maps more than {MAX_PARAM_DEPTH} deep")
        if isinstance(value, list):
            return [(f"{where}[{i}]", item, depth + 1) for i, item in enumerate(value)]
        for key in value:
            _text(key, f"a key of {where}")
        return [(f"{where}.{_key(key)}", item, depth + 1) for key, item in value.items()]
    return []


def _key(name: str) -> str:
    return name if name.isidentifier() else repr(name)  # repr escapes what JSON can't carry


def _text(value: str, where: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        bad = repr(value[error.start : error.end])
        raise ValueError(
            f"{where} holds a lone surrogate ({bad} at {error.start}), which is not text; "
            "send whole characters"
        ) from None


def check_summary(summary: ResultSummary, database: str) -> None:
    """Raise Forbidden unless the EXPLAINed query only reads the graph of `database`."""
    if summary.database and summary.database != database:
        raise Forbidden(f"queries may only read the {database!r} database")
    check_plan(summary.query_type, summary.plan)
