"""Dates and time bounds shared by relationships and statuses (rows for the graph)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from ingest.dates import PartialDate
from ingest.models import Dated, parse_date

Row = dict[str, Any]


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
    repeats: list[tuple[str, Dated]], published: dict[str, PartialDate | None], props: Row
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
