"""The API's data-access layer: typed reads of the graph that return the response models.

Each method runs one named query (one round trip; /cypher adds its EXPLAIN check), whose
rows carry the metadata of the sources they cite, so citations need no second read. A
query that returns no row for an id means the entity (or source) does not exist: 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any, Literal

from neo4j import AsyncDriver

from api import ranking, schemas
from api.browser_link import browser_url
from api.errors import Invalid, NotFound
from api.linking.index import LinkIndex
from api.linking.schemas import LinkResult
from api.repository import rows
from api.repository.reader import Reader
from api.repository.rows import Row
from api.repository.walk import walk
from api.settings import ApiSettings
from graph.driver import make_async_driver
from graph.schema import FACT_TYPES, Facet, NodeType, RelType
from graph.settings import Neo4jSettings
from ingest.report import assemble, report_queries

MAX_EDGES = 5000  # relationships one neighbourhood read may return; more: truncated
EXPORT_MAX_NODES = 100_000
SEARCH_FETCH = 200  # index hits re-ranked in Python; far more than any page
READY_TIMEOUT = 3.0


def rel_types(types: Iterable[RelType] | None) -> list[str]:
    """The types a traversal may follow, as plain strings for `type(r) IN $types`.

    MENTIONED_IN links entities to their sources; walking it would connect everything
    through the article that names it, so it is never part of a traversal.
    """
    chosen = set(types) if types else set(FACT_TYPES)
    return sorted(t.value for t in chosen if t is not RelType.MENTIONED_IN)


def _direction(out: bool) -> Literal["out", "in"]:
    return "out" if out else "in"


class Repository:
    """Owns the async driver and the settings; the routers' one way to the graph."""

    def __init__(self, driver: AsyncDriver, settings: Neo4jSettings, api: ApiSettings) -> None:
        self._db = Reader(driver, settings)
        self._links = LinkIndex()  # the linker's automaton, rebuilt when the names change
        self.settings = settings
        self.api = api

    @classmethod
    def connect(cls, settings: Neo4jSettings, api: ApiSettings) -> Repository:
        return cls(make_async_driver(settings), settings, api)

    async def close(self) -> None:
        await self._db.driver.close()

    async def _rows(self, name: str, **params: Any) -> list[Row]:
        return await self._db.rows(name, self.api.query_timeout, **params)

    async def _one(self, name: str, **params: Any) -> Row:
        """The single row of a query that always returns one (a page with its total)."""
        return (await self._rows(name, **params))[0]

    async def _found(
        self, name: str, id: str, what: str = "entity", hint: str = "", **params: Any
    ) -> Row:
        """The single row of a query that returns none when nothing has the id $id."""
        found = await self._rows(name, id=id, **params)
        if not found:
            raise NotFound(f"no {what} has the id {id!r}{hint}")
        return found[0]

    async def ping(self) -> None:
        """Raise Unavailable (503) unless Neo4j answers within a few seconds."""
        await self._db.ping(READY_TIMEOUT)

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
            types=rel_types(types),
            limit=limit,
            offset=offset,
            as_of=as_of,
            designation=Facet.DESIGNATION.value,
        )
        meta = rows.cited(row["sources"])
        history = [rows.status(s["props"], meta, s["holds"]) for s in row["statuses"]]
        holding = [s for s in history if s.holds]
        # Disagreeing sources may leave two conditions tied; the latest-listed one is shown
        # here, and `statuses` keeps both.
        conditions = [s.status for s in holding if s.facet == Facet.CONDITION.value]
        fields = rows.node_fields(row["props"])
        fields.pop("status", None)  # a stale single `status` property is not the status
        return schemas.EntityDetail(
            **fields,
            browser_url=browser_url(self.api.browser_url, id),
            sources=rows.all_citations(row["mentions"], meta),
            status=conditions[-1] if conditions else None,
            status_as_of=rows.plain(row["as_of"]),
            statuses=holding,
            status_history=history,
            relations=[rows.relation(r, meta) for r in row["rels"]],
            relations_total=row["total"],
        )

    async def neighbours(
        self, id: str, depth: int, types: list[RelType] | None, as_of: date | None, limit: int
    ) -> schemas.Subgraph:
        row = await self._found(
            "api/graph/neighbourhood",
            id,
            depth=depth,
            types=rel_types(types),
            as_of=as_of,
            max_edges=MAX_EDGES,
        )
        found = walk(id, row["rels"], depth, limit, MAX_EDGES)
        by_id = {props["id"]: props for props in row["nodes"]} | {id: row["root"]}
        meta = rows.cited(row["sources"])
        return schemas.Subgraph(
            root=id,
            depth=depth,
            as_of=as_of,
            truncated=found.truncated,
            nodes=[rows.node(by_id[i]) for i in found.nodes if i in by_id],
            edges=[rows.edge(r, meta) for r in found.rels],
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
    ) -> schemas.Paths:
        """Shortest chains; a party's claims (attributed edges) only when asked for."""
        found = await self._rows(
            "api/path/shortest",
            types=rel_types(types),
            as_of=as_of,
            include_attributed=include_attributed,
            max_hops=max_hops,
            limit=limit,
            **{"from": from_, "to": to},
        )
        for end, exists in ((from_, found[0]["from_found"]), (to, found[0]["to_found"])):
            if not exists:
                raise NotFound(f"no entity has the id {end!r}")
        paths = []
        for row in found:
            if row["rels"] is None:  # the row that says there is no path
                continue
            meta = rows.cited(row["sources"])
            paths.append(
                schemas.Path(
                    length=len(row["rels"]),
                    nodes=[rows.node(n) for n in row["nodes"]],
                    edges=[rows.edge(r, meta) for r in row["rels"]],
                )
            )
        return schemas.Paths(from_=from_, to=to, max_hops=max_hops, as_of=as_of, paths=paths)

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
                    direction=_direction(p["out"]),
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

    async def sources(self, publisher: str | None, limit: int, offset: int) -> schemas.SourceList:
        page = await self._one("api/source/list", publisher=publisher, limit=limit, offset=offset)
        return schemas.SourceList(
            total=page["total"],
            items=[
                rows.source_meta(i["props"], entities=i["entities"], relations=i["relations"])
                for i in page["items"]
            ],
        )

    async def source(self, id: str) -> schemas.SourceDetail:
        row = await self._found(
            "api/source/get", id, what="source", hint="; GET /sources lists them"
        )
        mentions = [
            schemas.Mention(
                entity=schemas.NodeRef(**m["entity"]), **rows.own_evidence(m["props"], id)
            )
            for m in sorted(row["mentions"], key=lambda m: m["entity"]["id"])
        ]
        facts = [
            schemas.SourcedFact(
                id=f["props"].get("id", ""),
                type=rows.rel_type(f["type"]),
                source=schemas.NodeRef(**f["source"]),
                target=schemas.NodeRef(**f["target"]),
                attributed_to=rows.party(f["props"]),
                properties=rows.rel_properties(f["props"]),
                **rows.own_evidence(f["props"], id),
            )
            for f in row["facts"]
        ]
        meta = rows.source_meta(row["props"], entities=len(mentions), relations=len(facts))
        return schemas.SourceDetail(source=meta, mentions=mentions, facts=facts)

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

    async def export(self, root: str | None, depth: int) -> schemas.Export:
        """The whole graph, or the neighbourhood of `root`, with every citation."""
        if root is None:
            row = await self._one("api/export/graph")
            node_rows = row["nodes"]
        else:
            row = await self._found(
                "api/export/neighbourhood",
                root,
                depth=depth,
                types=rel_types(None),
                max_edges=MAX_EDGES,
            )
            found = walk(root, row["hops"], depth, EXPORT_MAX_NODES, MAX_EDGES)
            if found.truncated:
                raise Invalid("the neighbourhood is too large to export; lower depth")
            by_id = {props["id"]: props for props in row["nodes"]}
            node_rows = [by_id[i] for i in found.nodes if i in by_id]  # in walk order
        # Each node's own provenance: the sources that name it (MENTIONED_IN).
        named_by: dict[str, list[str]] = {}
        for rel in row["rels"]:
            if rel["type"] == RelType.MENTIONED_IN:
                named_by.setdefault(rel["source"], []).append(rel["target"])
        nodes = [
            schemas.Node.model_validate(
                {**rows.node_fields(props), "sources": sorted(named_by.get(props["id"], []))}
            )
            for props in node_rows
        ]
        meta = rows.cited(row["sources"])
        statuses = [
            schemas.EntityStatus(entity=props["entity"], **dict(rows.status(props, meta)))
            for props in row["statuses"]
        ]
        return schemas.Export(
            generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
            root=root,
            depth=depth if root else None,
            nodes=nodes,
            edges=[rows.edge(r, meta) for r in row["rels"]],
            sources=[rows.source_meta(props) for props in row["sources"]],
            statuses=statuses,
        )

    async def cypher(self, request: schemas.CypherRequest) -> schemas.CypherResult:
        """An analyst's read-only Cypher, with the server's timeout and row caps."""
        timeout = min(request.timeout or self.api.cypher_timeout, self.api.cypher_timeout)
        return await self._db.analyst(
            request.query, request.params, timeout, self.api.cypher_max_rows
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
