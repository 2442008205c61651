"""Request and response of POST /cypher."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api import cypher_guard
from graph import query_bounds


class CypherRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: str = Field(min_length=1, max_length=query_bounds.MAX_CHARS)  # shared with the gateway
    params: dict[str, Any] = {}
    # Below half a second a query times out before Neo4j has planned it: no use to anyone.
    timeout: float | None = Field(
        None, ge=0.5, le=600, description="Seconds; capped by the server's KG_CYPHER_TIMEOUT."
    )

    @field_validator("params")
    @classmethod
    def _bolt_values(cls, params: dict[str, Any]) -> dict[str, Any]:
        # What the driver cannot send would fail deep inside it: refused here, by field
        # (64-bit integers, whole UTF-8 text, limited nesting and size).
        cypher_guard.check_params(params)
        return params


class CypherResult(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = Field(description="True when a cap cut the result: see truncated_by.")
    truncated_by: Literal["rows", "bytes"] | None = Field(
        None,
        description="Which cap cut the result: `rows` (row_cap rows) or `bytes` (the rows "
        "came to byte_cap bytes of JSON); null when nothing was cut.",
    )
    row_cap: int
    byte_cap: int = Field(description="The most bytes of JSON the rows may take.")
