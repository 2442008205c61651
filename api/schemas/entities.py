"""Response models of /entities: an entity with its statuses and relations, its
neighbourhood, its timeline."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.common import ATTRIBUTED, Citation, Edge, Node, NodeRef, Party, Props


class Entity(Node):
    browser_url: str = Field(description="Neo4j Browser with this entity's neighbourhood.")
    sources: list[Citation] = Field([])  # a call: ruff cannot see Node is a pydantic model


class Relation(BaseModel):
    id: str
    type: str = Field(description="The relationship's meaning (FOUNDED, HELPED_CREATE, …).")
    direction: Literal["out", "in"]
    other: NodeRef
    attributed_to: Party | None = Field(None, description=ATTRIBUTED)
    properties: Props
    sources: list[Citation]


class StatusStatement(BaseModel):
    """One dated, sourced status statement (in_exile, imprisoned, foreign_agent, …)."""

    id: str
    status: str
    facet: Literal["condition", "office", "designation"]
    holds: bool = Field(description="Whether it holds on the entity's `status_as_of` day.")
    certain: bool | None = Field(
        None,
        description="Where it holds: false when `status_as_of` falls inside the month or "
        "year its start or end is given as (`uncertain_period`), so the sources cannot say "
        "whether it held yet, or still did, that day.",
    )
    uncertain_period: str | None = Field(
        None, description="The start or end (a month or a year) that makes it uncertain."
    )
    valid_from: str | None = None
    valid_from_precision: str | None = None
    valid_to: str | None = None
    valid_to_precision: str | None = None
    starts: date | None = Field(
        None,
        description="The day it holds from, for as-of: the "
        "first day of valid_from, else the source's publication day.",
    )
    ends: date | None = Field(
        None,
        description="The last day it can hold (valid_to, or the "
        "bound when the source says it ended without a date).",
    )
    valid_to_bound: str | None = None
    ended: bool | None = None
    observed: date | None = Field(None, description="The citing source's publication day.")
    key: str | None = None
    attributed_to: Party | None = Field(None, description=ATTRIBUTED)
    sources: list[Citation]


class EntityStatus(StatusStatement):
    entity: str
    holds: bool = Field(False, description="Not computed in an export (no as-of day).")


class EntityDetail(Entity):
    status: str | None = Field(
        description="The condition (in_exile, imprisoned, dead, …) "
        "holding on `status_as_of`; null when none is known."
    )
    status_as_of: date
    status_certain: bool | None = Field(
        None, description="False when the condition shown holds only uncertainly that day."
    )
    statuses: list[StatusStatement] = Field(
        description="Every statement holding on `status_as_of`, per facet, designations included."
    )
    status_history: list[StatusStatement] = Field(description="Every statement, oldest first.")
    relations: list[Relation]
    relations_total: int


class Subgraph(BaseModel):
    root: str | None = None
    depth: int | None = None
    as_of: date | None = None
    nodes: list[Node]
    edges: list[Edge]
    truncated: bool = False


class TimelineItem(BaseModel):
    event: Node
    relation: str
    direction: Literal["out", "in"]
    role: str | None = None
    attributed_to: Party | None = Field(None, description=ATTRIBUTED)
    date: str | None = None
    date_precision: str | None = None
    sources: list[Citation]


class Timeline(BaseModel):
    entity: NodeRef
    total: int
    items: list[TimelineItem]
