"""Who claimed what, about whom, and what the fact-checkers said."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import schemas
from api.deps import RepoDep
from api.params import EntityIdStr, Limit, Offset

router = APIRouter(tags=["claims"])


@router.get("/claims", response_model=schemas.Claims, summary="Claims and their verdicts")
async def claims(
    repo: RepoDep,
    by: Annotated[
        EntityIdStr | None, Query(description="Claimant, e.g. `person:ella-pamfilova`.")
    ] = None,
    about: Annotated[EntityIdStr | None, Query(description="What the claim is about.")] = None,
    verdict: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=100,
            description=("Verdict text, case-insensitive substring, e.g. `misleading`."),
        ),
    ] = None,
    checked_by: Annotated[
        EntityIdStr | None, Query(description="Fact-checker, e.g. `org:voice-of-america`.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> schemas.Claims:
    """Each claim with its claimant, date, text, what it is about, every verdict with its
    issuer and sources, and the sources that report the claim.

    Example: `GET /claims?by=person:ella-pamfilova` returns `claim:pamfilova-2023-11-21`,
    which Voice of America rated "partly true" and, as to "discredit", "misleading".
    """
    return await repo.claims(by, about, verdict, checked_by, limit, offset)
