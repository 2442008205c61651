"""Response models of /analysis/*: what was analysed, the scores, and the evidence behind
them (an `href` to each entity, the relationships in full with their sources)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.common import Edge


class Member(BaseModel):
    id: str
    name: str
    type: str
    href: str = Field(description="The entity's page: `/entities/{id}` (with `as_of` if given).")


class Projected(BaseModel):
    """The graph the scores were computed on."""

    types: list[str] | None = Field(description="The relationship types followed; null: all.")
    as_of: date | None = Field(description="Only relationships that held on this day.")
    include_attributed: bool = Field(description="Whether parties' claims were followed.")
    nodes: int = Field(description="Entities with at least one relationship followed.")
    ties: int = Field(description="Linked pairs of entities (several relationships: one tie).")
    relationships: int


class Bridge(BaseModel):
    """One community the broker reaches outside its own, through one neighbour."""

    community: int = Field(description="Its id in /analysis/communities (leiden, resolution 1).")
    community_size: int
    neighbour: Member
    relations: list[Edge] = Field(description="The relationships to that neighbour.")


class Broker(Member):
    score: float = Field(
        description="Normalised betweenness: the share of shortest paths between other pairs "
        "of entities that run through this one (0–1)."
    )
    degree: int = Field(description="Distinct neighbours in the projection.")
    community: int = Field(description="Its own community (leiden, resolution 1).")
    communities_reached: int = Field(description="Other communities among its neighbours.")
    bridges: list[Bridge] = Field(description="Up to 5 of them, the most linked first.")


class Brokers(BaseModel):
    projection: Projected
    measure: Literal["betweenness"] = "betweenness"
    exact: bool = Field(description="False: estimated from `sample_size` seeded pivots.")
    sample_size: int | None = None
    brokers: list[Broker]


class CommunityMember(Member):
    degree: int = Field(description="Neighbours inside the community.")


class Community(BaseModel):
    id: int = Field(description="Communities are numbered by size, the largest is 0.")
    size: int
    members: list[CommunityMember] = Field(
        description="The best-connected first (neighbours inside the community), at most "
        "`members` of them."
    )
    edges: list[Edge] = Field(description="A few relationships between its core members.")


class Communities(BaseModel):
    projection: Projected
    algorithm: Literal["leiden", "louvain"]
    resolution: float
    modularity: float = Field(
        description="Modularity of the whole partition (weighted, resolution 1): above about "
        "0.3, the communities are clearly denser inside than between them."
    )
    count: int = Field(description="Communities found, every size.")
    total: int = Field(description="Communities of at least `min_size` members.")
    communities: list[Community]


class Link(BaseModel):
    entity: str = Field(description="One of the given ids.")
    relations: list[Edge]


class Shared(BaseModel):
    neighbour: Member
    links: list[Link] = Field(description="The relationships from each given entity to it.")


class Common(BaseModel):
    ids: list[str]
    types: list[str] | None
    as_of: date | None
    include_attributed: bool
    total: int = Field(description="Shared neighbours, before `limit`.")
    neighbours: list[Shared] = Field(description="The most linked first.")
