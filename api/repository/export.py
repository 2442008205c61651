"""GET /export (and `kg export`): the whole graph, or a neighbourhood, with every
citation."""

from __future__ import annotations

from datetime import UTC, datetime

from api import schemas
from api.errors import Invalid
from api.repository import rows
from api.repository.base import MAX_EDGES, RepositoryBase, rel_types
from api.repository.walk import walk
from graph.schema import RelType

EXPORT_MAX_NODES = 100_000


class Export(RepositoryBase):
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
