"""Response model of GET /export: a subgraph (or the whole graph) with its sources and statuses."""

from __future__ import annotations

from pydantic import BaseModel

from api.schemas.common import Edge, Node
from api.schemas.entities import EntityStatus
from api.schemas.sources import SourceMeta


class Export(BaseModel):
    generated_at: str
    root: str | None = None
    depth: int | None = None
    nodes: list[Node]
    edges: list[Edge]
    sources: list[SourceMeta]
    statuses: list[EntityStatus] = []
