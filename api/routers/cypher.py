"""Analysts' own read-only Cypher, with parameters, a timeout, and row and byte caps."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from api import schemas
from api.deps import RepoDep

router = APIRouter(tags=["cypher"])

# Every status POST /cypher answers besides 200, each as problem+json (api/errors.py).
RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {
        "description": "Neo4j rejected the query (syntax, a missing parameter, a bad "
        "argument), or the body is not UTF-8"
    },
    403: {
        "description": "Not read-only, a procedure outside the allowlist, or a regular "
        "expression (`=~`: use full-text search or CONTAINS)"
    },
    413: {"description": "A single row is larger than KG_CYPHER_MAX_BYTES"},
    422: {
        "description": "Invalid body or parameters (`errors` names the field: a lone "
        "surrogate, an integer beyond 64 bits, nesting deeper than 32); a query with too many "
        "relationship patterns to plan, nested more than 100 deep or with more than 50 UNION "
        "parts or CASE branches; one that needs more memory than a query may use; or "
        "one that failed while running or returned a value JSON cannot carry"
    },
    429: {
        "description": "KG_CYPHER_CONCURRENCY queries are already running (or, with "
        "KG_CYPHER_RATE, this client is over its rate); see Retry-After"
    },
    503: {"description": "Neo4j did not answer, or is busy"},
    504: {"description": "Planning and running took longer than the timeout; Neo4j stopped it"},
}


@router.post(
    "/cypher",
    response_model=schemas.CypherResult,
    summary="Run a read-only Cypher query",
    responses=RESPONSES,
)
async def run_cypher(body: schemas.CypherRequest, repo: RepoDep) -> Response:
    """Runs in a READ transaction with a timeout (`timeout`, at most KG_CYPHER_TIMEOUT, for
    planning and running together), never retried, and returns at most KG_CYPHER_MAX_ROWS
    rows and KG_CYPHER_MAX_BYTES bytes of rows (`truncated_by` says which cap cut them).
    Writes, schema changes, LOAD CSV, administration and procedures outside a small
    allowlist (db.labels, db.relationshipTypes, db.propertyKeys, db.schema.*, the full-text
    query procedures) get a 403, and so does a regular expression (`=~`: use the full-text
    index or CONTAINS); more than 30 relationship patterns, nesting deeper than 100, or more
    than 50 UNION parts or CASE branches a 422 (graph/query_bounds.py). At most
    KG_CYPHER_CONCURRENCY queries run at once; another gets a 429. Pass values in
    `params`, never pasted into the text.

    Example: `{"query": "MATCH (p:Person {id: $id})-[r:FOUNDED]->(o) RETURN o.name AS org",
    "params": {"id": "person:ilya-ponomarev"}}` returns "Congress of People's Deputies".
    """
    # Rendered off the event loop by the repository; FastAPI only sends the bytes.
    return Response(await repo.cypher(body), media_type="application/json")
