"""GET /events: a page of events with their participants and sources."""

from __future__ import annotations

from datetime import date

from api import schemas
from api.repository import rows
from api.repository.base import RepositoryBase, direction


class Events(RepositoryBase):
    async def events(
        self,
        start: date | None,
        end: date | None,
        kind: str | None,
        actor: str | None,
        limit: int,
        offset: int,
    ) -> schemas.Events:
        page = await self._one(
            "api/event/list",
            start=start,
            end=end,
            kind=kind,
            actor=actor,
            limit=limit,
            offset=offset,
        )
        meta = rows.cited(page["sources"])
        items = []
        for item in page["items"]:
            participants = [
                schemas.Participant(
                    id=p["id"],
                    name=p["name"],
                    type=p["type"],
                    relation=p["relation"],
                    direction=direction(p["out"]),
                    role=p["role"],
                    attributed_to=rows.party(p),
                )
                for p in sorted(item["participants"], key=lambda p: (p["relation"], p["id"]))
            ]
            items.append(
                schemas.Event(
                    **rows.node_fields(item["props"]),
                    participants=participants,
                    sources=rows.all_citations(item["mentions"], meta),
                )
            )
        return schemas.Events(total=page["total"], items=items)
