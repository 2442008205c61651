"""Dates as the sources give them (a year, a month or a day), and the date and time-bound
properties of the graph's rows made from them (relationships, statuses, events)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

Row = dict[str, Any]


class Dated(Protocol):
    """What time_props reads of a statement (ingest.models.Dated, whose validators use
    parse_date: a protocol here, so that this module need not import the models)."""

    @property
    def key(self) -> str | None: ...
    @property
    def valid_from(self) -> str | None: ...
    @property
    def valid_to(self) -> str | None: ...
    @property
    def ended(self) -> bool | None: ...
    @property
    def attributed_to(self) -> str | None: ...


_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; ValueError says what is wrong."""
        match = _PATTERN.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        if day is not None:
            assert month is not None
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"{text!r} is impossible: that month has {last} days")
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def start(self) -> dt.date:
        """The first day this date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        """The last day this date can mean."""
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text


@lru_cache(maxsize=16384)
def parse_date(text: str) -> PartialDate:
    """`PartialDate.parse`, remembered: the same dates recur in thousands of statements."""
    return PartialDate.parse(text)


@lru_cache(maxsize=64)
def _names(name: str) -> tuple[str, str, str]:
    """The property names, made once: a million rows can share three strings."""
    return f"{name}_precision", f"{name}_start", f"{name}_end"


@lru_cache(maxsize=16384)
def _bounds(value: str) -> tuple[PartialDate, dt.date, dt.date]:
    parsed = parse_date(value)
    return parsed, parsed.start, parsed.end


def date_props(name: str, value: str | None, out: Row, bounds: bool = True) -> PartialDate | None:
    """`founded: "2022-03"` -> founded, founded_precision (and founded_start, founded_end)."""
    if value is None:
        return None
    parsed, start, end = _bounds(value)
    precision_name, start_name, end_name = _names(name)
    out[name] = value
    out[precision_name] = parsed.precision
    if bounds:
        out[start_name] = start
        out[end_name] = end
    return parsed


def first_given(values: list[Any]) -> Any:
    return next((v for v in values if v is not None), None)


def time_props(
    repeats: Sequence[tuple[str, Dated]], published: dict[str, PartialDate | None], props: Row
) -> PartialDate | None:
    """valid_from/valid_to as given, the end bound, and the attribution; returns the start.

    `ended: true` without a date: the end is no later than the (earliest) citing source's
    publication, taken at the last day that date can mean.
    """
    items = [item for _, item in repeats]
    for name in ("key", "attributed_to"):
        value = first_given([getattr(r, name) for r in items])
        if value is not None:
            props[name] = value
    valid_from = date_props(
        "valid_from", first_given([r.valid_from for r in items]), props, bounds=False
    )
    valid_to = date_props("valid_to", first_given([r.valid_to for r in items]), props, bounds=False)
    if valid_to is not None:
        props["valid_to_date"] = valid_to.end
    ended_by = [d.end for sid, r in repeats if r.ended and (d := published.get(sid))]
    if any(r.ended for r in items):
        if valid_to is None:  # another source's end date says more than "it ended"
            props["ended"] = True
            if ended_by:
                props["valid_to_date"] = min(ended_by)
                props["valid_to_bound"] = "no_later_than"
    elif any(r.ended is False for r in items):
        props["ended"] = False  # "former" refers to something else: kg report checks it
    return valid_from


def as_of_start(props: Row, observations: list[tuple[dt.date, bool]]) -> dt.date | None:
    """A status's as-of start: its valid_from; else the first publication of a source that
    saw it hold (it did not say it had ended, and was published no later than its end),
    whatever other sources add; else, for an end given to the day, that day (it held on its
    last day). `observations`: (the last day a citing source's date can mean, whether that
    source said it had ended) for each citation. One rule for kg ingest and the FtM import."""
    if "valid_from" in props:
        return PartialDate.parse(props["valid_from"]).start
    end = props.get("valid_to_date") if "valid_to" in props else None
    held = [day for day, ended in observations if not ended and (end is None or day <= end)]
    if held:
        return min(held)
    if props.get("valid_to_precision") == "day":
        end_day: dt.date = props["valid_to_date"]
        return end_day
    return None
