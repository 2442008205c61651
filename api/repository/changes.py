"""GET /changes: what began or ended between two dates (one named query, one round trip)."""

from __future__ import annotations

from datetime import date

from api import schemas
from api.repository import rows
from api.repository.base import RepositoryBase
from api.schemas import NodeRef
from graph.schema import FACT_TYPES, RelType, Status, stored_forms

# Said by the item's own fields (type, status, role, the entities).
_SAID = {"role", "status", "entity"}


def stored_types(types: list[RelType] | None) -> list[str]:
    """The stored relationship types to read: each asked-for fact type and its claims."""
    return stored_forms(set(types) & FACT_TYPES if types is not None else FACT_TYPES)


class Changes(RepositoryBase):
    async def changes(
        self,
        start: date,
        end: date,
        types: list[RelType] | None,
        statuses: list[Status] | None,
        limit: int,
        offset: int,
        reported: bool = True,
    ) -> schemas.Changes:
        """Relationships of `types` and statuses in `statuses` that began or ended between
        the two days. Neither given: everything; only one given: only that kind."""
        if types is None and statuses is not None:
            rel_types: list[str] = []
        else:
            rel_types = stored_types(types)
        if statuses is None:
            statuses = [] if types is not None else list(Status)
        page = await self._one(
            "api/changes/list",
            rel_types=rel_types,
            statuses=sorted(s.value for s in statuses),
            reported=reported,
            limit=limit,
            offset=offset,
            **{"from": start, "to": end},
        )
        meta = rows.cited(page["sources"])
        items = [
            schemas.Change(
                kind=item["kind"],
                change=item["change"],
                date=item["date"],
                date_precision=item["precision"],
                dated_by=item["dated_by"],
                no_later_than=rows.plain(item["last"]) if item["dated_by"] == "reported" else None,
                first_day=rows.plain(item["first"]),
                last_day=rows.plain(item["last"]),
                id=item["props"].get("id", ""),
                type=rows.rel_type(item["type"]) if item["type"] else None,
                status=item["status"],
                entities=[NodeRef(**e) for e in item["entities"]],
                role=item["props"].get("role"),
                attributed_to=rows.party(item["props"]),
                properties={
                    k: v for k, v in rows.rel_properties(item["props"]).items() if k not in _SAID
                },
                sources=rows.citations(item["props"], meta),
            )
            for item in page["items"]
        ]
        return schemas.Changes(from_=start, to=end, total=page["total"], items=items)
