"""Response model of GET /stats."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Stats(BaseModel):
    nodes: dict[str, int] = Field(description="Entities by type (Status nodes not included).")
    relationships: dict[str, int] = Field(
        description="Relationships between entities and "
        "MENTIONED_IN, by meaning (CLAIMED_ ones included)."
    )
    attributed: dict[str, int] = Field(
        default_factory=dict, description="Of those, the attributed ones (CLAIMED_<type>)."
    )
    sources: int
    statuses: dict[str, int] = Field(
        default_factory=dict,
        description="Status statements by status (HAS_STATUS links "
        "each to its entity; not counted above).",
    )
    sourcing: dict[str, Any] = Field(
        default_factory=dict,
        description="The sourcing report of `kg report`: single-source, "
        "quoted and noted-only relationships, attributed statements, kept disagreements, "
        "undated statuses, and `rule_breaking` with the breaches.",
    )
