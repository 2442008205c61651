"""GET /claims: a page of claims with their claimant, subjects and verdicts."""

from __future__ import annotations

from api import schemas
from api.repository import rows
from api.repository.base import RepositoryBase
from api.repository.rows import Row


class Claims(RepositoryBase):
    async def claims(
        self,
        by: str | None,
        about: str | None,
        verdict: str | None,
        checked_by: str | None,
        limit: int,
        offset: int,
    ) -> schemas.Claims:
        page = await self._one(
            "api/claim/list",
            by=by,
            about=about,
            verdict=verdict,
            checked_by=checked_by,
            limit=limit,
            offset=offset,
        )
        meta = rows.cited(page["sources"])
        return schemas.Claims(
            total=page["total"], items=[_claim(item, meta) for item in page["items"]]
        )


def _claim(item: Row, meta: rows.Cited) -> schemas.Claim:
    props = item["props"]
    claimants = sorted(item["claimants"], key=lambda c: c["id"])
    verdicts = [
        schemas.Verdict(
            verdict=v["props"].get("verdict"),
            issuer=schemas.NodeRef(**v["issuer"]),
            date=v["props"].get("valid_from"),
            sources=rows.citations(v["props"], meta),
        )
        for v in sorted(
            item["verdicts"], key=lambda v: (v["issuer"]["id"], v["props"].get("id", ""))
        )
    ]
    return schemas.Claim(
        id=props["id"],
        name=props.get("name", props["id"]),
        text=props.get("text"),
        date=props.get("date"),
        claimant=schemas.NodeRef(**claimants[0]) if claimants else None,
        about=[schemas.NodeRef(**a) for a in sorted(item["about"], key=lambda a: a["id"])],
        verdicts=verdicts,
        sources=rows.all_citations(item["mentions"], meta),
    )
