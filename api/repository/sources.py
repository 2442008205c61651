"""GET /sources and /sources/{id}: the sources, and what one of them states."""

from __future__ import annotations

from api import schemas
from api.repository import rows
from api.repository.base import RepositoryBase


class Sources(RepositoryBase):
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
