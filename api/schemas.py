"""Response and request models: the public side, kept apart from the ingest's models."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api import cypher_guard
from graph import query_bounds

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


class Entity(Node):
    browser_url: str = Field(description="Neo4j Browser with this entity's neighbourhood.")
    sources: list[Citation] = []


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


class SearchHit(BaseModel):
    id: str
    name: str
    type: str
    score: float = Field(description="Rank score: 3+ exact, 2+ prefix, 1+ fuzzy match.")
    match: Literal["exact", "prefix", "fuzzy"]
    aliases: list[str]


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


class Subgraph(BaseModel):
    root: str | None = None
    depth: int | None = None
    as_of: date | None = None
    nodes: list[Node]
    edges: list[Edge]
    truncated: bool = False


class PathEvidence(BaseModel):
    """How well a path is sourced; equally short paths are listed best first by
    (quoted_hops, publishers, quotes, sources), each higher first."""

    quoted_hops: int = Field(description="Hops backed by at least one verbatim quote.")
    quotes: int = Field(description="Citations with a verbatim quote, over every hop.")
    notes: int = Field(description="Citations with only a paraphrasing note, over every hop.")
    sources: int = Field(description="Distinct sources cited along the path.")
    publishers: int = Field(
        description="Distinct publishers of those sources (independent sources); a source "
        "without a publisher counts as its own."
    )


class Path(BaseModel):
    length: int
    evidence: PathEvidence
    variants: int = Field(
        1,
        description="Shortest paths along this same route (combinations of parallel "
        "statements between its entities); the best-sourced one is in `edges`.",
    )
    other_edges: list[Edge] = Field(
        [], description="The route's other parallel statements, not in `edges`."
    )
    nodes: list[Node]
    edges: list[Edge]


class Paths(BaseModel):
    from_: str = Field(alias="from")
    to: str
    max_hops: int
    as_of: date | None = None
    exclude: list[str] = Field([], description="Entities no path runs through.")
    exclude_types: list[str] = Field([], description="Relationship types no path follows.")
    max_degree: int | None = Field(
        None, description="Intermediate entities with more fact relations were skipped."
    )
    considered: int = Field(
        0, description="Shortest paths read and ranked before the list was cut to `limit`."
    )
    complete: bool = Field(
        True,
        description="False when more shortest paths exist than were read for ranking "
        "(the ranking is then over the first ones found).",
    )
    paths: list[Path]

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


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


class Export(BaseModel):
    generated_at: str
    root: str | None = None
    depth: int | None = None
    nodes: list[Node]
    edges: list[Edge]
    sources: list[SourceMeta]
    statuses: list[EntityStatus] = []
