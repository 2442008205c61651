"""docs/model.md's generated tables match graph/schema.py (regenerate with `kg docs`)."""

from __future__ import annotations

import pytest

from graph.relations import RELATION_TABLE
from graph.schema import STATUS_RULES
from kg.docs import MODEL_DOC, relation_table, rendered, status_table


def test_model_doc_is_up_to_date() -> None:
    text = MODEL_DOC.read_text(encoding="utf-8")
    assert rendered(text) == text, "docs/model.md is stale: run `kg docs`"


def test_tables_list_every_type_and_status() -> None:
    relations, statuses = relation_table(), status_table()
    assert all(f"| `{t}` |" in relations for t in RELATION_TABLE)
    assert all(f"| `{s}` |" in statuses for s in STATUS_RULES)


def test_a_stale_table_is_noticed() -> None:
    text = MODEL_DOC.read_text(encoding="utf-8").replace("| `SUBJECT_OF` |", "| `GONE` |")
    assert rendered(text) != text


def test_missing_markers_are_an_error() -> None:
    with pytest.raises(ValueError, match="relation-table:start"):
        rendered("# no markers here\n<!-- status-table:start -->\n<!-- status-table:end -->\n")
