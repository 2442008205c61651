"""Validated request parameters shared by the routers: ids, dates, limits, type filters.

Everything a request can send is checked here by pydantic, so bad input is a 422 problem,
never a database error.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import Path, Query
from pydantic import BeforeValidator, StringConstraints, WithJsonSchema

from graph.schema import ENTITY_ID_PATTERN, SOURCE_ID_PATTERN, RelType

ID_MAX_LENGTH = 160
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(value: object) -> object:
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
    BeforeValidator(iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _DATE.pattern}),
]

EntityIdStr = Annotated[str, StringConstraints(pattern=ENTITY_ID_PATTERN, max_length=ID_MAX_LENGTH)]
EntityIdQuery = Annotated[
    EntityIdStr, Query(description="An entity id, e.g. `person:ilya-ponomarev`.")
]
EntityIdPath = Annotated[
    str,
    Path(
        pattern=ENTITY_ID_PATTERN,
        max_length=ID_MAX_LENGTH,
        description="e.g. `person:ilya-ponomarev`",
    ),
]
SourceIdPath = Annotated[
    str,
    Path(
        pattern=SOURCE_ID_PATTERN,
        max_length=ID_MAX_LENGTH,
        description="e.g. `source:voa-2023-11-23`",
    ),
]
Limit = Annotated[int, Query(ge=1, le=500, description="At most this many items (1–500).")]
Offset = Annotated[int, Query(ge=0, le=100_000, description="Skip this many items.")]
AsOf = Annotated[
    IsoDate | None,
    Query(
        description="Keep only relations valid on this day (YYYY-MM-DD). A relation dated "
        "to a month or year covers that whole month or year."
    ),
]
IncludeAttributed = Annotated[
    bool,
    Query(
        description="Also follow attributed edges (what a party claims, not what a source "
        "states as fact)."
    ),
]
Types = Annotated[
    list[RelType] | None,
    Query(
        description="Relationship types to follow (repeat the parameter); default: every "
        "fact type. Example: `types=FOUNDED&types=MEMBER_OF`."
    ),
]
