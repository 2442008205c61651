"""Over the whole dataset: every status statement holds "as of" its own start (or the day
its source observed it), whatever other sources add to it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from neo4j import Driver

import cypher


def test_every_status_holds_as_of_its_own_start(api, driver: Driver, loaded_graph) -> None:
    records, _, _ = driver.execute_query(
        cypher.load("report/status_starts"), database_=loaded_graph.database
    )
    assert len(records) > 100  # the whole dataset, not a fixture
    by_day: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in records:
        if r["day"] is None:  # only "former": ended by its source's date, no day it held
            assert r["ended"], f"{r['status']} has neither a start nor an observed day"
            continue
        by_day[(r["entity"], r["day"].iso_format())].add(r["status"])
    missing: list[str] = []
    for (entity, day), ids in sorted(by_day.items()):
        body: dict[str, Any] = api.get(
            f"/entities/{entity}", params={"as_of": day, "limit": 1}
        ).json()
        holding = {s["id"] for s in body["statuses"]}
        missing += [f"{i} as of {day}" for i in sorted(ids - holding)]
    assert not missing, missing


def test_yashin_is_imprisoned_while_both_sources_say_so(api) -> None:
    """The 2023-04-19 source saw him in prison; the 2024-11-17 one gives only the end."""

    def condition(day: str) -> str | None:
        body = api.get("/entities/person:ilya-yashin", params={"as_of": day}).json()
        status: str | None = body["status"]
        return status

    assert condition("2023-04-19") == "imprisoned"
    assert condition("2024-07-31") == "imprisoned"
    assert condition("2024-08-02") != "imprisoned"


def test_a_day_inside_an_imprecise_start_is_uncertain(api) -> None:
    """FBK: "extremist" since "2021" (Novaya Gazeta Europe), but the ruling Meduza reports
    came on 2021-06-09: on 1 June the year-dated statement holds, not certainly."""
    body = api.get("/entities/org:anti-corruption-foundation", params={"as_of": "2021-06-01"})
    holding = {s["id"]: s for s in body.json()["statuses"]}
    year = holding["status:org:anti-corruption-foundation:extremist#novayagazeta-europe-2024-07"]
    assert year["certain"] is False and year["uncertain_period"] == "2021"
    assert "status:org:anti-corruption-foundation:extremist" not in holding  # from 2021-06-09

    def kurmasheva(day: str) -> dict[str, object]:
        body = api.get("/entities/person:alsu-kurmasheva", params={"as_of": day}).json()
        status: dict[str, object] = body
        return status

    october = kurmasheva("2023-10-15")  # detained "from October 2023"
    assert october["status"] == "detained" and october["status_certain"] is False
    november = kurmasheva("2023-11-15")
    assert november["status"] == "detained" and november["status_certain"] is True


def test_an_edge_inside_an_imprecise_period_is_uncertain(api) -> None:
    body = api.get(
        "/entities/person:vladimir-kara-murza/neighbors",
        params={"as_of": "2022-04-15", "types": "IMPRISONED_IN"},
    ).json()
    for edge in body["edges"]:
        period = edge["properties"].get("valid_from")
        if period and len(period) < 10:
            assert edge["certain"] is False and edge["uncertain_period"] == period
        else:
            assert edge["certain"] is True
    assert any(e["certain"] is False for e in body["edges"])  # his pre-trial cell, "2022-04"
    assert all(
        e["certain"] is None
        for e in api.get(
            "/entities/person:vladimir-kara-murza/neighbors", params={"types": "IMPRISONED_IN"}
        ).json()["edges"]
    )  # no as_of, no certainty to give
