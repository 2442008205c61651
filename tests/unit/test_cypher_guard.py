"""The read-only check on EXPLAIN plans, fed plans shaped as Neo4j returns them.

(That Neo4j plans real queries this way is tested against the server in tests/api.)
"""

from __future__ import annotations

from typing import Any

import pytest

from api.cypher_guard import check_plan
from api.errors import Forbidden
from graph.plan_guard import operators


def plan(*names: str, details: str = "") -> dict[str, Any]:
    """A chain of operators, the first at the root, as in `summary.plan`."""
    node: dict[str, Any] = {}
    for name in reversed(names):
        args = {"Details": details} if name.startswith("ProcedureCall") else {}
        node = {"operatorType": name, "args": args, "children": [node] if node else []}
    return node


READ = plan("ProduceResults@neo4j", "Filter@neo4j", "NodeByLabelScan@neo4j")


def test_operators_walk_the_tree_without_database_suffixes() -> None:
    assert [op.name for op in operators(READ)] == ["ProduceResults", "Filter", "NodeByLabelScan"]


def test_a_plain_read_passes() -> None:
    check_plan("r", READ)


@pytest.mark.parametrize(
    ("query_type", "says"),
    [
        ("w", "writes"),
        ("rw", "writes"),
        ("s", "administers the server"),
        (None, "is not read-only"),
    ],
)
def test_anything_but_a_read_is_refused(query_type: str | None, says: str) -> None:
    with pytest.raises(Forbidden, match=says):
        check_plan(query_type, READ)


def test_load_csv_is_refused_even_in_a_read() -> None:
    with pytest.raises(Forbidden, match="LOAD CSV is not allowed"):
        check_plan("r", plan("ProduceResults@neo4j", "LoadCSV@neo4j"))


def test_allowlisted_procedures_pass_and_others_are_named() -> None:
    check_plan(
        "r",
        plan(
            "ProduceResults@neo4j",
            "ProcedureCall@neo4j",
            details="db.labels() :: (label :: STRING)",
        ),
    )
    with pytest.raises(Forbidden, match=r"'dbms\.killQuery' is not allowed"):
        # The procedure is named, not the query type it brings.
        check_plan(
            "s",
            plan(
                "ProduceResults@neo4j",
                "ProcedureCall@neo4j",
                details="dbms.killQuery($id) :: (queryId :: STRING)",
            ),
        )
