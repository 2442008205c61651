"""Response models of GET /claims: claims, who made them and the verdicts on them."""

from __future__ import annotations

from pydantic import BaseModel

from api.schemas.common import Citation, NodeRef


class Verdict(BaseModel):
    verdict: str | None
    issuer: NodeRef
    date: str | None = None
    sources: list[Citation]


class Claim(BaseModel):
    id: str
    name: str
    text: str | None = None
    date: str | None = None
    claimant: NodeRef | None = None
    about: list[NodeRef]
    verdicts: list[Verdict]
    sources: list[Citation]


class Claims(BaseModel):
    total: int
    items: list[Claim]
