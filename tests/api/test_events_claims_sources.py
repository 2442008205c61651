"""What happened when; who claimed what and the verdicts; every fact from one source."""

from __future__ import annotations

import pytest

from tests.helpers import problem

VOA = "source:voa-2023-11-23"
PAMFILOVA_CLAIM = "claim:pamfilova-2023-11-21"


def test_what_happened_in_october_2023(api) -> None:
    body = api.get("/events", params={"start": "2023-10-01", "end": "2023-10-31"}).json()
    ids = [e["id"] for e in body["items"]]
    assert {
        "event:pace-statement-2023-10-13",
        "event:berlin-meeting-2023-10-22",
        "event:kurmasheva-arrest-2023-10",
    } <= set(ids)
    assert "event:pamfilova-conference-2023-11-21" not in ids
    assert body["total"] == len(ids)
    berlin = next(e for e in body["items"] if e["id"] == "event:berlin-meeting-2023-10-22")
    assert berlin["date"] == "2023-10-22" and berlin["date_precision"] == "day"
    # VOA: the meeting "was promoted by" Khodorkovsky, which is not organising it.
    assert ("person:mikhail-khodorkovsky", "PROMOTED") in {
        (p["id"], p["relation"]) for p in berlin["participants"]
    }
    assert VOA in {s["id"] for s in berlin["sources"]}
    arrest = next(e for e in body["items"] if e["id"] == "event:kurmasheva-arrest-2023-10")
    assert arrest["date_precision"] == "month"
    starts = [e["date_start"] for e in body["items"]]
    assert starts == sorted(starts)


def test_events_by_kind_actor_and_page(api) -> None:
    meetings = api.get(
        "/events", params={"start": "2023-10-01", "end": "2023-10-31", "kind": "meeting"}
    ).json()
    # PACE's hearing with the Russian democratic forces (dated to the month) and Berlin
    assert [e["id"] for e in meetings["items"]] == [
        "event:pace-hearing-russian-democratic-forces-2023-10",
        "event:berlin-meeting-2023-10-22",
    ]
    mine = api.get("/events", params={"actor": "person:vladimir-kara-murza"}).json()
    assert "event:prisoner-exchange-2024-08-01" in {e["id"] for e in mine["items"]}
    page = api.get("/events", params={"limit": 2, "offset": 1}).json()
    assert len(page["items"]) == 2 and page["total"] > 3


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2023-10"},
        {"start": "2023-02-30"},
        {"end": "yesterday"},
        {"start": "2023-11-01", "end": "2023-10-01"},
        {"kind": "party"},
        {"limit": 1000},
        {"offset": -1},
        {"actor": "Kara-Murza"},
    ],
)
def test_bad_event_parameters_are_422(offline_api, params) -> None:
    problem(offline_api.get("/events", params=params), 422)


def test_voa_verdicts_on_pamfilovas_claim(api) -> None:
    body = api.get("/claims", params={"by": "person:ella-pamfilova"}).json()
    [claim] = body["items"]
    assert claim["id"] == PAMFILOVA_CLAIM and claim["date"] == "2023-11-21"
    assert claim["claimant"]["id"] == "person:ella-pamfilova"
    assert "discredit the elections" in claim["text"]
    verdicts = {(v["issuer"]["id"], v["verdict"]) for v in claim["verdicts"]}
    assert verdicts == {
        ("org:voice-of-america", "partly true"),
        ("org:voice-of-america", "misleading"),
    }
    partly = next(v for v in claim["verdicts"] if v["verdict"] == "partly true")
    assert partly["sources"][0]["id"] == VOA
    assert partly["sources"][0]["quote"] == "That claim is partly true."
    assert "event:russian-presidential-election-2024" in {a["id"] for a in claim["about"]}


def test_claim_filters(api) -> None:
    misleading = api.get("/claims", params={"verdict": "MISLEADING"}).json()
    assert PAMFILOVA_CLAIM in {c["id"] for c in misleading["items"]}
    by_voa = api.get("/claims", params={"checked_by": "org:voice-of-america"}).json()
    assert {c["id"] for c in by_voa["items"]} == {PAMFILOVA_CLAIM}
    about = api.get("/claims", params={"about": "event:no-to-putin-campaign"}).json()
    assert "claim:khodorkovsky-no-to-putin" in {c["id"] for c in about["items"]}
    everyone = api.get("/claims", params={"limit": 200}).json()
    assert everyone["total"] == len(everyone["items"]) > 3


def test_every_fact_from_one_source(api) -> None:
    body = api.get(f"/sources/{VOA}").json()
    assert body["source"]["publisher"].startswith("Voice of America")
    assert body["source"]["published"] == "2023-11-23"
    mentions = {m["entity"]["id"]: m for m in body["mentions"]}
    assert "person:ilya-ponomarev" in mentions
    assert mentions["person:egor-kuroptev"]["quote"].startswith("Egor Kuroptev, director")
    facts = {(f["type"], f["source"]["id"], f["target"]["id"]): f for f in body["facts"]}
    assert ("HELPED_CREATE", "person:ilya-ponomarev", "org:freedom-of-russia-legion") in facts
    checks = [f for f in body["facts"] if f["type"] == "FACT_CHECKED"]
    assert {f["properties"]["verdict"] for f in checks} == {"partly true", "misleading"}
    # A fact stated by two sources shows this source's own words.
    duma = facts[("MEMBER_OF", "person:ilya-ponomarev", "org:state-duma")]
    assert duma["evidence_kind"] == "quote" and "State Duma" in duma["quote"]
    # Every fact of the source is here: the API agrees with the per-source counts.
    listed = api.get("/sources", params={"publisher": "voice of america"}).json()
    [meta] = listed["items"]
    assert meta["id"] == VOA
    assert meta["relations"] == len(body["facts"]) and meta["entities"] == len(body["mentions"])


def test_sources_list_and_unknown_source(api) -> None:
    body = api.get("/sources").json()
    assert body["total"] == len(body["items"]) >= 15
    assert all(s["entities"] > 0 for s in body["items"])
    problem(api.get("/sources/source:no-such-article"), 404)


def test_bad_source_id_is_422(offline_api) -> None:
    problem(offline_api.get("/sources/voa"), 422)
    problem(offline_api.get("/sources", params={"limit": 0}), 422)


def test_stats(api) -> None:
    body = api.get("/stats").json()
    assert set(body["nodes"]) == {"Person", "Organization", "Event", "Place", "Claim"}
    assert body["relationships"]["FACT_CHECKED"] == 2
    assert body["sources"] == len(api.get("/sources").json()["items"])


def test_stats_carry_the_sourcing_report(api) -> None:
    body = api.get("/stats").json()
    report = body["sourcing"]
    assert report["rule_breaking"] == 0, report
    assert report["relation_table_breaches"] == [] and report["end_bound_breaches"] == []
    assert report["relationships"] == report["quoted"] + report["noted_only"] > 0
    assert report["attributed_relationships"] == sum(body["attributed"].values()) > 0
    assert body["attributed"]["HELPED_CREATE"] >= 1
    assert "HAS_STATUS" not in body["relationships"] and "Status" not in body["nodes"]
    assert not any(t.startswith("CLAIMED_") for t in body["relationships"])
    assert sum(body["statuses"].values()) == report["statuses"] > 0
    assert body["statuses"]["dead"] >= 1


def test_attributed_claimant_and_participant(api) -> None:
    claims = api.get("/claims", params={"by": "person:ilya-yashin"}).json()["items"]
    assert claims and all(c["claimant"]["id"] == "person:ilya-yashin" for c in claims)
    events = api.get(
        "/events",
        params={
            "actor": "org:freedom-of-russia-legion",
            "start": "2023-05-22",
            "end": "2023-05-22",
        },
    ).json()
    belgorod = next(e for e in events["items"] if e["id"] == "event:belgorod-incursion-2023-05-22")
    claimed = {
        (p["id"], p["relation"], p["attributed_to"]["id"])
        for p in belgorod["participants"]
        if p["attributed_to"]
    }
    assert ("org:fsb", "PARTICIPATED_IN", "person:vyacheslav-gladkov") in claimed
