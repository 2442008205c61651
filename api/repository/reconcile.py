"""The reconciliation service's one read beyond matching (api/repository/match.py): what
data extension, the preview card and entity suggestions show of a set of entities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from api.repository.base import RepositoryBase


@dataclass(frozen=True)
class Facts:
    """An entity as the reconciliation service shows it. `statuses` are its status
    statements (graph/statuses.py decides which hold on a day)."""

    id: str
    name: str
    type: str
    description: str | None
    aliases: tuple[str, ...]
    statuses: tuple[dict[str, Any], ...]
    sources: int


class Reconciling(RepositoryBase):
    async def facts(self, ids: list[str]) -> dict[str, Facts]:
        """The entities with these ids, by id, in one read; an unknown id is left out."""
        if not ids:
            return {}
        # the same read as a match result's details (api/repository/match.py)
        found = await self._rows("api/match/details", ids=list(dict.fromkeys(ids)))
        return {
            row["id"]: Facts(
                id=row["id"],
                name=row["name"],
                type=row["type"],
                description=row["description"],
                aliases=tuple(row["aliases"] or ()),
                statuses=tuple(row["statuses"]),
                sources=len(row["named_in"]),
            )
            for row in found
        }
