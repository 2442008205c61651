"""The one place the API opens Neo4j sessions: READ access, a timeout on every transaction,
and Neo4j's errors mapped onto the problems of api/errors.py.

Every named read runs through `execute_read` with `unit_of_work(timeout=…)`: Neo4j itself
stops a runaway traversal, and the caller gets a 504 problem instead of a stuck worker. Lost
connections and Neo4j's other errors reach the error table (api/errors.py) as 503s.
Analysts' Cypher runs apart, never retried, in api/repository/analyst.py.
"""

from __future__ import annotations

import asyncio
from typing import Any

import neo4j
from neo4j import AsyncDriver, AsyncManagedTransaction, AsyncSession
from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable, SessionExpired

from api.errors import QueryTimeout, Unavailable, is_timeout, log
from api.repository.analyst import Analyst, Limits
from api.repository.rows import Row
from cypher import load
from graph.settings import Neo4jSettings


class Reader:
    """Runs named queries (and analysts' Cypher) in READ transactions of one database."""

    def __init__(
        self, driver: AsyncDriver, settings: Neo4jSettings, cypher_concurrency: int = 2
    ) -> None:
        self.driver = driver
        self.settings = settings
        self._analyst = Analyst(driver, settings.database, cypher_concurrency)

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
            # The driver's message names the server's address: logged here, not sent.
            log.warning("Neo4j did not answer the readiness ping: %r", error)
            raise Unavailable("Neo4j did not answer the readiness check.") from error

    async def analyst(self, query: str, params: dict[str, Any], limits: Limits) -> bytes:
        """An analyst's Cypher, checked read-only and capped: the CypherResult JSON."""
        return await self._analyst.run(query, params, limits)
