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
        assert r["day"] is not None, f"{r['status']} has neither a start nor an observed day"
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


def test_a_day_inside_a_month_start_is_uncertain(api) -> None:
    body = api.get("/entities/org:anti-corruption-foundation", params={"as_of": "2021-06-05"})
    statuses = body.json()["statuses"]
    for s in statuses:
        if s["valid_from"] and len(s["valid_from"]) == 7 and s["valid_from"] == "2021-06":
            assert s["certain"] is False and s["uncertain_period"] == "2021-06"
    exact = [s for s in statuses if s["valid_from"] == "2021-06-09"]
    assert all(s["certain"] is False for s in exact) or not exact
