"""GET /search: the full-text index's hits, re-ranked in Python (api/ranking.py)."""

from __future__ import annotations

from api import ranking, schemas
from api.repository.base import RepositoryBase
from graph.schema import NodeType

SEARCH_FETCH = 200  # index hits re-ranked in Python; far more than any page


class Search(RepositoryBase):
    async def search(
        self, query: str, forms: list[list[str]], type: NodeType | None, limit: int
    ) -> schemas.SearchResults:
        """Entities whose name or alias matches a folded form of the query, best first."""
        found = await self._rows(
            "api/search/fulltext",
            lucene=ranking.lucene_query(forms),
            type=type.value if type else None,
            fetch=SEARCH_FETCH,
        )
        hits = ranking.rank(forms, found)
        if ranking.short(forms):  # one or two letters: whole names only (api/ranking.py)
            hits = [hit for hit in hits if hit.match == "exact"]
        named = ranking.named(hits)
        return schemas.SearchResults(
            query=query,
            folded=" ".join(forms[0]),
            ambiguous=len(named) > 1,
            candidates=named,
            results=hits[:limit],
        )
