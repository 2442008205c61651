"""Lists and whole-graph reads: events, claims, sources, stats, export, analysts' Cypher."""

from __future__ import annotations

from datetime import UTC, date, datetime

from api import schemas
from api.errors import Invalid
from api.repository import rows
from api.repository.analyst import Limits
from api.repository.base import EXPORT_MAX_NODES, MAX_EDGES, RepositoryBase, _direction, rel_types
from api.repository.rows import Row
from api.repository.walk import walk
from graph.report import assemble, report_queries
from graph.schema import RelType


class Listings(RepositoryBase):
    """The reads that list or export many things; each is one named query."""

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

    async def cypher(self, request: schemas.CypherRequest) -> bytes:
        """An analyst's read-only Cypher, with the server's timeout, row and byte caps: the
        CypherResult JSON, put together off the event loop."""
        timeout = min(request.timeout or self.api.cypher_timeout, self.api.cypher_timeout)
        limits = Limits(timeout, self.api.cypher_max_rows, self.api.cypher_max_bytes)
        return await self._db.analyst(request.query, request.params, limits)


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
