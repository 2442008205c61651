"""Which status statements hold on a day: the one "as of" rule for statuses.

A statement holds on D when it started on or before D (`valid_from_date`: its valid_from,
or the day its source observed it) and has not ended before D (`valid_to_date`). Per facet
the latest such start wins (condition, office); designations accumulate: every one open on
D holds. Ties all hold, so disagreeing sources stay visible. A statement with no start
never holds.
"""

from __future__ import annotations

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
    return [
        is_open and (s["facet"] == Facet.DESIGNATION or start == latest.get(s["facet"]))
        for s, (start, _), is_open in zip(statuses, spans, open_, strict=True)
    ]
