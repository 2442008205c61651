"""A reconciliation query batch, answered by the matcher POST /match uses.

Each query becomes a yente-style example (`{schema, properties}`, api/matching/examples.py):
its `type` picks the schema (Person, Organization, else LegalEntity: both), `query` and the
`alias` values are the names, and the other property values go along as the FtM properties
of the same names. The batch then runs through the same slots and deadline as /match
(api/matching/service.py), so both are refused alike (422, 429, 504). Each result keeps
the graph's ids (`person:ilya-ponomarev`), scores 0–100, and is a `match` only when it is a
full name no other entity matches as well: OpenRefine takes a first candidate marked
`match` without asking.
"""

from __future__ import annotations

from typing import Any

from api.errors import Invalid
from api.matching.examples import MAX_VALUES, SCHEMA_PROPS
from api.matching.service import Batches, read_batch
from api.reconcile.requests import QueryBatch, ReconQuery
from api.reconcile.vocabulary import COMPARED, TYPES
from api.repository import Repository
from api.schemas import match as m
from api.schemas import reconcile as r

MAX_LIMIT = 50  # candidates one query may return, as POST /match
THRESHOLD = 0.7  # a score at least this good is a match (as POST /match)
CUTOFF = 0.5  # below this a candidate is left out; a bare surname (0.5) is listed


def schema_of(types: list[str]) -> str:
    """The example schema for a query's types: one type is itself, none or both are
    LegalEntity (people and organisations)."""
    distinct = set(types)
    return distinct.pop() if len(distinct) == 1 else "LegalEntity"


def example(query: ReconQuery) -> tuple[dict[str, Any] | None, list[str]]:
    """The query as a raw example for `read_batch`, and the property ids given that the
    score cannot use; no example when the query has no name at all (it matches nothing)."""
    schema = schema_of(list(query.type))
    props: dict[str, list[str]] = {"name": [query.query]}
    unused: set[str] = set()
    for constraint in query.properties:
        if constraint.pid not in COMPARED:
            unused.add(constraint.pid)
        if constraint.pid in SCHEMA_PROPS[schema]:  # a birth date: no organisation has one
            props.setdefault(constraint.pid, []).extend(constraint.v)
    # The same property given twice adds up; past MAX_VALUES nothing more could count (only
    # the first five names are searched for), so the rest are dropped, not refused.
    cleaned = {
        prop: list(dict.fromkeys(v for v in values if v.strip()))[:MAX_VALUES]
        for prop, values in props.items()
    }
    if not cleaned["name"] and not cleaned.get("alias"):
        return None, sorted(unused)
    properties = {prop: values for prop, values in cleaned.items() if values}
    return {"schema": schema, "properties": properties}, sorted(unused)


async def reconcile(
    repo: Repository, batches: Batches, batch: QueryBatch, most: int, base_url: str
) -> r.ReconResults:
    queries = batch.root
    if len(queries) > most:
        raise Invalid(
            f"queries: {len(queries)} queries; at most {most} in one batch "
            "(KG_MATCH_MAX_QUERIES, the manifest's batchSize): send the rest in another"
        )
    raw: dict[str, dict[str, Any]] = {}
    unused: dict[str, list[str]] = {}
    for key, query in queries.items():
        found, unused[key] = example(query)
        if found is not None:
            raw[key] = found
    limits = {key: min(query.limit, MAX_LIMIT) for key, query in queries.items()}
    answers: dict[str, m.QueryMatches] = {}
    if raw:
        answers = await batches.run(
            repo,
            read_batch(raw, most),
            limit=max(limits[key] for key in raw),
            threshold=THRESHOLD,
            cutoff=CUTOFF,
            as_of=None,
            base_url=base_url,
        )
    return r.ReconResults(
        {
            key: r.ReconResult(
                result=[
                    candidate(found, unused[key])
                    for found in (answers[key].results if key in answers else [])[: limits[key]]
                ]
            )
            for key in queries
        }
    )


def candidate(found: m.MatchResult, unused: list[str]) -> r.ReconCandidate:
    features = [r.ReconFeature(id=name, value=value) for name, value in found.features.items()]
    features += [
        r.ReconFeature(id="ambiguous", value=found.ambiguous),
        r.ReconFeature(id="sources", value=found.sources),
        *(r.ReconFeature(id=f"{pid}_compared", value=False) for pid in unused),
    ]
    term = TYPES[found.schema_]  # candidates are only ever people or organisations
    notes = found.properties.get("notes")
    return r.ReconCandidate(
        id=found.entity_id,
        name=found.caption,
        type=[r.ReconType(id=term.id, name=term.name)],
        score=round(found.score * 100, 2),
        # A first candidate marked `match` is taken by OpenRefine without a look: never one
        # of several entities the name fits equally (namesakes), nor a bare surname.
        match=found.match and not found.ambiguous,
        description=notes[0] if notes else None,
        features=features,
    )
