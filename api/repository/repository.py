"""The API's data-access layer: typed reads of the graph that return the response models.

Each method runs one named query (one round trip; /cypher adds its EXPLAIN check), whose
rows carry the metadata of the sources they cite, so citations need no second read. A
query that returns no row for an id means the entity (or source) does not exist: 404.
The one exception is a hub's neighbourhood: too many relationships to send whole, so the
walk runs on bare rows and a second, small read fetches what it kept.
"""

from __future__ import annotations

from datetime import date

from api import path_evidence, ranking, schemas
from api.browser_link import browser_url
from api.errors import NotFound
from api.linking.schemas import LinkResult
from api.repository import rows
from api.repository.base import (
    INLINE_EDGES,
    MAX_EDGES,
    SEARCH_FETCH,
    _direction,
    fact_filter,
)
from api.repository.changes import Changes
from api.repository.listings import Listings
from api.repository.walk import walk
from graph.schema import Facet, NodeType, RelType, stored_forms
from graph.statuses import holds_on


class Repository(Changes, Listings):
    """The routers' one way to the graph: entities, neighbourhoods, paths, search, links."""

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
        named = ranking.named(hits)
        return schemas.SearchResults(
            query=query,
            folded=" ".join(forms[0]),
            ambiguous=len(named) > 1,
            candidates=named,
            results=hits[:limit],
        )

    async def link(self, text: str, min_confidence: float) -> LinkResult:
        """The known entities `text` names; reads the graph only when its names changed."""
        return await self._links.link(text, min_confidence, self._rows)

    async def entity(
        self,
        id: str,
        types: list[RelType] | None,
        limit: int,
        offset: int,
        as_of: date | None = None,
    ) -> schemas.EntityDetail:
        """The entity, a page of its relations, and its statuses as of `as_of` (today)."""
        row = await self._found(
            "api/entity/relations",
            id,
            hint="; try GET /search?q=… to find its id",
            types=fact_filter(types),
            limit=limit,
            offset=offset,
        )
        meta = rows.cited(row["sources"])
        day = as_of or date.today()
        holds = holds_on(row["statuses"], day)
        history = [
            rows.status(s, meta, h, day) for s, h in zip(row["statuses"], holds, strict=True)
        ]
        holding = [s for s in history if s.holds]
        # Disagreeing sources may leave two conditions tied; the latest-listed one is shown
        # here, and `statuses` keeps both.
        conditions = [s for s in holding if s.facet == Facet.CONDITION.value]
        return schemas.EntityDetail(
            **rows.node_fields(row["props"]),
            browser_url=browser_url(self.api.browser_url, id),
            sources=rows.all_citations(row["mentions"], meta),
            status=conditions[-1].status if conditions else None,
            status_as_of=day,
            status_certain=conditions[-1].certain if conditions else None,
            statuses=holding,
            status_history=history,
            relations=[rows.relation(r, meta) for r in row["rels"]],
            relations_total=row["total"],
        )

    async def neighbours(
        self, id: str, depth: int, types: list[RelType] | None, as_of: date | None, limit: int
    ) -> schemas.Subgraph:
        """The walk's nodes and edges: one read, or for a hub two (bare rows, then details)."""
        row = await self._found(
            "api/graph/neighbourhood",
            id,
            depth=depth,
            types=fact_filter(types),
            as_of=as_of,
            max_edges=MAX_EDGES,
            inline=INLINE_EDGES,
        )
        found = walk(id, row["rels"], depth, limit, MAX_EDGES)
        if not row["whole"]:  # a hub: the rows were bare, read what the walk kept
            details = await self._one(
                "api/graph/details",
                rels=[[r["element_id"], r["props"].get("id") or ""] for r in found.rels],
                nodes=found.nodes,
            )
            full = {r["element_id"]: r for r in details["rels"]}
            found.rels = [full[r["element_id"]] for r in found.rels if r["element_id"] in full]
            row = {**row, "nodes": details["nodes"], "sources": details["sources"]}
        by_id = {props["id"]: props for props in row["nodes"]} | {id: row["root"]}
        meta = rows.cited(row["sources"])
        return schemas.Subgraph(
            root=id,
            depth=depth,
            as_of=as_of,
            truncated=found.truncated,
            nodes=[rows.node(by_id[i]) for i in found.nodes if i in by_id],
            edges=[rows.edge(r, meta, as_of) for r in found.rels],
        )

    async def timeline(self, id: str, limit: int, offset: int) -> schemas.Timeline:
        row = await self._found("api/entity/timeline", id, limit=limit, offset=offset)
        meta = rows.cited(row["sources"])
        items = [
            schemas.TimelineItem(
                event=rows.node(i["event"]),
                relation=rows.rel_type(i["type"]),
                direction=_direction(i["out"]),
                role=i["props"].get("role"),
                attributed_to=rows.party(i["props"]),
                date=i["event"].get("date"),
                date_precision=i["event"].get("date_precision"),
                sources=rows.citations(i["props"], meta),
            )
            for i in row["items"]
        ]
        return schemas.Timeline(entity=rows.ref(row["entity"]), total=row["total"], items=items)

    async def paths(
        self,
        from_: str,
        to: str,
        max_hops: int,
        types: list[RelType] | None,
        as_of: date | None,
        limit: int,
        include_attributed: bool = False,
        exclude: list[str] | None = None,
        exclude_types: list[RelType] | None = None,
        max_degree: int | None = None,
    ) -> schemas.Paths:
        """Shortest chains, best sourced first; a party's claims (attributed edges) only
        when asked for. Up to path_evidence.RANK_FETCH shortest paths are read and ranked,
        then cut to `limit`."""
        exclude = sorted(set(exclude or []))
        avoided = sorted(set(exclude_types or []))
        found = await self._rows(
            "api/path/shortest",
            types=fact_filter(types),
            as_of=as_of,
            include_attributed=include_attributed,
            exclude=exclude,
            # The stored types: a claim of an avoided type is avoided too.
            exclude_types=stored_forms(avoided),
            max_degree=max_degree,
            max_hops=max_hops,
            fetch=path_evidence.RANK_FETCH,
            **{"from": from_, "to": to},
        )
        for end, exists in ((from_, found[0]["from_found"]), (to, found[0]["to_found"])):
            if not exists:
                raise NotFound(f"no entity has the id {end!r}")
        unknown = sorted(set(exclude) - set(found[0]["excluded"]))
        if unknown:
            raise NotFound(f"exclude names no entity: {', '.join(map(repr, unknown))}")
        found_paths = []
        for row in found:
            if row["rels"] is None:  # the row that says there is no path
                continue
            meta = rows.cited(row["sources"])
            edges = [rows.edge(r, meta, as_of) for r in row["rels"]]
            found_paths.append(
                schemas.Path(
                    length=len(edges),
                    evidence=path_evidence.evidence(edges),
                    nodes=[rows.node(n) for n in row["nodes"]],
                    edges=edges,
                )
            )
        return schemas.Paths(
            from_=from_,
            to=to,
            max_hops=max_hops,
            as_of=as_of,
            exclude=exclude,
            exclude_types=[t.value for t in avoided],
            max_degree=max_degree,
            considered=len(found_paths),
            complete=len(found) < path_evidence.RANK_FETCH,
            paths=path_evidence.ranked(found_paths)[:limit],
        )
