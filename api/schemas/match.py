"""POST /match/{dataset}: yente's request and response shapes, with what the graph adds.

The request, each query's `total`, and a result's `id`, `caption`, `schema`, `properties`,
`datasets`, `score`, `match` and `explanations` are as yente sends them (a client such as
nomenklatura's YenteEnricher reads them unchanged); `features`, `ambiguous`, `statuses`,
`designations`, `sources`, `publishers` and `links` are this graph's additions.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import Party

_EXAMPLE: dict[str, Any] = {
    "queries": {
        "q1": {
            "schema": "Person",
            "properties": {"name": ["Пономарёва Ильи"], "nationality": ["ru"]},
        },
        "q2": {"schema": "Person", "properties": {"name": ["Dmitri Goudkov"]}},
        "q3": {"schema": "Person", "properties": {"name": ["Gudkov"]}},
    }
}


class MatchRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    queries: dict[str, Any] = Field(
        description="Query examples keyed by the caller's own ids: each `{schema, "
        "properties}`, e.g. `Person` with `name`, `alias`, `firstName`/`lastName`, "
        "`birthDate`, `nationality`. At most KG_MATCH_MAX_QUERIES (default 100)."
    )
    weights: dict[str, float] = Field(
        default_factory=dict, description="Accepted for yente's clients; not used."
    )
    config: dict[str, Any] = Field(
        default_factory=dict, description="Accepted for yente's clients; not used."
    )


class Explanation(BaseModel):
    score: float
    detail: str


class HeldStatus(BaseModel):
    """A status statement holding on `status_as_of`, with whose claim it is and its sources."""

    status: str
    facet: str
    since: date | None = Field(description="The day it holds from (its start, else its source's).")
    until: date | None = Field(description="The last day it holds, when it has ended.")
    certain: bool | None = Field(
        description="False when the day falls in the month or year its start or end is given as."
    )
    attributed_to: Party | None = Field(
        description="Whose claim it is, when the source only reports it."
    )
    sources: list[str] = Field(description="The ids of the sources that state it.")


class MatchLinks(BaseModel):
    entity: str = Field(description="The entity's page in this API.")
    browser: str = Field(description="Its neighbourhood in Neo4j Browser.")


class FtmEntity(BaseModel):
    """An entity as yente sends one: FtM's id, caption, schema and properties."""

    model_config = ConfigDict(populate_by_name=True)

    id: str = Field(description="The FtM id (`eg-person-…`); `entity_id` is the graph's.")
    caption: str
    schema_: str = Field(alias="schema")
    properties: dict[str, list[str]]
    datasets: list[str]
    referents: list[str] = Field(default_factory=list)
    target: bool = False


class MatchResult(FtmEntity):
    score: float = Field(description="0–1: the best name pair's score (see `features`).")
    match: bool = Field(
        description="The score reaches `threshold`, is the query's best, and the name is "
        "not a bare surname or shared initials."
    )
    features: dict[str, float] = Field(description="The feature that gave the score, by name.")
    explanations: dict[str, Explanation]
    ambiguous: bool = Field(
        description="Only a shared surname (or given name) matched, or several entities "
        "match the query equally: which one is meant needs more than the name."
    )
    entity_id: str
    status_as_of: date
    statuses: list[HeldStatus] = Field(description="Conditions and offices holding that day.")
    designations: list[HeldStatus] = Field(description="Designations holding that day.")
    sources: int = Field(description="Sources that name the entity.")
    publishers: int = Field(description="Their distinct publishers.")
    links: MatchLinks


class Total(BaseModel):
    value: int
    relation: str = "eq"


class EchoedQuery(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str | None = None
    schema_: str = Field(alias="schema")
    properties: dict[str, list[str]]


class QueryMatches(BaseModel):
    status: int = 200
    results: list[MatchResult]
    total: Total = Field(description="Candidates scoring at least `cutoff`, before `limit`.")
    query: EchoedQuery
    ambiguous: bool = Field(description="More than one entity fits, or only by surname.")
    unused: list[str] = Field(
        description="Properties given that the score cannot use: the graph holds no "
        "birth dates or nationalities yet."
    )


class MatchResponse(BaseModel):
    responses: dict[str, QueryMatches]
    limit: int
    threshold: float
    algorithm: str = Field(
        description="The one scoring this service implements; every "
        "yente algorithm name is accepted and answered by it."
    )
    as_of: date
