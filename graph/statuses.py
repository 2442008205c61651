"""Which status statements hold on a day: the one "as of" rule for statuses.

A statement holds on D when it started on or before D (`valid_from_date`: its valid_from,
or the day its source observed it) and has not ended before D (`valid_to_date`). Per facet
the latest such start wins (condition, office), with every open statement of the status it
gives (sources that agree); designations accumulate: every one open on D holds. Ties all
hold, so disagreeing sources stay visible. A statement with no start never holds.

A start or end given only as a month or a year covers that whole period: on a day inside
it the statement counts as holding, but the answer is not certain (`uncertain_period`).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from graph.schema import Facet


def _day(value: Any) -> date | None:
    """A Neo4j or Python date as a Python date (the driver returns neo4j.time.Date)."""
    if value is None or isinstance(value, date):
        return value
    native: date = value.to_native()
    return native


def holds_on(statuses: Sequence[Mapping[str, Any]], day: date) -> list[bool]:
    """For each status statement (a Status node's properties), whether it holds on `day`."""
    spans = [(_day(s.get("valid_from_date")), _day(s.get("valid_to_date"))) for s in statuses]
    open_ = [
        start is not None and start <= day and (end is None or day <= end) for start, end in spans
    ]
    latest: dict[str, date] = {}
    for s, (start, _), is_open in zip(statuses, spans, open_, strict=True):
        if (
            is_open
            and start is not None
            and (s["facet"] not in latest or start > latest[s["facet"]])
        ):
            latest[s["facet"]] = start
    # The statuses the latest statements give; an older open statement that agrees with
    # them (another source's "dead") holds beside them.
    winning = {
        (s["facet"], s["status"])
        for s, (start, _), is_open in zip(statuses, spans, open_, strict=True)
        if is_open and start == latest.get(s["facet"])
    }
    return [
        is_open and (s["facet"] == Facet.DESIGNATION or (s["facet"], s["status"]) in winning)
        for s, is_open in zip(statuses, open_, strict=True)
    ]


def _period(given: str) -> tuple[date, date] | None:
    """The first and last day of a month (`YYYY-MM`) or a year (`YYYY`); None for a day."""
    parts = given.split("-")
    if len(parts) == 3 or not all(p.isdigit() for p in parts):
        return None
    year = int(parts[0])
    if len(parts) == 1:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(parts[1])
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def uncertain_period(props: Mapping[str, Any], day: date) -> str | None:
    """The start or end, given as a month or a year, whose period contains `day`: on such a
    day the sources cannot say whether the statement held yet, or still did."""
    for name in ("valid_from", "valid_to"):
        given = props.get(name)
        if isinstance(given, str) and (period := _period(given)) and period[0] <= day <= period[1]:
            return given
    return None
