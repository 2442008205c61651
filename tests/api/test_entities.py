"""An entity with its sourced relations; neighbourhoods as of a date; timelines."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

import cypher
from tests.helpers import problem

PONOMAREV = "person:ilya-ponomarev"
KARA_MURZA = "person:vladimir-kara-murza"
GROUP_TIES = {"FOUNDED", "HELPED_CREATE", "LEADS", "MEMBER_OF"}


def test_the_groups_ponomarev_is_tied_to_with_quotes(api) -> None:
    body = api.get(f"/entities/{PONOMAREV}", params={"types": sorted(GROUP_TIES)}).json()
    groups = {
        (r["type"], r["other"]["id"])
        for r in body["relations"]
        if r["other"]["type"] == "Organization"
    }
    # VOA: he "took part in creating" the Legion (HELPED_CREATE) and "created" the Congress.
    assert {
        ("HELPED_CREATE", "org:freedom-of-russia-legion"),
        ("FOUNDED", "org:congress-of-peoples-deputies"),
        ("MEMBER_OF", "org:state-duma"),
    } <= groups
    assert {r["direction"] for r in body["relations"]} == {"out"}
    legion = next(
        r
        for r in body["relations"]
        if (r["type"], r["other"]["id"]) == ("HELPED_CREATE", "org:freedom-of-russia-legion")
    )
    [voa] = [s for s in legion["sources"] if s["id"] == "source:voa-2023-11-23"]
    assert voa["evidence_kind"] == "quote"
    assert voa["quote"] == "took part in creating the Russian Freedom Legion"
    assert voa["publisher"].startswith("Voice of America") and voa["url"].startswith("https://")
    assert legion["properties"]["role"] == "took part in creating it"


def test_entity_fields_sources_and_browser_link(api) -> None:
    body = api.get(f"/entities/{PONOMAREV}").json()
    assert body["name"] == "Ilya Ponomarev" and body["type"] == "Person"
    assert body["status"] == "in_exile"
    assert "search_keys" not in body and "search_text" not in body
    assert "source:voa-2023-11-23" in {s["id"] for s in body["sources"]}
    assert body["relations_total"] >= len(body["relations"]) > 5
    link = urlparse(body["browser_url"])
    assert link.path.endswith("/browser/")
    editor = parse_qs(link.query)["arg"][0]
    assert parse_qs(link.query)["cmd"] == ["edit"]
    # The named query, with its $id bound to the (validated, quoted) id.
    assert editor == cypher.query("browser/neighbourhood").body.replace("$id", f'"{PONOMAREV}"')


def test_unknown_entity_is_404_problem(api) -> None:
    assert (
        "person:nobody-at-all" in problem(api.get("/entities/person:nobody-at-all"), 404)["detail"]
    )
    problem(api.get("/entities/person:nobody-at-all/neighbors"), 404)
    problem(api.get("/entities/person:nobody-at-all/timeline"), 404)


@pytest.mark.parametrize("bad", ["ponomarev", "person:Ilya", "person:", "user:x", "a" * 300])
def test_malformed_ids_are_422(offline_api, bad: str) -> None:
    problem(offline_api.get(f"/entities/{bad}"), 422)


def _imprisoned_in_russia(api, day: str) -> bool:
    body = api.get(
        f"/entities/{KARA_MURZA}/neighbors", params={"types": "IMPRISONED_IN", "as_of": day}
    ).json()
    return any(
        e["type"] == "IMPRISONED_IN" and e["target"] == "place:russia" for e in body["edges"]
    )


def test_as_of_before_and_after_kara_murza_release(api) -> None:
    assert _imprisoned_in_russia(api, "2023-06-01")
    assert _imprisoned_in_russia(api, "2024-08-01")  # the day of the exchange still counts
    assert not _imprisoned_in_russia(api, "2024-09-01")
    assert _imprisoned_in_russia(api, "2022-04-01")  # "2022-04" covers the whole month
    assert not _imprisoned_in_russia(api, "2022-03-31")


def test_neighbourhood_depth_limit_and_sources(api) -> None:
    one = api.get(f"/entities/{KARA_MURZA}/neighbors").json()
    two = api.get(f"/entities/{KARA_MURZA}/neighbors", params={"depth": 2}).json()
    assert {n["id"] for n in one["nodes"]} < {n["id"] for n in two["nodes"]}
    assert one["nodes"][0]["id"] == KARA_MURZA
    ids = {n["id"] for n in two["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in two["edges"])
    assert all(e["sources"] for e in two["edges"])
    capped = api.get(f"/entities/{KARA_MURZA}/neighbors", params={"depth": 3, "limit": 5}).json()
    assert len(capped["nodes"]) == 5 and capped["truncated"]


@pytest.mark.parametrize(
    "params",
    [
        {"depth": 0},
        {"depth": 4},
        {"limit": 0},
        {"limit": 501},
        {"as_of": "2023-13-01"},
        {"as_of": "01/06/2023"},
        {"types": "KNOWS"},
    ],
)
def test_bad_neighbour_parameters_are_422(offline_api, params) -> None:
    problem(offline_api.get(f"/entities/{KARA_MURZA}/neighbors", params=params), 422)


def test_timeline_in_date_order(api) -> None:
    body = api.get(f"/entities/{KARA_MURZA}/timeline").json()
    ids = [i["event"]["id"] for i in body["items"]]
    assert ids.index("event:kara-murza-verdict-2023-04-17") < ids.index(
        "event:prisoner-exchange-2024-08-01"
    )
    starts = [i["event"]["date_start"] for i in body["items"] if i["event"].get("date_start")]
    assert starts == sorted(starts)
    verdict = next(
        i for i in body["items"] if i["event"]["id"] == "event:kara-murza-verdict-2023-04-17"
    )
    assert verdict["date"] == "2023-04-17" and verdict["date_precision"] == "day"
    assert verdict["relation"] == "SUBJECT_OF" and verdict["sources"]
    assert body["total"] == len(body["items"])


# ---------------------------------------------------------------- statuses over time
NAVALNY = "person:alexei-navalny"
GUDKOV = "person:dmitry-gudkov"
ANTI_WAR_COMMITTEE = "org:anti-war-committee"
FSB = {"id": "org:fsb", "name": "Federal Security Service (FSB)"}


def _status(api, entity: str, day: str) -> dict[str, Any]:
    response = api.get(f"/entities/{entity}", params={"as_of": day, "limit": 1})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize(
    ("entity", "day", "expected"),
    [
        (NAVALNY, "2023-06-01", "imprisoned"),
        (NAVALNY, "2024-03-01", "dead"),
        (KARA_MURZA, "2023-06-01", "imprisoned"),
        (KARA_MURZA, "2024-09-01", "released"),
    ],
)
def test_status_as_of_a_day(api, entity: str, day: str, expected: str) -> None:
    body = _status(api, entity, day)
    assert body["status"] == expected and body["status_as_of"] == day
    conditions = {s["status"] for s in body["statuses"] if s["facet"] == "condition"}
    assert conditions == {expected}
    assert all(s["holds"] for s in body["statuses"])
    if entity == KARA_MURZA and day == "2024-09-01":
        assert "imprisoned" not in conditions


def test_status_history_is_dated_and_sourced(api) -> None:
    body = _status(api, NAVALNY, "2024-03-01")
    history = body["status_history"]
    assert {"imprisoned", "dead"} <= {s["status"] for s in history}
    starts = [s["starts"] for s in history if s["starts"]]
    assert starts == sorted(starts)  # oldest first
    dead = next(s for s in history if s["status"] == "dead" and s["valid_from"])
    assert dead["valid_from"] == "2024-02-16" and dead["valid_from_precision"] == "day"
    assert dead["holds"] and dead in body["statuses"]
    for statement in history:
        assert statement["sources"], statement
        for citation in statement["sources"]:
            assert citation["title"] and citation["publisher"] and citation["url"]
            assert citation["evidence_kind"] in ("quote", "note")
            assert citation[citation["evidence_kind"]]
    # The imprisonment ended with his death: it no longer holds, but stays in the history.
    ended = [s for s in history if s["status"] == "imprisoned" and s["ends"]]
    assert ended and not any(s["holds"] for s in ended)


def test_designations_accumulate_next_to_the_condition(api) -> None:
    body = api.get(f"/entities/{PONOMAREV}").json()
    facets = {s["facet"] for s in body["statuses"]}
    assert "designation" in facets and body["status"] == "in_exile"
    assert "foreign_agent" in {s["status"] for s in body["statuses"]}


# ---------------------------------------------------------------- attribution
def test_attributed_relation_on_the_entity_is_marked(api) -> None:
    body = api.get(f"/entities/{PONOMAREV}", params={"types": "REPRESENTS"}).json()
    [represents] = [
        r for r in body["relations"] if r["other"]["id"] == "org:freedom-of-russia-legion"
    ]
    assert represents["type"] == "REPRESENTS"
    assert represents["attributed_to"] == {"id": PONOMAREV, "name": "Ilya Ponomarev"}
    assert represents["id"].startswith("CLAIMED_REPRESENTS:")
    assert "attributed_to" not in represents["properties"]
    # He founded the Congress (VOA); the FSB says so too, in its coup case: both stay, the
    # FSB's marked as its claim.
    founded = api.get(f"/entities/{PONOMAREV}", params={"types": "FOUNDED"}).json()
    by_party = {
        (r["other"]["id"], (r["attributed_to"] or {}).get("id")) for r in founded["relations"]
    }
    assert ("org:congress-of-peoples-deputies", None) in by_party
    assert ("org:congress-of-peoples-deputies", "org:fsb") in by_party


def test_attributed_edge_among_the_neighbours(api) -> None:
    body = api.get(
        f"/entities/{ANTI_WAR_COMMITTEE}/neighbors", params={"types": "HELPED_CREATE"}
    ).json()
    [edge] = [
        e for e in body["edges"] if e["target"] == "org:platform-of-russian-democratic-forces"
    ]
    assert edge["type"] == "HELPED_CREATE" and edge["attributed_to"] == FSB
    assert edge["sources"][0]["note"].startswith("The FSB")


def test_attributed_tie_on_the_timeline(api) -> None:
    body = api.get("/entities/org:freedom-of-russia-legion/timeline").json()
    claimed = [i for i in body["items"] if i["attributed_to"]]
    assert {(i["event"]["id"], i["relation"], i["attributed_to"]["id"]) for i in claimed} >= {
        ("event:belgorod-incursion-2023-05-22", "PARTICIPATED_IN", "org:freedom-of-russia-legion")
    }
    assert all(
        i["attributed_to"]["name"] == "Freedom of Russia Legion"
        for i in claimed
        if i["attributed_to"]["id"] == "org:freedom-of-russia-legion"
    )


# ---------------------------------------------------------------- ended without a date
def _gudkov_in_a_just_russia(api, day: str) -> bool:
    body = api.get(
        f"/entities/{GUDKOV}/neighbors", params={"types": "MEMBER_OF", "as_of": day}
    ).json()
    return any(e["target"] == "org:a-just-russia" for e in body["edges"])


def test_former_membership_without_a_date_ends_by_its_source(api) -> None:
    body = api.get(f"/entities/{GUDKOV}", params={"types": "MEMBER_OF"}).json()
    [member] = [r for r in body["relations"] if r["other"]["id"] == "org:a-just-russia"]
    assert member["properties"]["ended"] is True
    assert member["properties"]["valid_to_bound"] == "no_later_than"
    bound = member["properties"]["valid_to_date"]  # the citing source's publication day
    assert bound == "2021-06-06"
    assert _gudkov_in_a_just_russia(api, "2020-01-01")
    assert _gudkov_in_a_just_russia(api, bound)
    assert not _gudkov_in_a_just_russia(api, "2021-06-07")


@pytest.mark.parametrize(
    "path",
    [
        "/entities/person:ilya-ponomarev",
        "/entities/person:ilya-ponomarev/neighbors",
        "/export",
        "/sources/source:voa-2023-11-23",
    ],
)
def test_the_loaders_bookkeeping_stays_out_of_answers(api, path: str) -> None:
    """`ingest_hash` (and a bulk load's `bulk_load`) are in the graph, not in the API."""
    response = api.get(path)
    assert response.status_code == 200
    assert "ingest_hash" not in response.text and "bulk_load" not in response.text
