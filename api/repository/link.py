"""POST /link: the known entities a text names, by the process's one link index."""

from __future__ import annotations

from api.repository.base import RepositoryBase
from api.schemas import LinkResult


class Link(RepositoryBase):
    async def link(self, text: str, min_confidence: float) -> LinkResult:
        """The known entities `text` names; reads the names again only when the graph's
        version changed."""
        return await self._links.link(text, min_confidence, self.version.current, self._rows)
