"""GET /stats: the graph's counts and its sourcing report, in one transaction."""

from __future__ import annotations

from api import schemas
from api.repository import rows
from api.repository.base import RepositoryBase
from graph.report import assemble, report_queries


class Stats(RepositoryBase):
    async def stats(self) -> schemas.Stats:
        """Counts, and the sourcing report of `kg report`, read in one transaction."""
        counts, *report = await self._db.batch(
            [("api/stats/counts", {}), *report_queries()], self.api.query_timeout
        )
        out = schemas.Stats(
            nodes={}, relationships={}, sources=0, sourcing=rows.plain(assemble(*report).as_dict())
        )
        by_kind = {
            "node": out.nodes,
            "relationship": out.relationships,
            "attributed": out.attributed,
            "status": out.statuses,
        }
        for row in counts:
            if row["kind"] == "source":
                out.sources = row["n"]
            else:
                by_kind[row["kind"]][row["key"]] = row["n"]
        return out
