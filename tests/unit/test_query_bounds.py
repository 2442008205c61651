"""The text bounds shared by /cypher and the gateway (graph/query_bounds.py), no Neo4j.

That Neo4j never answers what these refuse, and answers what they pass, is tested against
the server in tests/api/test_cypher_limits.py."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from graph import query_bounds
from graph.plan_guard import too_complex
from graph.query_bounds import MAX_BRANCHES, MAX_CHARS, MAX_DEPTH, check

CYPHER = Path(__file__).resolve().parents[2] / "cypher"


def kind(query: str) -> str | None:
    found = check(query)
    return found.kind if found else None


# Each as first reported (or as the measurements in graph/query_bounds.py) built it.
REFUSED = {
    "3,000 parentheses": ("RETURN " + "(" * 3000 + "1" + ")" * 3000, "depth"),
    "10,000 parentheses": ("RETURN " + "(" * 10_000 + "1" + ")" * 10_000, "length"),
    "400 parentheses": ("RETURN " + "(" * 400 + "1" + ")" * 400, "depth"),
    "nested lists": ("RETURN " + "[" * 150 + "1" + "]" * 150, "depth"),
    "nested maps": ("RETURN " + "{a: " * 150 + "1" + "}" * 150, "depth"),
    # each CASE has a WHEN: nested past the depth, they are past the branches first
    "nested CASEs": ("RETURN " + "CASE WHEN true THEN " * 120 + "1" + " END" * 120, "branches"),
    "CASEs in brackets": ("RETURN " + "[(CASE WHEN true THEN " * 40 + "1" + " END)]" * 40, "depth"),
    "NOT chain": ("RETURN " + "NOT " * 200 + "true", "depth"),
    "AND chain": ("RETURN true" + " AND true" * 200, "depth"),
    "plus chain": ("RETURN 1" + " + 1" * 200, "depth"),
    "property chain": ("WITH {} AS m RETURN m" + ".a" * 200, "depth"),
    "index chain": ("WITH [] AS m RETURN m" + "[0]" * 200, "depth"),
    "UNION": (" UNION ".join(["RETURN 1 AS x"] * (MAX_BRANCHES + 1)), "branches"),
    "CASE branches": (
        "RETURN CASE $x "
        + " ".join(f"WHEN {i} THEN {i}" for i in range(MAX_BRANCHES + 1))
        + " END",
        "branches",
    ),
    "regex": ("RETURN $s =~ '(.*a){12}' AS slow", "regex"),
    "regex, spaced": ("MATCH (n) WHERE n.name = ~ 'x' RETURN n", "regex"),
    "regex, a comment between": ("MATCH (n) WHERE n.name =/* */~ 'x' RETURN n", "regex"),
    "long text": ("RETURN 1 AS x // " + "x" * MAX_CHARS, "length"),
}


@pytest.mark.parametrize(("query", "why"), REFUSED.values(), ids=REFUSED.keys())
def test_what_neo4j_cannot_bound_is_refused_at_once(query: str, why: str) -> None:
    started = time.monotonic()
    assert kind(query) == why
    assert too_complex(query) == check(query).detail  # type: ignore[union-attr]  # the gateway's
    assert time.monotonic() - started < 1  # generous: milliseconds on any machine


PASSED = [
    "RETURN " + "(" * (MAX_DEPTH - 1) + "1" + ")" * (MAX_DEPTH - 1),
    " UNION ".join(["RETURN 1 AS x"] * MAX_BRANCHES),
    "MATCH (a:Person)-[r:FOUNDED|LEADS]->(b)<-[:MEMBER_OF]-(c) WHERE a.name =~ 'x' OR true "
    "RETURN a.name, [x IN r.sources | x.id][0..3] AS s, {end: 1, case: 2} AS m, b.end",
    # strings and comments are not code: a regex, brackets and UNIONs there are text
    "RETURN '=~ ((((((' AS s, \"UNION UNION\" AS t // =~ " + "(" * 500,
    "MATCH (n) WHERE n.name CONTAINS $q AND n.type IN ['Person', 'Organization'] RETURN n",
    "MATCH (p:Person) WHERE " + " AND ".join(f"p.k{i} = $v{i}" for i in range(30)) + " RETURN p",
]


@pytest.mark.parametrize("query", PASSED[:1] + PASSED[1:2] + PASSED[3:])
def test_ordinary_queries_pass(query: str) -> None:
    assert check(query) is None


def test_a_regex_in_code_is_refused_but_not_in_a_string() -> None:
    assert kind(PASSED[2]) == "regex"
    assert kind(PASSED[2].replace("=~", "=")) is None


def test_the_projects_own_queries_are_well_within_the_depth() -> None:
    """The API's named queries are long and realistic: none comes near the bounds (the one
    with a regular expression is the operator's report, which does not pass here)."""
    for path in CYPHER.rglob("*.cypher"):
        text = path.read_text(encoding="utf-8")
        found = check(text)
        assert found is None or found.kind == "regex", (path, found)
        tokens = query_bounds._TOKEN.findall(text)
        words = [query_bounds._word(tokens, i) for i in range(len(tokens))]
        assert query_bounds._depth(tokens, words) <= MAX_DEPTH // 4, path
