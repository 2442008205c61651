"""Response models of GET /paths: the shortest paths between two entities, best sourced first."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import Edge, Node


class PathEvidence(BaseModel):
    """How well a path is sourced; equally short paths are listed best first by
    (quoted_hops, publishers, quotes, sources), each higher first."""

    quoted_hops: int = Field(description="Hops backed by at least one verbatim quote.")
    quotes: int = Field(description="Citations with a verbatim quote, over every hop.")
    notes: int = Field(description="Citations with only a paraphrasing note, over every hop.")
    sources: int = Field(description="Distinct sources cited along the path.")
    publishers: int = Field(
        description="Distinct publishers of those sources (independent sources); a source "
        "without a publisher counts as its own."
    )


class Path(BaseModel):
    length: int
    evidence: PathEvidence
    variants: int = Field(
        1,
        description="Shortest paths along this same route (combinations of parallel "
        "statements between its entities); the best-sourced one is in `edges`.",
    )
    other_edges: list[Edge] = Field(
        [], description="The route's other parallel statements, not in `edges`."
    )
    nodes: list[Node]
    edges: list[Edge]


class Paths(BaseModel):
    from_: str = Field(alias="from")
    to: str
    max_hops: int
    as_of: date | None = None
    exclude: list[str] = Field([], description="Entities no path runs through.")
    exclude_types: list[str] = Field([], description="Relationship types no path follows.")
    max_degree: int | None = Field(
        None, description="Intermediate entities with more fact relations were skipped."
    )
    considered: int = Field(
        0, description="Shortest paths read and ranked before the list was cut to `limit`."
    )
    complete: bool = Field(
        True,
        description="False when more shortest paths exist than were read for ranking "
        "(the ranking is then over the first ones found).",
    )
    paths: list[Path]

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)
