"""The articles behind the graph, and every fact each one states."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api import convert, schemas
from api.db import read
from api.deps import DriverDep, SettingsDep
from api.errors import NotFound
from api.params import SOURCE_ID, Limit, Offset

router = APIRouter(prefix="/sources", tags=["sources"])
_META = set(schemas.SourceMeta.model_fields)


def meta(props: dict[str, Any], **counts: int) -> schemas.SourceMeta:
    return schemas.SourceMeta(**{k: v for k, v in convert.plain(props).items() if k in _META},
                              **counts)


def own_evidence(props: dict[str, Any], source_id: str) -> dict[str, Any]:
    """The passage this source gives for a fact that several sources may state."""
    return convert.passages(props).get(source_id, {})


@router.get("", response_model=schemas.SourceList, summary="The sources, in publication order")
async def list_sources(
    driver: DriverDep,
    settings: SettingsDep,
    publisher: Annotated[str | None, Query(min_length=1, max_length=100, description=(
        "Publisher, case-insensitive substring, e.g. `Meduza`."))] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> schemas.SourceList:
    """Each source's metadata (title, publisher, url, date, whether we hold its text
    verbatim) and how many entities and relations cite it.

    Example: `GET /sources?publisher=voice` finds `source:voa-2023-11-23`, VOA's fact check
    of 23 November 2023.
    """
    page = (await read(driver, settings, "api/source/list", publisher=publisher, limit=limit,
                       offset=offset))[0]
    return schemas.SourceList(total=page["total"], items=[
        meta(i["props"], entities=i["entities"], relations=i["relations"])
        for i in page["items"]
    ])


@router.get(
    "/{id}",
    response_model=schemas.SourceDetail,
    summary="A source and every fact that cites it",
    responses={404: {"description": "No source has that id (problem+json)"}},
)
async def get_source(
    id: Annotated[str, Path(pattern=SOURCE_ID, max_length=160,
                            description="e.g. `source:voa-2023-11-23`")],
    driver: DriverDep,
    settings: SettingsDep,
) -> schemas.SourceDetail:
    """Where a journalist checking a story starts: the entities the source names and the
    relations it states, each with the quote (or marked paraphrase) it gives.

    Example: `GET /sources/source:voa-2023-11-23` includes both FACT_CHECKED verdicts on
    `claim:pamfilova-2023-11-21` with VOA's words "That claim is partly true."
    """
    rows = await read(driver, settings, "api/source/get", id=id)
    if not rows:
        raise NotFound(f"no source has the id {id!r}; GET /sources lists them")
    row = rows[0]
    mentions = [
        schemas.Mention(entity=schemas.NodeRef(**m["entity"]), **own_evidence(m["props"], id))
        for m in sorted(row["mentions"], key=lambda m: m["entity"]["id"])
    ]
    facts = [
        schemas.SourcedFact(id=f["props"].get("id", ""), type=f["type"],
                            source=schemas.NodeRef(**f["source"]),
                            target=schemas.NodeRef(**f["target"]),
                            properties=convert.rel_properties(f["props"]),
                            **own_evidence(f["props"], id))
        for f in row["facts"]
    ]
    return schemas.SourceDetail(source=meta(row["props"], entities=len(mentions),
                                            relations=len(facts)),
                                mentions=mentions, facts=facts)
