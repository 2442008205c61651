"""The one "as of" rule for statuses (graph/statuses.py), without a server."""

from __future__ import annotations

from datetime import date

from graph.statuses import holds_on, uncertain_period


def status(name: str, facet: str, start: str | None, end: str | None = None) -> dict[str, object]:
    return {
        "status": name,
        "facet": facet,
        "valid_from_date": date.fromisoformat(start) if start else None,
        "valid_to_date": date.fromisoformat(end) if end else None,
    }


def holding(statuses: list[dict[str, object]], day: str) -> set[object]:
    held = holds_on(statuses, date.fromisoformat(day))
    return {s["status"] for s, h in zip(statuses, held, strict=True) if h}


NAVALNY = [
    status("imprisoned", "condition", "2021-01-17"),
    status("dead", "condition", "2024-02-16"),
]


def test_the_latest_start_of_a_facet_wins() -> None:
    assert holding(NAVALNY, "2021-01-16") == set()
    assert holding(NAVALNY, "2023-06-01") == {"imprisoned"}
    assert holding(NAVALNY, "2024-03-01") == {"dead"}


def test_an_ended_statement_stops_holding_after_its_end() -> None:
    detained = [status("detained", "condition", "2022-04-11", "2023-04-17")]
    assert holding(detained, "2023-04-17") == {"detained"}
    assert holding(detained, "2023-04-18") == set()


def test_designations_accumulate_and_ties_all_hold() -> None:
    statuses = [
        status("undesirable", "designation", "2023-04-01"),
        status("terrorist", "designation", "2025-12-08"),
        status("in_exile", "condition", "2024-01-01"),
        status("at_liberty", "condition", "2024-01-01"),  # a disagreeing source, same day
    ]
    assert holding(statuses, "2025-12-31") == {"undesirable", "terrorist", "in_exile", "at_liberty"}


def test_a_statement_without_a_start_never_holds() -> None:
    assert holding([status("released", "condition", None)], "2030-01-01") == set()


def test_a_day_inside_an_imprecise_start_or_end_is_uncertain() -> None:
    fbk = {"valid_from": "2021-06", "valid_to": None}
    assert uncertain_period(fbk, date(2021, 6, 1)) == "2021-06"
    assert uncertain_period(fbk, date(2021, 6, 30)) == "2021-06"
    assert uncertain_period(fbk, date(2021, 7, 1)) is None
    ended = {"valid_from": "2021-01-17", "valid_to": "2024"}
    assert uncertain_period(ended, date(2021, 1, 17)) is None  # a day is exact
    assert uncertain_period(ended, date(2024, 12, 31)) == "2024"
    assert uncertain_period(ended, date(2023, 12, 31)) is None


def test_an_older_statement_that_agrees_with_the_latest_holds_beside_it() -> None:
    statuses = [
        status("imprisoned", "condition", "2021-02-02", "2024-02-16"),
        status("imprisoned", "condition", "2022-01-25"),  # a source with no end
        status("dead", "condition", "2024-02-16"),
        status("dead", "condition", "2024-02-23"),  # a later source says it too
    ]
    held = holds_on(statuses, date(2024, 3, 1))
    assert held == [False, False, True, True]
    assert holds_on(statuses, date(2023, 6, 1)) == [True, True, False, False]
