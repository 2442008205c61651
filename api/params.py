"""Validated request parameters shared by the routers: ids, dates, limits, type filters.

Everything a request can send is checked here by pydantic, so bad input is a 422 problem,
never a database error.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import Query
from pydantic import BeforeValidator, StringConstraints, WithJsonSchema

from graph.schema import FACT_TYPES, RelType

ENTITY_ID = r"^(person|org|event|place|claim):[a-z0-9][a-z0-9-]{0,150}$"
SOURCE_ID = r"^source:[a-z0-9][a-z0-9-]{0,150}$"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: object) -> object:
    # pydantic alone would also take unix timestamps and datetimes; analysts write days.
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"{value!r} is not a calendar date ({error})") from None


IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _DATE.pattern}),
]

EntityIdStr = Annotated[str, StringConstraints(pattern=ENTITY_ID, max_length=160)]
EntityIdQuery = Annotated[
    EntityIdStr, Query(description="An entity id, e.g. `person:ilya-ponomarev`.")
]
Limit = Annotated[int, Query(ge=1, le=500, description="At most this many items (1–500).")]
Offset = Annotated[int, Query(ge=0, le=100_000, description="Skip this many items.")]
AsOf = Annotated[
    IsoDate | None,
    Query(description="Keep only relations valid on this day (YYYY-MM-DD). A relation dated "
          "to a month or year covers that whole month or year."),
]
Types = Annotated[
    list[RelType] | None,
    Query(description="Relationship types to follow (repeat the parameter); default: every "
          "fact type. Example: `types=FOUNDED&types=MEMBER_OF`."),
]


def rel_types(types: list[RelType] | None) -> list[str]:
    """The types a traversal may follow, as plain strings for `type(r) IN $types`.

    MENTIONED_IN links entities to their sources; walking it would connect everything
    through the article that names it, so it is never part of a traversal.
    """
    chosen = set(types) if types else set(FACT_TYPES)
    return sorted(t.value for t in chosen if t is not RelType.MENTIONED_IN)
