"""The checks api/cypher_guard.py makes before Neo4j sees an analyst's query: the count of
relationship patterns (outside strings and comments) and the parameters the driver can send.

(That the cap answers the planning bomb at once, and the parameters become 422s, is tested
against the server in tests/api/test_cypher_limits.py.)
"""

from __future__ import annotations

from typing import Any

import pytest

from api.cypher_guard import check_params, check_text
from api.errors import TooComplex
from graph.plan_guard import MAX_RELATIONSHIPS
from graph.query_bounds import code


def ring(n: int) -> str:
    """n nodes in a ring, each also joined to the node three on: 2n relationships."""
    patterns = [f"(a{i})--(a{(i + 1) % n})" for i in range(n)]
    patterns += [f"(a{i})--(a{(i + 3) % n})" for i in range(n)]
    return f"MATCH {', '.join(patterns)} RETURN count(*)"


@pytest.mark.parametrize(
    ("query", "dashes"),
    [
        ("MATCH (a)-[r:X]->(b)<--(c) RETURN a", 4),
        ("MATCH (a)–—(b) RETURN a", 2),  # en and em dashes are arrow lines to Cypher
        ("RETURN 'a--b' AS s, \"c--d\" AS t, `e--f` AS u", 0),
        ("RETURN 'it\\'s -- ' AS s // -- a comment\n, 1 - 2 AS d /* -- */", 1),
        ("RETURN 1 // a comment ends at a carriage return\r, 2 - 1 AS d", 1),
    ],
)
def test_dashes_are_counted_outside_strings_and_comments(query: str, dashes: int) -> None:
    assert sum(char in "-–—" for char in code(query)) == dashes


def test_the_cap_counts_every_dash_cypher_reads_as_an_arrow() -> None:
    check_text(ring(MAX_RELATIONSHIPS // 2))  # at the cap: allowed
    hidden = ring(MAX_RELATIONSHIPS // 2 + 1).replace("--", "\u2010\uff0d")  # 2 more
    with pytest.raises(TooComplex):
        check_text(hidden)
    check_text(f"RETURN '{'-' * 500}' AS dashes_in_a_string")


def nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth - 1):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"x": "\ud800"}, "params.x holds a lone surrogate"),
        ({"x": {"a": ["ok", "\udfff"]}}, "params.x.a[1] holds a lone surrogate"),
        ({"\ud800": 1}, "the parameter name"),
        ({"x": {"\udc00": 1}}, "a key of params.x"),
        ({"x": 2**63}, "params.x is outside the 64-bit integer range"),
        ({"x": nested(33)}, "more than 32 deep"),
        ({"x": list(range(100_001))}, "more than 100000 values"),
    ],
)
def test_parameters_the_driver_cannot_send_are_named(params: dict[str, Any], says: str) -> None:
    with pytest.raises(ValueError) as raised:
        check_params(params)
    assert says in str(raised.value)
    str(raised.value).encode("utf-8")  # the message itself is sendable text


def test_ordinary_parameters_pass() -> None:
    check_params({"id": "person:ilya", "n": -(2**63), "xs": [1.5, None, True, {"k": "й"}]})
    check_params({"x": nested(32)})
