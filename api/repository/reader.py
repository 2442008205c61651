"""The one place the API opens Neo4j sessions: READ access, a timeout on every transaction,
and Neo4j's errors mapped onto the problems of api/errors.py.

Every named read has a transaction timeout: Neo4j itself stops a runaway traversal, and the
caller gets a 504 problem instead of a stuck worker. The same timeout is a deadline on the
client's side too (`_deadline`): a Neo4j that stops answering altogether (paused, swapping,
its stack overflowed) cannot honour its own timeout, and the caller still gets its 504 by
then, whichever step was waiting (connecting, the retry, the records). Lost connections
and Neo4j's other errors reach the error table (api/errors.py) as 503s. Analysts' Cypher
runs apart, never retried, in api/repository/analyst.py.

One query is one auto-commit transaction: its RUN and PULL go out in one write and come back
in one answer, where a managed transaction takes three round trips (BEGIN, RUN and PULL,
COMMIT) — most of the API's cost over Neo4j's own for a small read. A read needs no commit.
The managed transaction's one quick retry (a pooled connection that died with a restarted
server; a transient error) is kept, done here. Several queries that must see one state of
the graph still share one managed transaction (`batch`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import neo4j
from neo4j import AsyncDriver, AsyncManagedTransaction, AsyncResult, AsyncSession
from neo4j.exceptions import (
    ClientError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from api.errors import QueryTimeout, Unavailable, is_timeout, log
from api.repository.analyst import Analyst, Limits
from api.repository.rows import Row
from cypher import load
from graph.driver import API_RETRY_DELAY
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
        async with _deadline([name], timeout):
            return await self._rows(name, timeout, params)

    async def _rows(self, name: str, timeout: float, params: dict[str, Any]) -> list[Row]:
        query = neo4j.Query(load(name), timeout=timeout)
        for attempt in (1, 2):
            try:
                async with self._session() as session:
                    return await _plain_rows(await session.run(query, params))
            except ClientError as error:
                if is_timeout(error):
                    raise _timeout([name], timeout) from error
                raise
            except (Neo4jError, DriverError) as error:
                if attempt == 2 or not error.is_retryable():
                    raise
                # A dead pooled connection is dropped with the pool's others: retry at once.
                if not isinstance(error, ServiceUnavailable | SessionExpired):
                    await asyncio.sleep(API_RETRY_DELAY)
        raise AssertionError("unreachable")

    async def batch(
        self, queries: list[tuple[str, dict[str, Any]]], timeout: float
    ) -> list[list[Row]]:
        """Several named queries in one READ transaction (one consistent view), each one's
        rows in order; Neo4j ends the transaction after `timeout` seconds."""

        @neo4j.unit_of_work(timeout=timeout)
        async def work(tx: AsyncManagedTransaction) -> list[list[Row]]:
            out = []
            for name, params in queries:
                out.append(await _plain_rows(await tx.run(load(name), params)))
            return out

        names = [name for name, _ in queries]
        try:
            async with _deadline(names, timeout), self._session() as session:
                return await session.execute_read(work)
        except ClientError as error:
            if is_timeout(error):
                raise _timeout(names, timeout) from error
            raise

    async def row_with_bookmarks(
        self, name: str, timeout: float, **params: Any
    ) -> tuple[Row, tuple[str, ...]]:
        """The single row of a read and the bookmarks its session ends with."""
        query = neo4j.Query(load(name), timeout=timeout)
        async with _deadline([name], timeout), self._session() as session:
            result = await session.run(query, params)
            record = await result.single(strict=True)
            await result.consume()
            bookmarks = await session.last_bookmarks()
        return dict(record), tuple(sorted(bookmarks.raw_values))

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


async def _plain_rows(result: AsyncResult) -> list[Row]:
    """The records as dicts of the values as decoded. Not `record.data()`: that copies every
    nested list and map in Python (for Node and Relationship values, which the API's queries
    never return), a quarter of the CPU a large read costs."""
    keys = result.keys()
    return [dict(zip(keys, record, strict=True)) async for record in result]


@contextlib.asynccontextmanager
async def _deadline(names: list[str], timeout: float) -> AsyncIterator[None]:
    """Raise QueryTimeout once `timeout` seconds have passed, whatever Neo4j does."""
    try:
        async with asyncio.timeout(timeout):
            yield
    except TimeoutError as error:
        log.warning("no answer from Neo4j to %s within %gs", ", ".join(names), timeout)
        raise QueryTimeout(
            f"Neo4j did not answer within the {timeout:g}s timeout (KG_QUERY_TIMEOUT); "
            "try again shortly, or narrow the request"
        ) from error


def _timeout(names: list[str], timeout: float) -> QueryTimeout:
    return QueryTimeout(
        f"the query {', '.join(repr(name) for name in names)} did not finish within "
        f"{timeout:g}s; narrow it (fewer hops, a relationship type filter, a smaller depth)"
    )
