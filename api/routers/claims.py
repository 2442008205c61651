"""Who claimed what, about whom, and what the fact-checkers said."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import convert, schemas
from api.db import read
from api.deps import DriverDep, SettingsDep
from api.params import EntityIdStr, Limit, Offset
from api.subgraph import source_meta

router = APIRouter(tags=["claims"])


@router.get("/claims", response_model=schemas.Claims, summary="Claims and their verdicts")
async def claims(
    driver: DriverDep,
    settings: SettingsDep,
    by: Annotated[EntityIdStr | None, Query(description="Claimant, e.g. "
                                              "`person:ella-pamfilova`.")] = None,
    about: Annotated[EntityIdStr | None, Query(description="What the claim is about.")] = None,
    verdict: Annotated[str | None, Query(min_length=1, max_length=100, description=(
        "Verdict text, case-insensitive substring, e.g. `misleading`."))] = None,
    checked_by: Annotated[EntityIdStr | None, Query(description="Fact-checker, e.g. "
                                                      "`org:voice-of-america`.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> schemas.Claims:
    """Each claim with its claimant, date, text, what it is about, every verdict with its
    issuer and sources, and the sources that report the claim.

    Example: `GET /claims?by=person:ella-pamfilova` returns `claim:pamfilova-2023-11-21`,
    which Voice of America rated "partly true" and, as to "discredit", "misleading".
    """
    page = (await read(driver, settings, "api/claim/list", by=by, about=about,
                       verdict=verdict, checked_by=checked_by, limit=limit,
                       offset=offset))[0]
    rels = [m for i in page["items"] for m in i["mentions"]]
    rels += [v["props"] for i in page["items"] for v in i["verdicts"]]
    meta = await source_meta(driver, settings, convert.source_ids(*rels))
    items = []
    for item in page["items"]:
        props = item["props"]
        claimants = sorted(item["claimants"], key=lambda c: c["id"])
        verdicts = [
            schemas.Verdict(verdict=v["props"].get("verdict"),
                            issuer=schemas.NodeRef(**v["issuer"]),
                            date=v["props"].get("valid_from"),
                            sources=convert.citations(v["props"], meta))
            for v in sorted(item["verdicts"], key=lambda v: (v["issuer"]["id"],
                                                             v["props"].get("id", "")))
        ]
        items.append(schemas.Claim(
            id=props["id"], name=props.get("name", props["id"]), text=props.get("text"),
            date=props.get("date"),
            claimant=schemas.NodeRef(**claimants[0]) if claimants else None,
            about=[schemas.NodeRef(**a) for a in sorted(item["about"], key=lambda a: a["id"])],
            verdicts=verdicts,
            sources=[c for m in item["mentions"] for c in convert.citations(m, meta)],
        ))
    return schemas.Claims(total=page["total"], items=items)
