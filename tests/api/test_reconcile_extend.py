"""/reconcile's data extension over the real graph: statuses and designations as of a day
(checked against GET /entities/{id}?as_of=, the API's own answer), sources, Cyrillic
aliases; every response valid by the specification's data-extension-response schema."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tests.api.reconcile_spec import assert_valid

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def extend(api: TestClient, ids: list[str], *props: dict[str, Any]) -> dict[str, Any]:
    """POST it as OpenRefine does: `extend=<URL-encoded JSON>` in a form body."""
    payload = json.dumps({"ids": ids, "properties": list(props)}, separators=(",", ":"))
    response = api.post("/reconcile", content="extend=" + quote(payload, safe=""), headers=FORM)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    assert_valid("data-extension-response", answer)
    return answer


def texts(cells: list[dict[str, Any]]) -> list[str]:
    return [cell["str"] for cell in cells]


def bare(label: str) -> str:
    """A status without its note (`dead (according to …)` is `dead`)."""
    return label.split(" (", 1)[0]


# What OpenRefine posts for "Add columns from reconciled values" (Jackson's compact JSON,
# then java.net.URLEncoder), recorded: Navalny's status with the `as_of` setting filled in.
OPENREFINE_EXTEND = (
    "extend=%7B%22ids%22%3A%5B%22person%3Aalexei-navalny%22%5D%2C%22properties%22%3A%5B%7B"
    "%22id%22%3A%22status%22%2C%22settings%22%3A%7B%22as_of%22%3A%22{day}%22%7D%7D%5D%7D"
)


@pytest.mark.parametrize(("day", "status"), [("2023-06-01", "imprisoned"), ("2024-03-01", "dead")])
def test_navalny_as_of_a_day_as_openrefine_asks(api: TestClient, day: str, status: str) -> None:
    body = OPENREFINE_EXTEND.format(day=day)
    response = api.post("/reconcile", content=body, headers=FORM)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert_valid("data-extension-response", answer)
    assert answer["rows"] == {"person:alexei-navalny": {"status": [{"str": status}]}}
    # The column OpenRefine adds names its day.
    assert answer["meta"] == [{"id": "status", "name": f"Status on {day}"}]


@pytest.mark.parametrize(
    ("entity", "day"),
    [
        ("person:alexei-navalny", "2021-02-01"),
        ("person:alexei-navalny", "2023-06-01"),
        ("person:vladimir-kara-murza", "2023-06-01"),
        ("person:vladimir-kara-murza", "2024-09-01"),
        ("person:alsu-kurmasheva", "2023-10-15"),
        ("person:dmitry-gudkov", "2025-01-01"),
        ("person:ilya-yashin", "2025-06-01"),
        ("org:memorial", "2024-01-01"),
    ],
)
def test_statuses_agree_with_the_entity_page(api: TestClient, entity: str, day: str) -> None:
    """The same rule as GET /entities/{id}?as_of= (graph.statuses.holds_on)."""
    answer = extend(
        api,
        [entity],
        {"id": "status", "settings": {"as_of": day}},
        {"id": "designations", "settings": {"as_of": day}},
    )
    page = api.get(f"/entities/{entity}", params={"as_of": day}).json()
    holding = [s for s in page["statuses"] if s["holds"]]
    row = answer["rows"][entity]
    assert {bare(t) for t in texts(row["status"])} == {
        s["status"] for s in holding if s["facet"] != "designation"
    }
    assert {bare(t) for t in texts(row["designations"])} == {
        s["status"] for s in holding if s["facet"] == "designation"
    }


def test_whose_claim_and_uncertain_days_are_said(api: TestClient) -> None:
    answer = extend(
        api,
        ["person:ilya-yashin", "person:alsu-kurmasheva"],
        {"id": "designations", "settings": {"as_of": "2025-06-01"}},
        {"id": "status", "settings": {"as_of": "2023-10-15"}},
    )
    yashin = texts(answer["rows"]["person:ilya-yashin"]["designations"])
    assert "wanted (according to Ministry of Internal Affairs of Russia)" in yashin
    # Detained "from October 2023": on 2023-10-15 it holds, but not certainly.
    kurmasheva = texts(answer["rows"]["person:alsu-kurmasheva"]["status"])
    assert kurmasheva == ["detained (uncertain: dated 2023-10)"]


def test_sources_and_cyrillic_aliases(api: TestClient) -> None:
    ids = ["person:alexei-navalny", "org:memorial"]
    answer = extend(api, ids, {"id": "sources"}, {"id": "aliases_cyrillic"})
    for id_ in ids:
        page = api.get(f"/entities/{id_}").json()
        row = answer["rows"][id_]
        assert row["sources"] == [{"int": len(page["sources"])}]
        cyrillic = texts(row["aliases_cyrillic"])
        assert cyrillic == [a for a in page["aliases"] if CYRILLIC.search(a)]
    assert texts(answer["rows"]["person:alexei-navalny"]["aliases_cyrillic"]) == [
        "Алексей Навальный"
    ]
    assert answer["meta"] == [
        {"id": "sources", "name": "Sources"},
        {"id": "aliases_cyrillic", "name": "Aliases in Cyrillic"},
    ]


def test_unknown_ids_repeats_and_defaults(api: TestClient) -> None:
    today = date.today().isoformat()
    answer = extend(
        api,
        ["person:no-such-person", "person:ilya-ponomarev"],
        {"id": "status", "settings": {"as_of": ""}},  # OpenRefine's empty default: today
        {"id": "status", "settings": {"as_of": "2000-01-01"}},  # asked again: answered once
        {"id": "designations"},
    )
    assert answer["meta"] == [
        {"id": "status", "name": f"Status on {today}"},
        {"id": "designations", "name": f"Designations on {today}"},
    ]
    assert answer["rows"]["person:no-such-person"] == {"status": [], "designations": []}
    assert "in_exile" in texts(answer["rows"]["person:ilya-ponomarev"]["status"])


def test_get_and_json_extension(api: TestClient) -> None:
    query = {"ids": ["person:alexei-navalny"], "properties": [{"id": "sources"}]}
    by_get = api.get("/reconcile", params={"extend": json.dumps(query)})
    by_json = api.post("/reconcile", json={"extend": query})
    assert by_get.status_code == by_json.status_code == 200
    assert by_get.json() == by_json.json()
    assert_valid("data-extension-response", by_get.json())
    assert_valid("data-extension-query", query)
