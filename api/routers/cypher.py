"""Analysts' own read-only Cypher, with parameters, a timeout and a row cap."""

from __future__ import annotations

from typing import Any

import neo4j
from fastapi import APIRouter
from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ClientError

from api import convert, schemas
from api.cypher_guard import ensure_read_only
from api.deps import DriverDep, SettingsDep
from api.errors import BadQuery, QueryTimeout
from api.reads import is_timeout
from api.settings import ApiSettingsDep

router = APIRouter(tags=["cypher"])


@router.post(
    "/cypher",
    response_model=schemas.CypherResult,
    summary="Run a read-only Cypher query",
    responses={400: {"description": "Neo4j rejected the query (problem+json)"},
               403: {"description": "Not read-only, or a disallowed procedure (problem+json)"},
               504: {"description": "Ran past its timeout (problem+json)"}},
)
async def run_cypher(
    body: schemas.CypherRequest, driver: DriverDep, settings: SettingsDep, api: ApiSettingsDep
) -> schemas.CypherResult:
    """Runs in a READ transaction with a timeout (`timeout`, at most KG_CYPHER_TIMEOUT) and
    returns at most KG_CYPHER_MAX_ROWS rows. Writes, schema changes, LOAD CSV,
    administration and procedures outside a small allowlist (db.labels,
    db.relationshipTypes, db.propertyKeys, db.schema.*, the full-text query procedures)
    get a 403. Pass values in `params`, never pasted into the text.

    Example: `{"query": "MATCH (p:Person {id: $id})-[r:FOUNDED]->(o) RETURN o.name AS org",
    "params": {"id": "person:ilya-ponomarev"}}` returns "Freedom of Russia Legion" and
    "Congress of People's Deputies".
    """
    await ensure_read_only(driver, settings, body.query, body.params)
    timeout = min(body.timeout or api.cypher_timeout, api.cypher_timeout)
    cap = api.cypher_max_rows

    @neo4j.unit_of_work(timeout=timeout)
    async def work(tx: AsyncManagedTransaction) -> tuple[list[str], list[list[Any]], bool]:
        result = await tx.run(body.query, body.params)  # type: ignore[arg-type]
        records = await result.fetch(cap + 1)  # one more tells us the cap cut it
        keys = list(result.keys())
        return keys, [convert.plain(list(r.values())) for r in records[:cap]], len(records) > cap

    try:
        async with driver.session(
            database=settings.database, default_access_mode=neo4j.READ_ACCESS
        ) as session:
            columns, rows, truncated = await session.execute_read(work)
    except ClientError as error:
        if is_timeout(error):
            raise QueryTimeout(f"the query ran past its {timeout:g}s timeout and was "
                               "stopped; narrow it or add a LIMIT") from error
        raise BadQuery(f"Neo4j refused the query: {error.message}",
                       code=error.code or "") from error
    return schemas.CypherResult(columns=columns, rows=rows, truncated=truncated, row_cap=cap)
