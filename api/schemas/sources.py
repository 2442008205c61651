"""Response models of /sources: the sources, and what each one states."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.common import ATTRIBUTED, NodeRef, Party, Props


class SourceMeta(BaseModel):
    id: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    evidence: str | None = Field(None, description="quote: text held verbatim; note: paraphrase.")
    language: str | None = None
    remarks: str | None = None
    file: str | None = None
    entities: int = Field(0, description="How many entities cite it.")
    relations: int = Field(0, description="How many relations cite it.")


class SourceList(BaseModel):
    total: int
    items: list[SourceMeta]


class Mention(BaseModel):
    entity: NodeRef
    evidence_kind: Literal["quote", "note"] | None = None
    quote: str | None = None
    note: str | None = None


class SourcedFact(BaseModel):
    id: str
    type: str
    source: NodeRef
    target: NodeRef
    attributed_to: Party | None = Field(None, description=ATTRIBUTED)
    properties: Props
    evidence_kind: Literal["quote", "note"] | None = None
    quote: str | None = None
    note: str | None = None


class SourceDetail(BaseModel):
    source: SourceMeta
    mentions: list[Mention]
    facts: list[SourcedFact]
