"""What changed between two dates: relationships and statuses that began or ended."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import schemas
from api.deps import RepoDep
from api.errors import Invalid
from api.params import IsoDate, Limit, Offset
from graph.schema import RelType, Status

router = APIRouter(tags=["changes"])

# Why statuses have range indexes (cypher/schema/006, 007) and relationships none: Neo4j's
# relationship indexes are per stored type (64 here with the CLAIMED_ forms, two dates
# each), and a type given as a parameter ($any) is never served by one (Neo4j 5.26 plans
# a scan; checked with PROFILE), so using them needs every indexed type written into the
# query. Measured at 100k entities (bench/synthetic, 520k relationships, 18k statuses;
# 2 shared cores): statuses alone 0.07 s; three relationship types 0.6-1.3 s; every type
# 2.4 s, and 5-9 s with the machine loaded (one pass over all relationships). A DESIGNATED
# index served the same window in 0.02 s instead of 0.4 s: per-type indexes for the types
# asked about most (DESIGNATED, IMPRISONED_IN, LEFT, SENTENCED) are the next step at scale.


@router.get(
    "/changes",
    response_model=schemas.Changes,
    summary="Relationships and statuses that began or ended between two dates",
    responses={
        422: {
            "description": "Invalid parameters (`errors` names each field), or `from` after "
            "`to` (problem+json)"
        }
    },
)
async def changes(
    repo: RepoDep,
    from_: Annotated[IsoDate, Query(alias="from", description="First day (YYYY-MM-DD).")],
    to: Annotated[IsoDate, Query(description="Last day (YYYY-MM-DD).")],
    types: Annotated[
        list[RelType] | None,
        Query(
            description="Only relationships of these types (repeat the parameter); "
            "attributed ones (a party's claim) included."
        ),
    ] = None,
    statuses: Annotated[
        list[Status] | None,
        Query(description="Only statuses of these values (repeat the parameter)."),
    ] = None,
    reported: Annotated[
        bool,
        Query(
            description="Also list changes that no source dates, on the day the earliest "
            "source stating them was published (`dated_by: reported`, `no_later_than`)."
        ),
    ] = True,
    limit: Limit = 100,
    offset: Offset = 0,
) -> schemas.Changes:
    """The relationships and the statuses that began (their `valid_from`) or ended
    (their `valid_to`) between `from` and `to`, both days included, in date order. Neither
    `types` nor `statuses`: every kind; only one of them: only that kind.

    Dates are given as the source gives them: a date given to a month or a year covers
    that whole month or year, so the change is listed when that period overlaps the window
    (`first_day`, `last_day`; a `valid_to` of "2023-03" ended in March 2023). A relationship
    with no start of its own that starts on its event's date (PARTICIPATED_IN, ORGANIZED,
    SUBJECT_OF, LOCATED_IN, INITIATED) is dated by the event (`dated_by: event`). Only dates
    a source gives are placed as such. A change no source dates (a listing reported on a
    day, a status known from its source's date, an end only implied by "former") is listed on
    the day the earliest source stating it was published, marked `dated_by: reported` with
    `no_later_than`: it happened then or before. `reported=false` leaves these out.

    Example — who was designated, imprisoned, released or left Russia in 2024:
    `GET /changes?from=2024-01-01&to=2024-12-31&types=DESIGNATED&types=IMPRISONED_IN&`
    `types=LEFT&statuses=imprisoned&statuses=released` lists the Prosecutor General's
    Office designating the Anti-War Committee "undesirable" (January 2024), Navalny's
    imprisonment ending on 2024-02-16, Lilia Chanysheva imprisoned on 2024-04-09, and on
    2024-08-01 Kara-Murza, Kurmasheva, Yashin, Gershkovich and Whelan released, their
    imprisonment ending. Nobody left Russia in 2024 in the curated data (no LEFT).
    """
    if to < from_:
        raise Invalid(f"from ({from_}) is after to ({to})")
    return await repo.changes(from_, to, types, statuses, limit, offset, reported)
