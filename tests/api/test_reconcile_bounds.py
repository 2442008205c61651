"""/reconcile's refusals: each a 4xx problem+json whose `detail` names what is wrong, before
any query reaches the graph; never a 500."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from api.settings import ApiSettings

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
MOST = ApiSettings().match_max_queries


def form(name: str, payload: Any) -> str:
    text = payload if isinstance(payload, str) else json.dumps(payload)
    return f"{name}={quote(text, safe='')}"


def refused(response: Response, status: int, *named: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    detail: str = response.json()["detail"]
    for words in named:
        assert words in detail, detail
    return detail


def post_form(api: TestClient, body: str) -> Response:
    response: Response = api.post("/reconcile", content=body, headers=FORM)
    return response


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (form("queries", '{"q0": {"query": "Gudkov"'), ("queries: not JSON", "line 1")),
        (form("extend", "{ids: []}"), ("extend: not JSON",)),
        (form("queries", '{"q0": {"query": NaN}}'), ("queries:", "NaN")),
        (form("queries", "[" * 100_000), ("queries: JSON nested too deeply",)),
        (form("extend", '{"ids": ' + "[" * 50_000), ("extend: JSON nested too deeply",)),
    ],
)
def test_malformed_json_names_its_field(api: TestClient, body: str, named: tuple[str]) -> None:
    refused(post_form(api, body), 422, *named)


def test_deep_nesting_in_a_json_body_or_a_query_parameter(api: TestClient) -> None:
    deep = '{"queries": ' + "[" * 100_000
    body = api.post("/reconcile", content=deep, headers={"Content-Type": "application/json"})
    refused(body, 422, "body: JSON nested too deeply")
    # Nested values past a field's own shape are refused by the shape, not recursed into.
    nested: Any = "x"
    for _ in range(500):
        nested = [nested]
    batch = {"q0": {"query": "Gudkov", "properties": [{"pid": "alias", "v": nested}]}}
    refused(api.get("/reconcile", params={"queries": json.dumps(batch)}), 422, "q0.properties")


def test_too_many_queries_or_ids(api: TestClient) -> None:
    batch = {f"q{i}": {"query": "Gudkov"} for i in range(MOST + 1)}
    refused(
        post_form(api, form("queries", batch)),
        422,
        f"queries: {MOST + 1} queries; at most {MOST}",
        "KG_MATCH_MAX_QUERIES",
    )
    ids = [f"person:p{i}" for i in range(MOST + 1)]
    query = {"ids": ids, "properties": [{"id": "sources"}]}
    refused(
        post_form(api, form("extend", query)),
        422,
        f"extend.ids: {MOST + 1} ids; at most {MOST}",
        "KG_MATCH_MAX_QUERIES",
    )


@pytest.mark.parametrize(
    ("batch", "named"),
    [
        (
            {"q0": {"query": "Gudkov", "properties": [{"pid": "status", "v": "x"}]}},
            ("queries.q0.properties[0].pid", "'status' is not a property to match on", "alias"),
        ),
        (
            {"q0": {"query": "Gudkov", "properties": [{"pid": "P569", "v": "1975"}]}},
            ("queries.q0.properties[0].pid", "'P569'"),
        ),
        (
            {"q0": {"query": "Gudkov", "type": "Thing"}},
            ("queries.q0.type[0]", "'Thing' is not a type of this service", "Person"),
        ),
        (
            {"q0": {"query": "Gudkov", "type": ["Person", "Q5"]}},
            ("queries.q0.type[1]", "'Q5'"),
        ),
        ({"q0": {"query": "Gudkov", "props": []}}, ("queries.q0.props", "Extra inputs")),
        ({"q0": {"query": "x" * 201}}, ("queries.q0.query", "200 characters")),
        (
            {"q0": {"query": "Gudkov", "properties": [{"pid": "alias", "v": True}]}},
            ("queries.q0.properties[0].v", "a boolean"),
        ),
        ({"q0": {"query": "Gudkov", "limit": 0}}, ("queries.q0.limit", "greater than")),
        ({"q0": "Gudkov"}, ("queries.q0",)),
        ({}, ("queries",)),
        ({"k" * 201: {"query": "Gudkov"}}, ("queries.",)),
    ],
)
def test_a_bad_query_names_its_field(
    api: TestClient, batch: dict[str, Any], named: tuple[str]
) -> None:
    refused(post_form(api, form("queries", batch)), 422, *named)
    by_get = api.get("/reconcile", params={"queries": json.dumps(batch)})
    assert by_get.json()["detail"] == refused(by_get, 422, *named)


@pytest.mark.parametrize(
    ("query", "named"),
    [
        (
            {"ids": ["person:ilya-ponomarev"], "properties": [{"id": "birthDate"}]},
            ("extend.properties[0].id", "'birthDate' is not a property data extension fetches"),
        ),
        (
            {
                "ids": ["person:ilya-ponomarev"],
                "properties": [{"id": "status", "settings": {"as_of": "2023-02-30"}}],
            },
            ("extend.properties[0].settings.as_of", "'2023-02-30' is not a calendar date"),
        ),
        (
            {
                "ids": ["person:ilya-ponomarev"],
                "properties": [{"id": "status", "settings": {"as_of": "01.06.2023"}}],
            },
            ("extend.properties[0].settings.as_of", "YYYY-MM-DD"),
        ),
        (
            {"ids": ["Ilya Ponomarev"], "properties": [{"id": "status"}]},
            ("extend.ids[0]", "pattern"),
        ),
        ({"ids": ["person:ilya-ponomarev"]}, ("extend.properties", "required")),
    ],
)
def test_a_bad_extension_names_its_field(
    api: TestClient, query: dict[str, Any], named: tuple[str]
) -> None:
    refused(post_form(api, form("extend", query)), 422, *named)


def test_one_payload_of_a_known_kind(api: TestClient) -> None:
    batch = json.dumps({"q0": {"query": "Gudkov"}})
    query = json.dumps({"ids": [], "properties": []})
    both = f"queries={quote(batch)}&extend={quote(query)}"
    refused(post_form(api, both), 422, "not queries and extend")
    refused(post_form(api, "foo=bar"), 422, "not neither")
    twice = f"queries={quote(batch)}&queries={quote(batch)}"
    refused(post_form(api, twice), 422, "queries: given 2 times")
    as_json = api.post("/reconcile", json={"queries": {"q0": {"query": "x"}}, "limit": 3})
    refused(as_json, 422, "body.limit: unknown field")
    refused(api.post("/reconcile", json=["queries"]), 422, "body: an object")
    text = api.post("/reconcile", content=batch, headers={"Content-Type": "text/plain"})
    refused(text, 415, "Content-Type text/plain", "application/x-www-form-urlencoded")
    latin1 = api.post(
        "/reconcile", content=b'{"queries": "\xe9"}', headers={"Content-Type": "application/json"}
    )
    refused(latin1, 400, "not UTF-8")
    get_both = api.get("/reconcile", params={"queries": batch, "extend": query})
    refused(get_both, 422, "not queries and extend")


def test_a_body_past_its_cap_is_refused_before_it_is_read(api: TestClient) -> None:
    big = "queries=" + "x" * ApiSettings().match_max_bytes
    refused(post_form(api, big), 413, "KG_MATCH_MAX_BYTES")


def test_other_routes_name_their_parameters(api: TestClient) -> None:
    refused(api.get("/reconcile/properties", params={"type": "Thing"}), 422, "type")
    refused(api.get("/reconcile/suggest/entity"), 422, "prefix")
    refused(api.get("/reconcile/suggest/entity", params={"prefix": "x", "limit": 0}), 422, "limit")
    refused(api.get("/reconcile/preview", params={"id": "Ilya Ponomarev"}), 422, "id")
    refused(
        api.get("/reconcile/preview", params={"id": "person:no-such-person"}),
        404,
        "'person:no-such-person'",
    )
    put = api.put("/reconcile")
    refused(put, 405)
    assert put.headers["allow"] == "GET, POST"
