"""Models every resource shares: a node, an edge, a citation, the party a claim is attributed to."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Scalar = str | int | float | bool | None
Props = dict[str, Scalar | list[Scalar]]


class NodeRef(BaseModel):
    id: str
    name: str
    type: str


class Citation(BaseModel):
    """A source that states a fact, with the verbatim quote or the marked paraphrase."""

    id: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    evidence_kind: Literal["quote", "note"] | None = None
    quote: str | None = None
    note: str | None = None


class Party(BaseModel):
    """Whose claim a statement is: the source reports it as this party's, not as fact."""

    id: str
    name: str


ATTRIBUTED = (
    "The party whose claim the source reports (null: the source states it as "
    "fact). Stored in the graph as CLAIMED_<type>."
)


class Node(NodeRef):
    """A node in a subgraph or a path; the type-specific fields come along as extras."""

    model_config = ConfigDict(extra="allow")
    aliases: list[str] = []
    description: str | None = None
    figures: dict[str, float | int] = {}
    attributed_to: Party | None = Field(None, description=ATTRIBUTED)


class Edge(BaseModel):
    id: str
    type: str = Field(description="The relationship's meaning (FOUNDED, HELPED_CREATE, …).")
    source: str
    target: str
    attributed_to: Party | None = Field(None, description=ATTRIBUTED)
    certain: bool | None = Field(
        None,
        description="With `as_of`: false when that day falls inside the month or year the "
        "relationship's start or end is given as (`uncertain_period`).",
    )
    uncertain_period: str | None = None
    properties: Props
    sources: list[Citation]
