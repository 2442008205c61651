"""An entity with its sourced relations; neighbourhoods as of a date; timelines."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

import cypher
from tests.helpers import problem

PONOMAREV = "person:ilya-ponomarev"
KARA_MURZA = "person:vladimir-kara-murza"
GROUP_TIES = {"FOUNDED", "LEADS", "MEMBER_OF"}


def test_the_groups_ponomarev_is_tied_to_with_quotes(api) -> None:
    body = api.get(f"/entities/{PONOMAREV}", params={"types": sorted(GROUP_TIES)}).json()
    groups = {(r["type"], r["other"]["id"]) for r in body["relations"]
              if r["other"]["type"] == "Organization"}
    assert {("FOUNDED", "org:freedom-of-russia-legion"),
            ("FOUNDED", "org:congress-of-peoples-deputies"),
            ("MEMBER_OF", "org:state-duma")} <= groups
    assert {r["direction"] for r in body["relations"]} == {"out"}
    legion = next(r for r in body["relations"]
                  if (r["type"], r["other"]["id"]) == ("FOUNDED", "org:freedom-of-russia-legion"))
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
    assert editor == cypher.query("browser/neighbourhood").body.replace(
        "$id", f'"{PONOMAREV}"')


def test_unknown_entity_is_404_problem(api) -> None:
    assert "person:nobody-at-all" in problem(api.get("/entities/person:nobody-at-all"),
                                             404)["detail"]
    problem(api.get("/entities/person:nobody-at-all/neighbors"), 404)
    problem(api.get("/entities/person:nobody-at-all/timeline"), 404)


@pytest.mark.parametrize("bad", ["ponomarev", "person:Ilya", "person:", "user:x", "a" * 300])
def test_malformed_ids_are_422(offline_api, bad: str) -> None:
    problem(offline_api.get(f"/entities/{bad}"), 422)


def _imprisoned_in_russia(api, day: str) -> bool:
    body = api.get(f"/entities/{KARA_MURZA}/neighbors",
                   params={"types": "IMPRISONED_IN", "as_of": day}).json()
    return any(e["type"] == "IMPRISONED_IN" and e["target"] == "place:russia"
               for e in body["edges"])


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
    capped = api.get(f"/entities/{KARA_MURZA}/neighbors",
                     params={"depth": 3, "limit": 5}).json()
    assert len(capped["nodes"]) == 5 and capped["truncated"]


@pytest.mark.parametrize("params", [{"depth": 0}, {"depth": 4}, {"limit": 0},
                                    {"limit": 501}, {"as_of": "2023-13-01"},
                                    {"as_of": "01/06/2023"}, {"types": "KNOWS"}])
def test_bad_neighbour_parameters_are_422(offline_api, params) -> None:
    problem(offline_api.get(f"/entities/{KARA_MURZA}/neighbors", params=params), 422)


def test_timeline_in_date_order(api) -> None:
    body = api.get(f"/entities/{KARA_MURZA}/timeline").json()
    ids = [i["event"]["id"] for i in body["items"]]
    assert ids.index("event:kara-murza-verdict-2023-04-17") < ids.index(
        "event:prisoner-exchange-2024-08-01")
    starts = [i["event"]["date_start"] for i in body["items"] if i["event"].get("date_start")]
    assert starts == sorted(starts)
    verdict = next(i for i in body["items"]
                   if i["event"]["id"] == "event:kara-murza-verdict-2023-04-17")
    assert verdict["date"] == "2023-04-17" and verdict["date_precision"] == "day"
    assert verdict["relation"] == "SUBJECT_OF" and verdict["sources"]
    assert body["total"] == len(body["items"])
