"""Analysts' Cypher (POST /cypher): checked, bounded in time, size and number, never retried.

1. `cypher_guard.check_text` refuses a query with more relationship patterns than Neo4j can
   plan in a few seconds, before Neo4j sees it.
2. At most `concurrency` queries run at once; one more gets a 429 at once, not a queue.
3. EXPLAIN, and the plan must only read (cypher_guard). Then the query runs in one explicit
   transaction: a managed one would retry a query that failed for its own cost (a memory
   limit is a "transient" error), running it twice.
4. One deadline covers planning and running, as Neo4j's transaction timeout. Parts of
   planning do not heed it, so the client has its answer by the deadline plus ANSWER_GRACE
   whatever Neo4j does, while the slot stays taken until Neo4j is done (or HARD_GRACE).
5. Records come FETCH_SIZE at a time, none larger than the byte cap (bolt_cap), and become
   JSON in a worker thread; the rows stop at the row cap or the byte cap, which the answer
   says (`truncated_by`). A single row past the byte cap is a 413.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j import AsyncDriver, AsyncResult, AsyncSession
from neo4j.exceptions import DriverError, Neo4jError

from api import cypher_guard
from api.errors import (
    Busy,
    Problem,
    QueryFailed,
    QueryTimeout,
    TooLarge,
    from_neo4j,
    is_timeout,
)
from api.repository import bolt_cap
from api.repository.rows import plain

FETCH_SIZE = 50  # records per Bolt PULL
FLUSH_BYTES = 256 * 1024  # records waiting for the worker thread: at most about this much
ANSWER_GRACE = 2.0  # seconds past the deadline before the client gets its 504
HARD_GRACE = 10.0  # seconds past the deadline before the API drops the connection
RETRY_AFTER = 2  # seconds, in a 429
MAX_DEPTH = 100  # nesting of a returned value; JSON encoders stop not far beyond
ENVELOPE = 64 * 1024  # a Bolt message may exceed the byte cap by this much (its framing)


@dataclass(frozen=True)
class Limits:
    timeout: float  # seconds for planning and running together
    max_rows: int
    max_bytes: int


class Analyst:
    """Runs analysts' queries against one database, at most `concurrency` at once."""

    def __init__(self, driver: AsyncDriver, database: str, concurrency: int) -> None:
        self.driver, self.database, self.concurrency = driver, database, concurrency
        self._slots = asyncio.Semaphore(concurrency)
        bolt_cap.install()

    async def run(self, query: str, params: dict[str, Any], limits: Limits) -> bytes:
        """The result as CypherResult JSON, or a Problem."""
        cypher_guard.check_text(query)
        if self._slots.locked():
            raise Busy(
                f"{self.concurrency} analysts' queries are running, the most at once "
                "(KG_CYPHER_CONCURRENCY); ask again shortly",
                retry_after=RETRY_AFTER,
            )
        await self._slots.acquire()  # free, so this does not wait
        task = asyncio.create_task(self._bounded(query, params, limits))
        task.add_done_callback(self._finished)
        try:
            async with asyncio.timeout(limits.timeout + ANSWER_GRACE):
                return await asyncio.shield(task)  # a client that leaves frees no slot early
        except TimeoutError:
            raise QueryTimeout(
                f"Neo4j did not answer within the {limits.timeout:g}s timeout (it was still "
                "planning, running or sending the result); a LIMIT or a narrower MATCH helps"
            ) from None

    def _finished(self, task: asyncio.Task[bytes]) -> None:
        self._slots.release()
        if not task.cancelled():
            task.exception()  # retrieved: its caller may have gone (504, disconnect)

    async def _bounded(self, query: str, params: dict[str, Any], limits: Limits) -> bytes:
        try:
            async with asyncio.timeout(limits.timeout + HARD_GRACE):
                return await self._run(query, params, limits)
        except TimeoutError:
            raise QueryTimeout(f"no answer within the {limits.timeout:g}s timeout") from None

    async def _run(self, query: str, params: dict[str, Any], limits: Limits) -> bytes:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limits.timeout

        def left() -> float:
            remaining = deadline - loop.time()
            if remaining < 0.01:
                raise QueryTimeout(f"the query used up its {limits.timeout:g}s timeout")
            return remaining

        async with self.driver.session(
            database=self.database, default_access_mode=neo4j.READ_ACCESS, fetch_size=FETCH_SIZE
        ) as session:
            planning = left()
            try:  # EXPLAIN: Neo4j plans the query and runs nothing
                summary = await (
                    await session.run(cypher_guard.explain(query, planning), params)
                ).consume()
            except Neo4jError as error:
                raise cypher_guard.refusal(error, planning) from error
            except DriverError as error:
                raise _problem(error) from error
            cypher_guard.check_summary(summary, self.database)
            timeout = left()
            try:
                rows = await _read(session, query, params, timeout, limits)
            except bolt_cap.MessageTooLarge as error:
                raise _too_large(limits) from error
            except Neo4jError as error:
                if is_timeout(error):
                    raise QueryTimeout(
                        f"the query ran past its {timeout:g}s timeout and was stopped; "
                        "narrow it or add a LIMIT"
                    ) from error
                raise _problem(error) from error
            except DriverError as error:
                raise _problem(error) from error
        return rows.render(limits)


async def _read(
    session: AsyncSession, query: str, params: dict[str, Any], timeout: float, limits: Limits
) -> _Rows:
    """Run the query in one explicit transaction (no retry) and read its capped rows."""
    rows = _Rows(limits)
    with bolt_cap.ceiling(limits.max_bytes + ENVELOPE) as ceiling:
        tx = await session.begin_transaction(timeout=timeout)
        try:
            result = await tx.run(query, params)
            rows.columns = list(result.keys())
            await rows.read(result, ceiling)
        finally:
            # Rolls back (nothing to keep); the connection may be gone after a cut record.
            with contextlib.suppress(Neo4jError, DriverError, bolt_cap.MessageTooLarge):
                await tx.close()
    return rows


class _Rows:
    """Rows as JSON, in order, within the row and byte caps."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.columns: list[str] = []
        self.encoded: list[bytes] = []
        self.size = 0
        self.cut: str | None = None  # "rows" or "bytes"

    async def read(self, result: AsyncResult, ceiling: bolt_cap.Ceiling) -> None:
        pending: list[list[Any]] = []
        mark = ceiling.received
        try:
            async for record in result:
                if len(self.encoded) + len(pending) == self.limits.max_rows:
                    self.cut = "rows"  # one past the cap arrived
                    break
                pending.append(list(record.values()))
                if len(pending) >= FETCH_SIZE or ceiling.received - mark >= FLUSH_BYTES:
                    if not await self._add(pending):
                        return
                    pending, mark = [], ceiling.received
        except bolt_cap.MessageTooLarge:
            if not self.encoded and not pending:
                raise
            self.cut = "bytes"
        if pending:
            await self._add(pending)

    async def _add(self, batch: list[list[Any]]) -> bool:
        """Add a batch, encoded in a worker thread; False once the byte cap is reached."""
        for row in await asyncio.to_thread(_encode, batch):
            if self.size + len(row) + 1 > self.limits.max_bytes:
                if not self.encoded:
                    raise _too_large(self.limits)
                self.cut = "bytes"
                return False
            self.encoded.append(row)
            self.size += len(row) + 1
        return True

    def render(self, limits: Limits) -> bytes:
        """The CypherResult JSON (api/schemas/cypher.py), put together from the encoded rows."""
        head = _dumps({"columns": self.columns})[:-1]
        tail = _dumps(
            {
                "truncated": self.cut is not None,
                "truncated_by": self.cut,
                "row_cap": limits.max_rows,
                "byte_cap": limits.max_bytes,
            }
        )[1:]
        return head + b',"rows":[' + b",".join(self.encoded) + b"]," + tail


def _encode(batch: list[list[Any]]) -> list[bytes]:
    return [_dumps(_jsonable(values, 0)) for values in batch]


def _dumps(value: Any) -> bytes:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # A lone surrogate can only sit inside a JSON string, where \udXXX is a valid escape.
    return text.encode("utf-8", "backslashreplace")


def _jsonable(value: Any, depth: int) -> Any:
    """A value of a record as JSON-ready Python: rows.plain, with NaN and infinities as
    null (JSON has neither) and nesting bounded."""
    if depth > MAX_DEPTH:
        raise QueryFailed(f"the result nests lists or maps more than {MAX_DEPTH} deep")
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list | tuple):
        return [_jsonable(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item, depth + 1) for key, item in value.items()}
    return _jsonable(plain(value), depth + 1)  # nodes, paths, dates, points, bytes


def _too_large(limits: Limits) -> TooLarge:
    return TooLarge(
        f"a single row is larger than the {limits.max_bytes} bytes an answer may carry "
        "(KG_CYPHER_MAX_BYTES); return less per row: size(list), a slice, left(text, n)"
    )


def _problem(error: Neo4jError | DriverError) -> Problem:
    return from_neo4j(error, analyst=True) or QueryFailed(f"Neo4j refused the query: {error}")
