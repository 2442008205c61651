"""Find people under any spelling; exact before prefix before fuzzy; clear 422s."""

from __future__ import annotations

import pytest

from tests.helpers import problem

PONOMAREV = "person:ilya-ponomarev"


@pytest.mark.parametrize(
    ("q", "match"),
    [
        ("Ponomarev", "exact"),
        ("Ponomaryov", "exact"),  # a transliteration variant
        ("Пономарёв", "exact"),  # Cyrillic, with ё
        ("PONOMAREV", "exact"),
        ("Ponamarev", "fuzzy"),  # a typo
        ("Ponoma", "prefix"),
    ],
)
def test_ponomarev_under_any_spelling(api, q: str, match: str) -> None:
    body = api.get("/search", params={"q": q}).json()
    first = body["results"][0]
    assert first["id"] == PONOMAREV, body
    assert first["match"] == match
    assert "Илья Пономарёв" in first["aliases"]


def test_ranking_is_exact_then_prefix_then_fuzzy(api) -> None:
    results = api.get("/search", params={"q": "Kara-Murza", "limit": 100}).json()["results"]
    assert results[0]["id"] == "person:vladimir-kara-murza"
    tiers = [{"exact": 3, "prefix": 2, "fuzzy": 1}[r["match"]] for r in results]
    assert tiers == sorted(tiers, reverse=True)
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)


def test_type_filter_and_limit(api) -> None:
    body = api.get("/search", params={"q": "Ponomarev", "type": "Event", "limit": 2}).json()
    assert 1 <= len(body["results"]) <= 2
    assert {r["type"] for r in body["results"]} == {"Event"}


def test_no_match_is_an_empty_list(api) -> None:
    assert api.get("/search", params={"q": "Zzyzxqwv"}).json()["results"] == []


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"q": ""}, "query.q"),
        ({}, "query.q"),
        ({"q": "x" * 101}, "at most 100"),
        ({"q": "  !?*  "}, "no letters or digits"),
        ({"q": "Putin", "limit": 0}, "query.limit"),
        ({"q": "Putin", "limit": 101}, "query.limit"),
        ({"q": "Putin", "type": "Spaceship"}, "query.type"),
    ],
)
def test_bad_queries_are_422_with_a_clear_message(offline_api, params, needle) -> None:
    assert needle in problem(offline_api.get("/search", params=params), 422)["detail"]


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("EU", ["org:european-union"]),
        ("ЕС", []),  # no entity is called that: no slice of "е..." names
        ("X", ["org:x"]),
        ("Eu", ["org:european-union"]),  # case does not count
        ("E", []),
    ],
)
def test_one_or_two_letters_find_whole_names_only(api, q: str, found: list[str]) -> None:
    """A prefix of one or two letters would match an arbitrary slice of the graph."""
    results = api.get("/search", params={"q": q, "limit": 100}).json()["results"]
    assert [r["id"] for r in results] == found
    assert {r["match"] for r in results} <= {"exact"}


def test_namesakes_come_more_sourced_first_and_say_why(api, driver) -> None:
    body = api.get("/search", params={"q": "Gudkov"}).json()
    top = body["results"][:2]
    assert sorted(h["id"] for h in top) == ["person:dmitry-gudkov", "person:gennady-gudkov"]
    counts = {
        r["id"]: (r["sources"], r["degree"])
        for r in driver.execute_query(
            "MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id, "
            "COUNT { (n)-[:MENTIONED_IN]->(:Source) } AS sources, COUNT { (n)--() } AS degree",
            ids=[h["id"] for h in top],
        ).records
    }
    assert [(h["sources"], h["connections"]) for h in top] == [counts[h["id"]] for h in top]
    first, second = (counts[h["id"]] for h in top)
    assert first[0] > second[0] or (first[0] == second[0] and first[1] >= second[1])
