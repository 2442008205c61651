"""GET /changes: what began or ended between two dates, on the curated data (ingest/data)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import problem

YEAR_2024 = {"from": "2024-01-01", "to": "2024-12-31"}
# An analyst's question: who was designated, imprisoned, released or left Russia in 2024.
QUESTION = {
    **YEAR_2024,
    "reported": "false",
    "types": ["DESIGNATED", "IMPRISONED_IN", "LEFT"],
    "statuses": ["imprisoned", "released"],
}
# Moscow Times, 2023-03-22: Volkov resigned as chair of FBK's board "earlier in March 2023".
VOLKOV_FBK = "LEADS:person:leonid-volkov->org:anti-corruption-foundation#moscowtimes-2023"


def _changes(api: Any, **params: Any) -> dict[str, Any]:
    response = api.get("/changes", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _keys(body: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(i["change"], i["id"], i["date"]) for i in body["items"]}


def test_who_was_designated_imprisoned_or_released_in_2024(api) -> None:
    body = _changes(api, **QUESTION)
    assert body["from"] == "2024-01-01" and body["to"] == "2024-12-31"
    keys = _keys(body)
    released = [
        "alsu-kurmasheva",
        "evan-gershkovich",
        "ilya-yashin",
        "paul-whelan",
        "vladimir-kara-murza",
    ]
    expected = {
        # Moscow Times 2025-10-14: "undesirable" in January 2024 (a month-dated designation).
        ("began", "DESIGNATED:org:prosecutor-generals-office->org:anti-war-committee", "2024-01"),
        ("ended", "IMPRISONED_IN:person:alexei-navalny->place:russia", "2024-02-16"),
        ("ended", "status:person:alexei-navalny:imprisoned", "2024-02-16"),
        ("began", "status:person:lilia-chanysheva:imprisoned", "2024-04-09"),
        ("ended", "IMPRISONED_IN:person:vladimir-kara-murza->place:russia", "2024-08-01"),
        *(("began", f"status:person:{who}:released", "2024-08-01") for who in released),
    }
    assert expected <= keys, expected - keys
    assert body["total"] == len(body["items"]) == 37
    assert {i["type"] for i in body["items"] if i["kind"] == "relation"} <= {
        "DESIGNATED",
        "IMPRISONED_IN",
    }  # nobody LEFT Russia in 2024 in the curated data
    assert {i["status"] for i in body["items"] if i["kind"] == "status"} == {
        "imprisoned",
        "released",
    }
    days = [i["first_day"] for i in body["items"]]
    assert days == sorted(days)


def test_an_ended_relationship_carries_its_ends_and_sources(api) -> None:
    body = _changes(api, **{"from": "2024-08-01", "to": "2024-08-01", "types": "IMPRISONED_IN"})
    [kara_murza] = [
        i
        for i in body["items"]
        if i["id"] == "IMPRISONED_IN:person:vladimir-kara-murza->place:russia"
    ]
    assert kara_murza["kind"] == "relation" and kara_murza["change"] == "ended"
    assert kara_murza["date"] == "2024-08-01" and kara_murza["date_precision"] == "day"
    assert kara_murza["dated_by"] == "statement"
    assert kara_murza["entities"] == [
        {"id": "person:vladimir-kara-murza", "name": "Vladimir Kara-Murza", "type": "Person"},
        {"id": "place:russia", "name": "Russia", "type": "Place"},
    ]
    by_source = {s["id"]: s for s in kara_murza["sources"]}
    meduza = by_source["source:meduza-2024-08-01-prisoner-exchange"]
    assert meduza["evidence_kind"] == "note" and "1 August 2024" in meduza["note"]
    assert meduza["publisher"] and meduza["url"]
    assert kara_murza["properties"]["valid_to"] == "2024-08-01"


def test_a_month_dated_end_covers_the_whole_month(api) -> None:
    def listed(start: str, end: str) -> list[dict[str, Any]]:
        body = _changes(api, **{"from": start, "to": end, "types": "LEADS"})
        return [i for i in body["items"] if i["id"] == VOLKOV_FBK]

    [item] = listed("2023-03-31", "2023-03-31")
    assert item["change"] == "ended" and item["date"] == "2023-03"
    assert item["date_precision"] == "month"
    assert (item["first_day"], item["last_day"]) == ("2023-03-01", "2023-03-31")
    assert item["role"] == "chair of the board"
    assert listed("2023-03-01", "2023-03-01")  # the first day of March touches it too
    assert listed("2023-02-15", "2023-03-05")
    assert not listed("2023-04-01", "2023-12-31")
    assert not listed("2023-01-01", "2023-02-28")


def test_a_status_that_began(api) -> None:
    body = _changes(api, **{"from": "2024-04-01", "to": "2024-04-30", "statuses": "imprisoned"})
    [item] = body["items"]
    assert item["kind"] == "status" and item["change"] == "began"
    assert item["status"] == "imprisoned" and item["type"] is None
    assert item["entities"] == [
        {"id": "person:lilia-chanysheva", "name": "Lilia Chanysheva", "type": "Person"}
    ]
    assert item["date"] == "2024-04-09"
    # the 2024-04-09 verdict starts it; the Moscow Times of 2024-08-02 ends it
    assert "source:moscowtimes-2024-04-09-chanysheva" in [s["id"] for s in item["sources"]]
    assert item["properties"]["facet"] == "condition"


def test_attributed_changes_name_the_party(api) -> None:
    # Kyiv Independent 2024-03-12: Ponomarev claims Lozovaya Rudka is held by "the liberation
    # forces"; the tie to the incursion has no start of its own: its event dates it.
    body = _changes(api, **{"from": "2024-03-12", "to": "2024-03-12", "types": "LOCATED_IN"})
    claims = {i["id"]: i for i in body["items"] if i["attributed_to"]}
    lozovaya = claims[
        "CLAIMED_LOCATED_IN:event:russian-militias-incursion-2024-03-12->place:lozovaya-rudka"
    ]
    assert lozovaya["type"] == "LOCATED_IN"
    assert lozovaya["attributed_to"] == {"id": "person:ilya-ponomarev", "name": "Ilya Ponomarev"}
    assert lozovaya["dated_by"] == "event" and lozovaya["date"] == "2024-03-12"
    assert [i for i in body["items"] if not i["attributed_to"]]  # facts stay listed beside
    # A claim with its own date (Mediazona's, reported by the Moscow Times, 2023-04-19).
    made = _changes(api, **{"from": "2023-04-19", "to": "2023-04-19", "types": "MADE"})
    [yashin] = [i for i in made["items"] if i["attributed_to"]]
    assert yashin["attributed_to"]["id"] == "org:mediazona"
    assert yashin["dated_by"] == "statement"
    assert yashin["entities"][0]["id"] == "person:ilya-yashin"


def test_only_dates_a_source_gives_are_placed_without_reported(api) -> None:
    body = _changes(api, **YEAR_2024, reported="false")
    ids = {i["id"] for i in body["items"]}
    # Known to hold from a 2024 article's date, not said to have begun then.
    assert "status:person:yulia-navalnaya:in_exile" not in ids
    assert "status:person:gennady-gudkov:terrorist_extremist_list" not in ids
    # "Former" with no date (ended: true): its end is only bounded by the article.
    assert not [i for i in ids if i.startswith("WORKS_FOR:person:leonid-volkov->")]
    assert {i["dated_by"] for i in body["items"]} <= {"statement", "event"}


def test_a_change_only_its_report_dates_is_listed_with_its_bound(api) -> None:
    """The Moscow Times reported on 2024-07-26 that the Justice Ministry had listed the Free
    Russia Foundation as "extremist", without the day: "who was designated in July 2024"
    finds it, marked as dated by the report."""
    july = {"from": "2024-07-01", "to": "2024-07-31"}
    body = _changes(api, **july, types="DESIGNATED")
    [frf] = [i for i in body["items"] if i["entities"][1]["id"] == "org:free-russia-foundation"]
    assert frf["change"] == "began" and frf["dated_by"] == "reported"
    assert frf["date"] == frf["no_later_than"] == "2024-07-26"
    assert frf["first_day"] == frf["last_day"] == "2024-07-26"
    assert [s["id"] for s in frf["sources"]] == ["source:moscowtimes-2024-07-26-frf-extremist"]
    dated = [i for i in body["items"] if i["dated_by"] != "reported"]
    assert dated and all(i["no_later_than"] is None for i in dated)
    quiet = _changes(api, **july, types="DESIGNATED", reported="false")
    assert {i["id"] for i in quiet["items"]} == {i["id"] for i in dated}


def test_types_and_statuses_choose_the_kinds(api) -> None:
    relations = _changes(api, **YEAR_2024, types="IMPRISONED_IN")
    assert relations["items"] and {i["kind"] for i in relations["items"]} == {"relation"}
    statuses = _changes(api, **YEAR_2024, statuses="released")
    assert {i["kind"] for i in statuses["items"]} == {"status"}
    assert len(statuses["items"]) == 13  # freed in the 2024 exchange


def test_paging_is_a_window_on_one_order(api) -> None:
    whole = _changes(api, **YEAR_2024, limit=500)
    ids = [i["id"] + i["change"] for i in whole["items"]]
    pages = [_changes(api, **YEAR_2024, limit=20, offset=o) for o in range(0, len(ids), 20)]
    assert {p["total"] for p in pages} == {whole["total"]}
    assert [i["id"] + i["change"] for p in pages for i in p["items"]] == ids


def test_from_after_to_is_422(offline_api) -> None:
    body = problem(
        offline_api.get("/changes", params={"from": "2024-12-31", "to": "2024-01-01"}), 422
    )
    assert "2024-12-31" in body["detail"]


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2024-01-01"},
        {"from": "2024-1-1", "to": "2024-12-31"},
        {**YEAR_2024, "types": "NOT_A_TYPE"},
        {**YEAR_2024, "statuses": "jailed"},
        {**YEAR_2024, "limit": 0},
    ],
)
def test_bad_change_parameters_are_422(offline_api, params) -> None:
    problem(offline_api.get("/changes", params=params), 422)
