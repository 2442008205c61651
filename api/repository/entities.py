"""GET /entities/{id}, its neighbours and its timeline: one named query each (a hub's
neighbourhood two: bare rows for the walk, then the details of what it kept)."""

from __future__ import annotations

from datetime import date

from api import schemas
from api.browser_link import browser_url
from api.repository import rows
from api.repository.base import MAX_EDGES, RepositoryBase, direction, fact_filter
from api.repository.walk import walk
from graph.schema import Facet, RelType
from graph.statuses import holds_on

# A neighbourhood of more relationships comes back bare (ids for the walk), and only what
# the walk keeps is read in full: a second, small read instead of thousands of whole ones.
INLINE_EDGES = 300


class Entities(RepositoryBase):
    """One entity: its page, its neighbourhood, its timeline."""

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
                direction=direction(i["out"]),
                role=i["props"].get("role"),
                attributed_to=rows.party(i["props"]),
                date=i["event"].get("date"),
                date_precision=i["event"].get("date_precision"),
                sources=rows.citations(i["props"], meta),
            )
            for i in row["items"]
        ]
        return schemas.Timeline(entity=rows.ref(row["entity"]), total=row["total"], items=items)
