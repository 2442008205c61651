"""The checks every FtM line of the export passes (graph/ftm/check.py), without Neo4j:
what followthemoney would reject or change is refused, unless the exact value is carried."""

from __future__ import annotations

from typing import Any

import pytest
from followthemoney import model

from graph.ftm.check import FtmInvalid, entity_errors, put, reference_errors


@pytest.mark.parametrize(
    ("entity", "problem"),
    [
        ({"id": "eg_x", "schema": "Person", "properties": {"name": ["A"]}}, "invalid id"),
        ({"id": "x", "schema": "Person", "properties": {}}, "name is required"),
        ({"id": "x", "schema": "Interval", "properties": {}}, "abstract"),
        ({"id": "x", "schema": "Person", "properties": {"name": ["A"], "role": ["b"]}}, "no prop"),
        (
            {"id": "x", "schema": "Event", "properties": {"name": ["A"], "startDate": ["2023-13"]}},
            "Invalid",
        ),
        ({"id": "x", "schema": "Person", "properties": {"name": [" A "]}}, "cleans"),
        ({"id": "x", "schema": "Article", "properties": {"language": ["en"]}}, "language: Invalid"),
    ],
)
def test_the_check_rejects_what_ftm_would_reject_or_change(
    entity: dict[str, Any], problem: str
) -> None:
    errors = entity_errors(entity)
    assert errors and problem in "; ".join(errors)


def test_a_value_ftm_would_change_is_refused_unless_carried() -> None:
    proxy = model.make_entity("Event")
    proxy.id = "eg-event-x"
    with pytest.raises(FtmInvalid, match="cleans"):
        put(proxy, "name", '"Quoted"')
    assert put(proxy, "name", '"Quoted"', may_change=True) == "Quoted"
    with pytest.raises(FtmInvalid, match="rejects"):
        put(proxy, "startDate", "2023-13")


def test_a_reference_outside_the_range_is_an_error() -> None:
    event = {"id": "eg-event-x", "schema": "Event", "properties": {"name": ["X"]}}
    org = {"id": "eg-org-y", "schema": "Organization", "properties": {"name": ["Y"]}}
    wrong = {
        "id": "eg-rel-1",
        "schema": "Membership",
        "properties": {"member": ["eg-event-x"], "organization": ["eg-org-y"]},
    }
    assert reference_errors([event, org, wrong]) == [
        "eg-rel-1.member -> eg-event-x: Event is no LegalEntity"
    ]
    dangling = {**wrong, "properties": {"member": ["eg-org-y"], "organization": ["eg-org-z"]}}
    assert "no such entity" in reference_errors([org, dangling])[0]
