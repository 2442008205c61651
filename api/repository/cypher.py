"""POST /cypher: an analyst's read-only Cypher, run by the reader's Analyst
(api/repository/analyst.py) within the server's caps."""

from __future__ import annotations

from api import schemas
from api.repository.analyst import Limits
from api.repository.base import RepositoryBase


class Cypher(RepositoryBase):
    async def cypher(self, request: schemas.CypherRequest) -> bytes:
        """An analyst's read-only Cypher, with the server's timeout, row and byte caps: the
        CypherResult JSON, put together off the event loop."""
        timeout = min(request.timeout or self.api.cypher_timeout, self.api.cypher_timeout)
        limits = Limits(timeout, self.api.cypher_max_rows, self.api.cypher_max_bytes)
        return await self._db.analyst(request.query, request.params, limits)
