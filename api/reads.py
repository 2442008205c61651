"""Reads with a transaction timeout, for queries whose cost depends on the graph's shape.

`api.db.read` (execute_query) cannot carry a timeout, so paths, neighbourhoods, exports and
analysts' Cypher run through `execute_read` with `unit_of_work(timeout=…)`: Neo4j itself
stops a runaway traversal, and the caller gets a 504 problem instead of a stuck worker.
"""

from __future__ import annotations

from typing import Any

import neo4j
from neo4j import AsyncDriver, AsyncManagedTransaction
from neo4j.exceptions import ClientError

from api.errors import QueryTimeout
from cypher import load
from graph.settings import Neo4jSettings

TIMEOUT_CODES = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
)


def is_timeout(error: ClientError) -> bool:
    return (error.code or "").startswith(TIMEOUT_CODES)


async def read_timed(
    driver: AsyncDriver, settings: Neo4jSettings, name: str, timeout: float, **params: Any
) -> list[dict[str, Any]]:
    """Run the named query in a READ transaction that Neo4j ends after `timeout` seconds."""

    @neo4j.unit_of_work(timeout=timeout)
    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        result = await tx.run(load(name), params)
        return [record.data() async for record in result]

    try:
        async with driver.session(
            database=settings.database, default_access_mode=neo4j.READ_ACCESS
        ) as session:
            return await session.execute_read(work)
    except ClientError as error:
        if is_timeout(error):
            raise QueryTimeout(
                f"the query {name!r} did not finish within {timeout:g}s; narrow it "
                "(fewer hops, a relationship type filter, a smaller depth)"
            ) from error
        raise
