"""Analysts' own read-only Cypher, with parameters, a timeout and a row cap."""

from __future__ import annotations

from fastapi import APIRouter

from api import schemas
from api.deps import RepoDep

router = APIRouter(tags=["cypher"])


@router.post(
    "/cypher",
    response_model=schemas.CypherResult,
    summary="Run a read-only Cypher query",
    responses={
        400: {"description": "Neo4j rejected the query (problem+json)"},
        403: {"description": "Not read-only, or a disallowed procedure (problem+json)"},
        504: {"description": "Ran past its timeout (problem+json)"},
    },
)
async def run_cypher(body: schemas.CypherRequest, repo: RepoDep) -> schemas.CypherResult:
    """Runs in a READ transaction with a timeout (`timeout`, at most KG_CYPHER_TIMEOUT) and
    returns at most KG_CYPHER_MAX_ROWS rows. Writes, schema changes, LOAD CSV,
    administration and procedures outside a small allowlist (db.labels,
    db.relationshipTypes, db.propertyKeys, db.schema.*, the full-text query procedures)
    get a 403. Pass values in `params`, never pasted into the text.

    Example: `{"query": "MATCH (p:Person {id: $id})-[r:FOUNDED]->(o) RETURN o.name AS org",
    "params": {"id": "person:ilya-ponomarev"}}` returns "Freedom of Russia Legion" and
    "Congress of People's Deputies".
    """
    return await repo.cypher(body)
