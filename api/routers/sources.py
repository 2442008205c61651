"""The articles behind the graph, and every fact each one states."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import schemas
from api.deps import RepoDep
from api.params import Limit, Offset, SourceIdPath

router = APIRouter(prefix="/sources", tags=["sources"])


@router.get("", response_model=schemas.SourceList, summary="The sources, in publication order")
async def list_sources(
    repo: RepoDep,
    publisher: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=100,
            description=("Publisher, case-insensitive substring, e.g. `Meduza`."),
        ),
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> schemas.SourceList:
    """Each source's metadata (title, publisher, url, date, whether we hold its text
    verbatim) and how many entities and relations cite it.

    Example: `GET /sources?publisher=voice` finds `source:voa-2023-11-23`, VOA's fact check
    of 23 November 2023.
    """
    return await repo.sources(publisher, limit, offset)


@router.get(
    "/{id}",
    response_model=schemas.SourceDetail,
    summary="A source and every fact that cites it",
    responses={404: {"description": "No source has that id (problem+json)"}},
)
async def get_source(id: SourceIdPath, repo: RepoDep) -> schemas.SourceDetail:
    """Where a journalist checking a story starts: the entities the source names and the
    relations it states, each with the quote (or marked paraphrase) it gives.

    Example: `GET /sources/source:voa-2023-11-23` includes both FACT_CHECKED verdicts on
    `claim:pamfilova-2023-11-21` with VOA's words "That claim is partly true."
    """
    return await repo.source(id)
