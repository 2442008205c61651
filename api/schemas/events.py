"""Response models of GET /events."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.common import ATTRIBUTED, Citation, Node, NodeRef, Party


class Participant(NodeRef):
    relation: str
    direction: Literal["out", "in"] = Field(description="out: the participant → the event.")
    role: str | None = None
    attributed_to: Party | None = Field(None, description=ATTRIBUTED)


class Event(Node):
    kind: str | None = None
    date: str | None = None
    end_date: str | None = None
    date_precision: str | None = None
    participants: list[Participant]
    sources: list[Citation]


class Events(BaseModel):
    total: int
    items: list[Event]
