"""POST /match/{dataset} against the real graph: yente's shapes, spellings, namesakes,
statuses as of a day, and every bad batch refused with a 4xx naming what is wrong."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.matching.examples import MAX_VALUE_CHARS
from api.settings import ApiSettings
from tests.helpers import LOCAL_API, problem


def person(*names: str, **props: list[str]) -> dict[str, Any]:
    return {"schema": "Person", "properties": {"name": list(names), **props}}


def ask(api: Any, queries: dict[str, Any], **params: Any) -> dict[str, Any]:
    response = api.post("/match/exile_graph", json={"queries": queries}, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def firsts(body: dict[str, Any]) -> dict[str, str | None]:
    return {
        key: (answer["results"][0]["entity_id"] if answer["results"] else None)
        for key, answer in body["responses"].items()
    }


def test_spellings_scripts_and_cases_match_their_entities(api) -> None:
    body = ask(
        api,
        {
            "genitive": person("Пономарёва Ильи"),
            "german": person("Ilja Ponomarjow"),
            "reversed": person("Ponomarev, Ilya"),
            "typo": person("Ilua Ponomarev"),
            "french": person("Dmitri Goudkov"),
            "parts": {
                "schema": "Person",
                "properties": {"firstName": ["Vladimir"], "lastName": ["Kara-Murza"]},
            },
            "org": {"schema": "Organization", "properties": {"name": ["Фонд борьбы с коррупцией"]}},
            "nobody": person("Zzyzx Qwertyuiop"),
        },
    )
    assert firsts(body) == {
        "genitive": "person:ilya-ponomarev",
        "german": "person:ilya-ponomarev",
        "reversed": "person:ilya-ponomarev",
        "typo": "person:ilya-ponomarev",
        "french": "person:dmitry-gudkov",
        "parts": "person:vladimir-kara-murza",
        "org": "org:anti-corruption-foundation",
        "nobody": None,
    }
    answers = body["responses"]
    assert answers["nobody"]["total"] == {"value": 0, "relation": "eq"}
    exact = answers["genitive"]["results"][0]
    assert (exact["score"], exact["match"], exact["ambiguous"]) == (1.0, True, False)
    assert list(exact["features"]) == ["name_exact"]
    typo = answers["typo"]["results"][0]
    assert typo["features"] == {"name_fuzzy": typo["score"]} and 0.7 <= typo["score"] < 1
    # yente's result shape, as its clients read it
    assert exact["id"] == "eg-person-ilya-ponomarev" and exact["schema"] == "Person"
    assert exact["caption"] == "Ilya Ponomarev" and exact["datasets"] == ["exile_graph"]
    assert "Илья Пономарёв" in exact["properties"]["alias"]
    assert body["algorithm"] == "exile-graph-names-v1" and body["limit"] == 5


def test_a_bare_shared_surname_is_ambiguous_and_no_match(api) -> None:
    for surname, bearers in (
        ("Gudkov", {"person:dmitry-gudkov", "person:gennady-gudkov"}),
        ("Кара-Мурза", {"person:vladimir-kara-murza", "person:evgenia-kara-murza"}),
    ):
        answer = ask(api, {"q": person(surname)})["responses"]["q"]
        assert answer["ambiguous"], surname
        assert {r["entity_id"] for r in answer["results"]} == bearers
        assert not any(r["match"] for r in answer["results"])
        assert all(r["features"] == {"surname_only": 0.5} for r in answer["results"])
    # the full name settles it
    answer = ask(api, {"q": person("Gennady Gudkov")})["responses"]["q"]
    assert [(r["entity_id"], r["match"]) for r in answer["results"]] == [
        ("person:gennady-gudkov", True)
    ]
    assert not answer["ambiguous"]


def test_statuses_and_designations_hold_as_of_the_day_asked(api) -> None:
    def navalny(day: str) -> dict[str, Any]:
        body = ask(api, {"q": person("Alexei Navalny")}, as_of=day)
        assert body["as_of"] == day
        found: dict[str, Any] = body["responses"]["q"]["results"][0]
        assert found["entity_id"] == "person:alexei-navalny" and found["status_as_of"] == day
        return found

    before, after = navalny("2023-06-01"), navalny("2024-03-01")
    assert "imprisoned" in {s["status"] for s in before["statuses"]}
    assert {s["status"] for s in after["statuses"]} == {"dead"}
    for held in before["statuses"] + after["statuses"] + after["designations"]:
        assert held["sources"] and all(s.startswith("source:") for s in held["sources"])
    assert after["designations"] and all(d["facet"] == "designation" for d in after["designations"])
    assert after["sources"] >= after["publishers"] > 1
    # statements that say the same are one entry with all their sources; others stay apart
    said = [
        (s["status"], s["since"], s["until"], str(s["attributed_to"]), s["certain"])
        for s in after["statuses"] + before["statuses"]
    ]
    assert len(said) == len(set(said))
    (dead,) = [s for s in after["statuses"] if s["since"] == "2024-02-16"]
    assert {
        "source:ukrainska-pravda-2024-02-16-navalny-death",
        "source:moscowtimes-2024-02-19-navalnaya-will-continue-work",
    } <= set(dead["sources"])


def test_links_lead_to_the_entity_and_its_ftm_form(api) -> None:
    found = ask(api, {"q": person("Ходорковского Михаила")})["responses"]["q"]["results"][0]
    assert found["links"]["entity"].endswith("/entities/person:mikhail-khodorkovsky")
    assert "/browser/" in found["links"]["browser"]
    page = api.get(urlsplit(found["links"]["entity"]).path)
    assert page.status_code == 200 and page.json()["id"] == "person:mikhail-khodorkovsky"
    for ref in (found["id"], found["entity_id"]):
        ftm = api.get(f"/ftm/entities/{ref}").json()
        assert (ftm["id"], ftm["schema"], ftm["caption"]) == (
            "eg-person-mikhail-khodorkovsky",
            "Person",
            "Mikhail Khodorkovsky",
        )
    problem(api.get("/ftm/entities/eg-person-nobody-at-all"), 404)
    problem(api.get("/ftm/entities/not an id"), 404)


def test_the_callers_ids_and_the_query_are_echoed(api) -> None:
    body = ask(api, {"row-17": {"id": "mine-17", **person("Gudkov", birthDate=["1966"])}})
    answer = body["responses"]["row-17"]
    assert answer["query"] == {
        "id": "mine-17",
        "schema": "Person",
        "properties": {"name": ["Gudkov"], "birthDate": ["1966"]},
    }
    assert answer["unused"] == ["birthDate"]  # the graph holds no birth dates
    assert answer["status"] == 200


@pytest.mark.parametrize(
    ("body", "params", "status", "says"),
    [
        ({"queries": []}, {}, 422, "queries"),
        ({"queries": {}}, {}, 422, "no queries"),
        ({"queries": {"a": "Gudkov"}}, {}, 422, "queries.a"),
        (
            {"queries": {"a": {"schema": "Vessel", "properties": {"name": ["X"]}}}},
            {},
            422,
            "queries.a.schema: 'Vessel'",
        ),
        (
            {"queries": {"a": {"schema": "Person", "properties": {"imoNumber": ["1"]}}}},
            {},
            422,
            "queries.a.properties.imoNumber",
        ),
        (
            {
                "queries": {
                    "a": {"schema": "Company", "properties": {"name": ["X"], "birthDate": ["1970"]}}
                }
            },
            {},
            422,
            "Company has no property 'birthDate'",
        ),
        (
            {"queries": {"a": {"schema": "Person", "properties": {"name": [1]}}}},
            {},
            422,
            "queries.a.properties.name[0]: a string",
        ),
        (
            {"queries": {"a": {"schema": "Person", "properties": {"name": ["x" * 201]}}}},
            {},
            422,
            f"at most {MAX_VALUE_CHARS}",
        ),
        (
            {"queries": {"a": {"schema": "Person", "properties": {"birthDate": ["1970"]}}}},
            {},
            422,
            "no name to match",
        ),
        (
            {"queries": {f"q{i}": person("Gudkov") for i in range(101)}},
            {},
            422,
            "at most 100 in one batch",
        ),
        ({"queries": {"a": person("Gudkov")}}, {"algorithm": "coin-toss"}, 422, "coin-toss"),
        ({"queries": {"a": person("Gudkov")}}, {"limit": 0}, 422, "limit"),
        ({"queries": {"a": person("Gudkov")}}, {"as_of": "2024-13-01"}, 422, "as_of"),
    ],
)
def test_a_bad_batch_is_a_4xx_naming_what_is_wrong(api, body, params, status, says) -> None:
    found = problem(api.post("/match/exile_graph", json=body, params=params), status)
    assert says in found["detail"], found["detail"]


def test_an_unknown_dataset_and_an_oversized_body_are_refused(api) -> None:
    assert (
        "exile_graph"
        in problem(api.post("/match/us_ofac_sdn", json={"queries": {"a": person("X Y")}}), 404)[
            "detail"
        ]
    )
    huge = {"queries": {"a": person("Gudkov")}, "config": {"pad": "x" * (1024 * 1024)}}
    assert "KG_MATCH_MAX_BYTES" in problem(api.post("/match/exile_graph", json=huge), 413)["detail"]
    # yente's clients ask for the dataset `default`; it is this one
    assert firsts(
        api.post("/match/default", json={"queries": {"a": person("Ilya Ponomarev")}}).json()
    ) == {"a": "person:ilya-ponomarev"}


def test_a_batch_past_its_deadline_is_a_504(loaded_graph) -> None:
    settings = ApiSettings(match_timeout=0.001, analysis_warm=False)
    with TestClient(create_app(loaded_graph, settings), base_url=LOCAL_API) as client:
        body = {"queries": {f"q{i}": person("Ilya Ponomarev") for i in range(50)}}
        found = problem(client.post("/match/exile_graph", json=body), 504)
        assert "KG_MATCH_TIMEOUT" in found["detail"]
        assert client.get("/ready").status_code == 200  # nothing left behind
