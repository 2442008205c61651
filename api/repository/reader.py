"""The one place the API opens Neo4j sessions: READ access, a timeout on every transaction,
and Neo4j's errors mapped onto the problems of api/errors.py.

Every read runs through `execute_read` with `unit_of_work(timeout=…)`: Neo4j itself stops
a runaway traversal, and the caller gets a 504 problem instead of a stuck worker. Lost
connections (ServiceUnavailable, SessionExpired) reach the error table as 503s.
"""

from __future__ import annotations

import asyncio
from typing import Any

import neo4j
from neo4j import AsyncDriver, AsyncManagedTransaction, AsyncSession
from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable, SessionExpired

from api import cypher_guard, schemas
from api.errors import BadQuery, QueryTimeout, Unavailable
from api.repository.rows import Row, plain
from cypher import load
from graph.settings import Neo4jSettings

TIMEOUT_CODES = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
)


def is_timeout(error: ClientError) -> bool:
    return (error.code or "").startswith(TIMEOUT_CODES)


class Reader:
    """Runs named queries (and analysts' Cypher) in READ transactions of one database."""

    def __init__(self, driver: AsyncDriver, settings: Neo4jSettings) -> None:
        self.driver = driver
        self.settings = settings

    def _session(self) -> AsyncSession:
        return self.driver.session(
            database=self.settings.database, default_access_mode=neo4j.READ_ACCESS
        )

    async def rows(self, name: str, timeout: float, **params: Any) -> list[Row]:
        """The named query's rows as plain dicts; Neo4j ends it after `timeout` seconds."""
        [found] = await self.batch([(name, params)], timeout)
        return found

    async def batch(
        self, queries: list[tuple[str, dict[str, Any]]], timeout: float
    ) -> list[list[Row]]:
        """Several named queries in one READ transaction (one consistent view), each one's
        rows in order; Neo4j ends the transaction after `timeout` seconds."""

        @neo4j.unit_of_work(timeout=timeout)
        async def work(tx: AsyncManagedTransaction) -> list[list[Row]]:
            out = []
            for name, params in queries:
                result = await tx.run(load(name), params)
                out.append([record.data() async for record in result])
            return out

        try:
            async with self._session() as session:
                return await session.execute_read(work)
        except ClientError as error:
            if is_timeout(error):
                names = ", ".join(repr(name) for name, _ in queries)
                raise QueryTimeout(
                    f"the query {names} did not finish within {timeout:g}s; narrow it "
                    "(fewer hops, a relationship type filter, a smaller depth)"
                ) from error
            raise

    async def ping(self, timeout: float) -> None:
        """Raise Unavailable unless Neo4j answers a trivial query within `timeout` seconds."""
        try:
            async with asyncio.timeout(timeout):
                # A plain session run, not a managed transaction: readiness must not retry.
                async with self._session() as session:
                    result = await session.run(load("health/ping"))
                    await result.consume()
        except (TimeoutError, ServiceUnavailable, SessionExpired, Neo4jError, OSError) as error:
            raise Unavailable(f"Neo4j at {self.settings.uri} did not answer: {error}") from error

    async def analyst(
        self, query: str, params: dict[str, Any], timeout: float, cap: int
    ) -> schemas.CypherResult:
        """An analyst's Cypher: checked read-only by its plan, then run with a timeout and
        at most `cap` rows."""

        @neo4j.unit_of_work(timeout=timeout)
        async def work(tx: AsyncManagedTransaction) -> tuple[list[str], list[list[Any]], bool]:
            result = await tx.run(query, params)
            records = await result.fetch(cap + 1)  # one more tells us the cap cut it
            keys = list(result.keys())
            return keys, [plain(list(r.values())) for r in records[:cap]], len(records) > cap

        async with self._session() as session:
            try:  # first EXPLAIN it (nothing runs) and check what Neo4j says it would do
                explained = await session.run(cypher_guard.explain(query), params)
                summary = await explained.consume()
            except ClientError as error:
                raise cypher_guard.refusal(error) from error
            cypher_guard.check_summary(summary, self.settings.database)
            try:
                columns, rows, truncated = await session.execute_read(work)
            except ClientError as error:
                if is_timeout(error):
                    raise QueryTimeout(
                        f"the query ran past its {timeout:g}s timeout and was "
                        "stopped; narrow it or add a LIMIT"
                    ) from error
                raise BadQuery(
                    f"Neo4j refused the query: {error.message}", code=error.code or ""
                ) from error
        return schemas.CypherResult(columns=columns, rows=rows, truncated=truncated, row_cap=cap)
