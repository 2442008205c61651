"""/reconcile: the W3C Reconciliation Service API 0.2 over the real graph, each kind of
response validated against the specification's own JSON schemas (tests/api/reconcile_spec.py).
Refusals are in test_reconcile_bounds.py."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from referencing.exceptions import Unresolvable

from api.main import create_app
from api.settings import ApiSettings
from graph.settings import Neo4jSettings
from tests.api.reconcile_spec import (
    assert_valid,
    examples,
    problems,
    registry,
    schema_names,
    validator,
)
from tests.helpers import LOCAL_API

FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}

# A batch as OpenRefine 3.x posts it (StandardReconConfig: Jackson's compact JSON, then
# java.net.URLEncoder), recorded byte for byte: a genitive Russian name, another
# romanisation, a bare shared surname, a genitive surname, an organisation, a property
# constraint the graph cannot compare, and an alias with a limit.
OPENREFINE_QUERIES = (
    "queries=%7B%22q0%22%3A%7B%22query%22%3A%22%D0%9F%D0%BE%D0%BD%D0%BE%D0%BC%D0%B0%D1%80%D1%"
    "91%D0%B2%D0%B0+%D0%98%D0%BB%D1%8C%D0%B8%22%2C%22type%22%3A%22Person%22%2C%22type_strict%"
    "22%3A%22should%22%7D%2C%22q1%22%3A%7B%22query%22%3A%22Dmitri+Goudkov%22%2C%22type%22%3A%"
    "22Person%22%2C%22type_strict%22%3A%22should%22%7D%2C%22q2%22%3A%7B%22query%22%3A%22Gudko"
    "v%22%2C%22type%22%3A%22Person%22%2C%22type_strict%22%3A%22should%22%7D%2C%22q3%22%3A%7B%"
    "22query%22%3A%22%D0%A5%D0%BE%D0%B4%D0%BE%D1%80%D0%BA%D0%BE%D0%B2%D1%81%D0%BA%D0%BE%D0%B3"
    "%D0%BE%22%2C%22type%22%3A%22Person%22%2C%22type_strict%22%3A%22should%22%7D%2C%22q4%22%3"
    "A%7B%22query%22%3A%22Freedom+of+Russia+Legion%22%2C%22type%22%3A%22Organization%22%2C%22"
    "type_strict%22%3A%22should%22%7D%2C%22q5%22%3A%7B%22query%22%3A%22Yulia+Navalnaya%22%2C%"
    "22type%22%3A%22Person%22%2C%22type_strict%22%3A%22should%22%2C%22properties%22%3A%5B%7B%"
    "22pid%22%3A%22nationality%22%2C%22v%22%3A%22Russia%22%7D%5D%7D%2C%22q6%22%3A%7B%22query%"
    "22%3A%22%D0%9B%D0%B5%D0%BE%D0%BD%D0%B8%D0%B4+%D0%92%D0%BE%D0%BB%D0%BA%D0%BE%D0%B2%22%2C%"
    "22properties%22%3A%5B%7B%22pid%22%3A%22alias%22%2C%22v%22%3A%22Leonid+Volkov%22%7D%5D%2C"
    "%22limit%22%3A3%7D%7D"
)


def top(answer: dict[str, Any], key: str) -> dict[str, Any]:
    first: dict[str, Any] = answer[key]["result"][0]
    return first


# --- the validator setup itself -----------------------------------------------------------


@pytest.mark.parametrize("name", schema_names())
def test_the_validators_agree_with_the_specifications_own_examples(name: str) -> None:
    """Each schema accepts the specification's valid examples and rejects its invalid ones:
    the validator can fail, so a response it accepts was checked."""
    for path in examples(name, "valid"):
        assert not problems(name, json.loads(path.read_text(encoding="utf-8"))), path
    for path in examples(name, "invalid"):
        assert problems(name, json.loads(path.read_text(encoding="utf-8"))), path


def test_the_invalid_examples_are_really_exercised() -> None:
    invalid = {name: examples(name, "invalid") for name in schema_names()}
    assert sum(len(paths) for paths in invalid.values()) >= 15, invalid
    # Among them a manifest whose `authentication` is checked through the vendored Swagger
    # schema: the one `$ref` that leaves the specification's own files.
    assert any(p.name == "bad-authentication.json" for p in invalid["manifest"])


def test_nothing_is_fetched_for_an_unknown_reference() -> None:
    with pytest.raises(Unresolvable):
        registry().resolver().lookup("https://example.org/not-vendored.json")
    assert validator("manifest").is_valid({}) is False


# --- the manifest and the suggest services ------------------------------------------------


def test_the_manifest(api: TestClient) -> None:
    response = api.get("/reconcile")
    assert response.status_code == 200
    manifest = response.json()
    assert_valid("manifest", manifest)
    assert manifest["versions"] == ["0.2"]
    assert [t["id"] for t in manifest["defaultTypes"]] == ["Person", "Organization"]
    base = f"{LOCAL_API}/reconcile"
    assert manifest["identifierSpace"] == f"{LOCAL_API}/entities/"
    assert manifest["preview"]["url"] == f"{base}/preview?id={{{{id}}}}"
    assert manifest["view"]["url"] == manifest["preview"]["url"]
    assert manifest["suggest"]["entity"] == {
        "service_url": base,
        "service_path": "/suggest/entity",
    }
    assert manifest["extend"]["propose_properties"]["service_path"] == "/properties"
    (as_of,) = manifest["extend"]["property_settings"]
    assert as_of["name"] == "as_of" and as_of["type"] == "text"
    assert manifest["batchSize"] == ApiSettings().match_max_queries
    assert "authentication" not in manifest  # no keys configured


def test_the_manifest_names_the_key_when_keys_are_asked_for() -> None:
    # No read: the manifest needs no database.
    app = create_app(
        Neo4jSettings(uri="bolt://127.0.0.1:9", password="unused"),
        ApiSettings(api_keys=("rk-1",)),
    )
    with TestClient(app, base_url=LOCAL_API) as client:
        assert client.get("/reconcile").status_code == 401
        manifest = client.get("/reconcile", headers={"X-API-Key": "rk-1"}).json()
    assert_valid("manifest", manifest)
    assert manifest["authentication"]["type"] == "apiKey"
    assert manifest["authentication"]["in"] == "header"
    assert manifest["authentication"]["name"] == "X-API-Key"


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("Пономарёв", "person:ilya-ponomarev"),
        ("Ходорковского", "person:mikhail-khodorkovsky"),
        ("Freedom of R", "org:freedom-of-russia-legion"),
        ("person:ilya-ponomarev", "person:ilya-ponomarev"),  # an id finds its entity first
    ],
)
def test_suggest_entities(api: TestClient, prefix: str, expected: str) -> None:
    response = api.get("/reconcile/suggest/entity", params={"prefix": prefix})
    assert response.status_code == 200
    assert_valid("suggest-entities-response", response.json())
    first = response.json()["result"][0]
    assert first["id"] == expected
    assert first["notable"][0]["id"] in ("Person", "Organization")
    assert first["description"]


def test_suggest_entities_by_type_and_page(api: TestClient) -> None:
    people = api.get("/reconcile/suggest/entity", params={"prefix": "Gudkov", "type": "Person"})
    ids = [s["id"] for s in people.json()["result"]]
    assert ids[:2] == ["person:dmitry-gudkov", "person:gennady-gudkov"]
    second = api.get(
        "/reconcile/suggest/entity", params={"prefix": "Gudkov", "cursor": 1, "limit": 1}
    )
    assert [s["id"] for s in second.json()["result"]] == ids[1:2]
    none = api.get("/reconcile/suggest/entity", params={"prefix": "!!"})  # nothing to search
    assert none.status_code == 200 and none.json() == {"result": []}


def test_suggest_properties_and_types(api: TestClient) -> None:
    props = api.get("/reconcile/suggest/property", params={"prefix": "al"}).json()
    assert_valid("suggest-properties-response", props)
    assert [p["id"] for p in props["result"]] == ["alias", "aliases_cyrillic"]
    every = api.get("/reconcile/suggest/property").json()
    assert {p["id"] for p in every["result"]} >= {"birthDate", "status", "sources"}
    types = api.get("/reconcile/suggest/type", params={"prefix": "org"}).json()
    assert_valid("suggest-types-response", types)
    assert [t["id"] for t in types["result"]] == ["Organization"]


def test_property_proposals(api: TestClient) -> None:
    found = api.get("/reconcile/properties", params={"type": "Person"}).json()
    assert_valid("data-extension-property-proposal", found)
    assert [p["id"] for p in found["properties"]] == [
        "status",
        "designations",
        "sources",
        "aliases_cyrillic",
    ]
    assert found["type"] == "Person"
    limited = api.get("/reconcile/properties", params={"type": "Organization", "limit": 1})
    assert len(limited.json()["properties"]) == 1 and limited.json()["limit"] == 1


# --- reconciliation ----------------------------------------------------------------------


def test_a_batch_recorded_from_openrefine(api: TestClient) -> None:
    response = api.post("/reconcile", content=OPENREFINE_QUERIES, headers=FORM)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert_valid("reconciliation-result-batch", answer)
    assert list(answer) == [f"q{i}" for i in range(7)]
    # Genitive Russian, another romanisation: the one person, a match OpenRefine may take.
    for key, expected in [("q0", "person:ilya-ponomarev"), ("q1", "person:dmitry-gudkov")]:
        assert top(answer, key)["id"] == expected
        assert top(answer, key)["match"] is True and top(answer, key)["score"] == 100
        assert top(answer, key)["type"] == [{"id": "Person", "name": "Person"}]
    # A bare surname two people bear: both, equal, and neither a match.
    gudkovs = answer["q2"]["result"]
    assert {c["id"] for c in gudkovs} == {"person:dmitry-gudkov", "person:gennady-gudkov"}
    assert {c["score"] for c in gudkovs} == {50} and not any(c["match"] for c in gudkovs)
    assert all({"id": "ambiguous", "value": True} in c["features"] for c in gudkovs)
    assert top(answer, "q3")["id"] == "person:mikhail-khodorkovsky"
    assert top(answer, "q4")["id"] == "org:freedom-of-russia-legion"
    assert top(answer, "q4")["type"][0]["id"] == "Organization"
    # The nationality was taken, and each candidate says it was not compared.
    assert top(answer, "q5")["id"] == "person:yulia-navalnaya"
    assert {"id": "nationality_compared", "value": False} in top(answer, "q5")["features"]
    assert top(answer, "q6")["id"] == "person:leonid-volkov"
    assert len(answer["q6"]["result"]) <= 3


def test_get_and_a_json_body_answer_as_the_form_does(api: TestClient) -> None:
    batch = {"q0": {"query": "Пономарёва Ильи", "type": "Person"}}
    by_get = api.get("/reconcile", params={"queries": json.dumps(batch)})
    by_json = api.post("/reconcile", json={"queries": batch})
    by_form = api.post("/reconcile", data={"queries": json.dumps(batch)})
    assert by_get.status_code == by_json.status_code == by_form.status_code == 200
    assert by_get.json() == by_json.json() == by_form.json()
    assert_valid("reconciliation-result-batch", by_get.json())
    assert top(by_get.json(), "q0")["id"] == "person:ilya-ponomarev"


def test_types_restrict_and_an_alias_alone_is_a_name(api: TestClient) -> None:
    batch = {
        "person": {"query": "Khodorkovsky", "type": "Person"},
        "group": {"query": "Khodorkovsky Foundation", "type": ["Organization"]},
        "alias": {"properties": [{"pid": "alias", "v": ["Леонид Волков"]}]},
        "blank": {"query": "   "},
        "number": {"query": "Ilya Ponomarev", "properties": [{"pid": "birthDate", "v": 1975}]},
    }
    answer = api.post("/reconcile", json={"queries": batch}).json()
    assert_valid("reconciliation-result-batch", answer)
    assert {c["type"][0]["id"] for c in answer["person"]["result"]} == {"Person"}
    assert top(answer, "group")["id"] == "org:khodorkovsky-foundation"
    assert {c["type"][0]["id"] for c in answer["group"]["result"]} == {"Organization"}
    assert top(answer, "alias")["id"] == "person:leonid-volkov"
    assert answer["blank"] == {"result": []}
    assert {"id": "birthDate_compared", "value": False} in top(answer, "number")["features"]


def test_the_spec_query_batch_schema_accepts_what_is_sent(api: TestClient) -> None:
    """The requests these tests send are reconciliation query batches by the spec."""
    batch = {"q0": {"query": "Gudkov", "type": "Person", "limit": 2, "type_strict": "should"}}
    assert_valid("reconciliation-query-batch", batch)
    answer = api.get("/reconcile?" + urlencode({"queries": json.dumps(batch)})).json()
    assert len(answer["q0"]["result"]) == 2


# --- the preview card --------------------------------------------------------------------


def test_the_preview_card(api: TestClient) -> None:
    response = api.get("/reconcile/preview", params={"id": "person:alexei-navalny"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors *" in policy and "script-src" not in policy
    page = response.text
    assert "<h1>Alexei Navalny</h1>" in page
    assert "Putin&#x27;s most prominent critic" in page  # escaped, not raw
    assert "dead" in page and "terrorist_extremist_list" in page  # holding today
    assert 'href="../entities/person:alexei-navalny"' in page
