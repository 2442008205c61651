"""Neighbourhoods, hop by hop, for /entities/{id}/neighbors and /export?root=.

A breadth-first walk with one indexed query per hop: cost grows with the subgraph found,
not with the number of paths through it (a variable-length pattern around a hub like
place:russia would enumerate every path).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from neo4j import AsyncDriver

from api import convert, schemas
from api.db import read
from api.reads import read_timed
from graph.settings import Neo4jSettings

MAX_EDGES_PER_HOP = 5000


@dataclass
class Walk:
    nodes: list[str] = field(default_factory=list)  # ids, in the order they were reached
    rels: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False


async def walk(driver: AsyncDriver, settings: Neo4jSettings, timeout: float, root: str,
               depth: int, types: list[str], as_of: date | None, max_nodes: int) -> Walk:
    out = Walk(nodes=[root])
    seen = {root}
    found: dict[str, dict[str, Any]] = {}
    frontier = [root]
    for _ in range(depth):
        rows = await read_timed(driver, settings, "api/graph/expand", timeout, ids=frontier,
                                types=types, as_of=as_of, max_edges=MAX_EDGES_PER_HOP)
        out.truncated |= len(rows) >= MAX_EDGES_PER_HOP
        # Sorted, so that a cut at max_nodes keeps the same nodes on every call.
        rows.sort(key=lambda r: (r["type"], r["source"], r["target"], r["props"].get("id", "")))
        frontier = []
        for row in rows:
            found.setdefault(row["element_id"], row)
            for end in (row["source"], row["target"]):
                if end in seen:
                    continue
                if len(out.nodes) >= max_nodes:
                    out.truncated = True
                    continue
                seen.add(end)
                out.nodes.append(end)
                frontier.append(end)
        if not frontier:
            break
    out.rels = [r for r in found.values() if r["source"] in seen and r["target"] in seen]
    return out


async def source_meta(
    driver: AsyncDriver, settings: Neo4jSettings, ids: list[str]
) -> dict[str, dict[str, Any]]:
    """Title, publisher, url and date of each cited source, by id."""
    if not ids:
        return {}
    rows = await read(driver, settings, "api/source/by_ids", ids=ids)
    return {row["id"]: convert.plain(row["props"]) for row in rows}


async def nodes_by_id(
    driver: AsyncDriver, settings: Neo4jSettings, ids: list[str]
) -> list[schemas.Node]:
    rows = await read(driver, settings, "api/graph/nodes", ids=ids)
    by_id = {row["props"]["id"]: row["props"] for row in rows}
    return [schemas.Node(**convert.node(by_id[i])) for i in ids if i in by_id]


async def edges_with_sources(
    driver: AsyncDriver, settings: Neo4jSettings, rels: list[dict[str, Any]]
) -> list[schemas.Edge]:
    meta = await source_meta(driver, settings, convert.source_ids(*(r["props"] for r in rels)))
    return [convert.edge(r, meta) for r in rels]
