"""What happened, and when: dated events with their participants and sources."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Query

from api import schemas
from api.deps import RepoDep
from api.errors import Invalid
from api.params import EntityIdStr, IsoDate, Limit, Offset
from graph.schema import EVENT_KINDS

router = APIRouter(tags=["events"])
# The data files' vocabulary, so a typo in `kind` is a 422 rather than an empty list.
# Built at import time from the vocabulary; the type checker sees it as a plain string.
if TYPE_CHECKING:
    EventKind = str
else:
    EventKind = StrEnum("EventKind", {k: k for k in sorted(EVENT_KINDS)})


@router.get(
    "/events",
    response_model=schemas.Events,
    summary="Dated events in a window, with their participants",
    responses={422: {"description": "Bad dates, kind or limits (problem+json)"}},
)
async def events(
    repo: RepoDep,
    start: Annotated[IsoDate | None, Query(description="First day (YYYY-MM-DD).")] = None,
    end: Annotated[IsoDate | None, Query(description="Last day (YYYY-MM-DD).")] = None,
    kind: Annotated[EventKind | None, Query(description="Only this kind of event.")] = None,
    actor: Annotated[
        EntityIdStr | None,
        Query(description="Only events tied to this entity, e.g. `person:ilya-ponomarev`."),
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> schemas.Events:
    """Events whose date falls in [start, end], in date order. An event dated only to a
    month or a year covers that whole month or year, so it is listed when that period
    overlaps the window; `date_precision` says which it is. Undated events are left out.

    Example: `GET /events?start=2023-10-01&end=2023-10-31` lists PACE's statement of
    2023-10-13, the Berlin meeting of 2023-10-22 and the arrest of Alsu Kurmasheva
    (dated only to October 2023).
    """
    if start and end and end < start:
        raise Invalid(f"end ({end}) is before start ({start})")
    return await repo.events(start, end, str(kind) if kind else None, actor, limit, offset)
