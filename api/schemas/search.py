"""Response models of GET /search."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class SearchHit(BaseModel):
    id: str
    name: str
    type: str
    score: float = Field(description="Rank score: 3+ exact, 2+ prefix, 1+ fuzzy match.")
    match: Literal["exact", "prefix", "fuzzy"]
    aliases: list[str]
    sources: int = Field(0, description="Sources that name it (its MENTIONED_IN edges).")
    connections: int = Field(
        0, description="Its relationships of every kind; with `sources`, orders namesakes."
    )


class SearchResults(BaseModel):
    query: str
    folded: str = Field(description="The query as compared: case, accents and script folded.")
    ambiguous: bool = Field(
        False,
        description="The query names several entities equally "
        '("Gudkov": Dmitry and Gennady); see `candidates`.',
    )
    candidates: list[str] = Field(
        default_factory=list,
        description="Ids of the entities the query names in full (name, alias or surname).",
    )
    results: list[SearchHit]
