"""Partial dates: a year, a month or a day, each meaning a span of days."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.dates import PartialDate


@pytest.mark.parametrize(
    ("text", "precision", "start", "end"),
    [
        ("2023", "year", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        ("2024-02", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),  # leap year
        ("2023-02", "month", dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        ("2023-11-23", "day", dt.date(2023, 11, 23), dt.date(2023, 11, 23)),
    ],
)
def test_a_date_spans_the_days_it_can_mean(
    text: str, precision: str, start: dt.date, end: dt.date
) -> None:
    date = PartialDate.parse(text)
    assert (date.precision, date.start, date.end) == (precision, start, end)
    assert str(date) == text


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2025-02-30", "that month has 28 days"),
        ("2024-13", "has no month 13"),
        ("2023-1-5", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("23-11-2023", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_impossible_or_malformed_dates_say_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        PartialDate.parse(text)
