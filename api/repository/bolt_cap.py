"""A ceiling on the size of one Bolt message the driver reads, for analysts' queries.

The driver reads and decodes a whole record before it hands it over, and
`RETURN range(1, 10000000)` is one record of ten million integers: half a gigabyte of Python
objects and a second of the event loop. Neo4j's transaction memory limit does not see such
a value (it is produced as it is sent), so the API stops it as it arrives: inside
`ceiling(n)`, a message that grows past n bytes fails the read before it is decoded, the
driver kills that one connection (Neo4j then ends the transaction), and the caller catches
MessageTooLarge.

Why a private hook: the driver has no public way to bound what it reads. Its configuration
bounds how many records it fetches at a time (fetch_size), not how large one record is, and
the server's settings do not bound an outgoing value either. So `install()` wraps the
driver's chunk reader (`receive_into_buffer` in neo4j._async.io._bolt._common, neo4j 6.x)
and fails loudly if that function is missing; tests/api/test_cypher_limits_load.py checks
that the ceiling holds.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

_READER = "neo4j._async.io._bolt._common"


class MessageTooLarge(asyncio.CancelledError):
    """One Bolt message (one record) past the ceiling.

    A CancelledError, because that is what makes the driver kill just this connection,
    quietly; an OSError would also close the pool's idle connections (and with neo4j://
    drop the server from the routing table). The caller must catch it.
    """


@dataclass
class Ceiling:
    limit: int
    received: int = 0  # bytes read inside this ceiling, all messages
    tripped: bool = False


_CURRENT: ContextVar[Ceiling | None] = ContextVar("bolt_ceiling", default=None)


def install() -> None:
    """Wrap the driver's chunk reader once; outside `ceiling()` it behaves as before."""
    module: Any = importlib.import_module(_READER)
    original: Callable[[Any, Any, int], Awaitable[None]] | None = getattr(
        module, "receive_into_buffer", None
    )
    if original is None:
        raise RuntimeError(f"{_READER}.receive_into_buffer is gone; update bolt_cap.py")
    if getattr(original, "capped", False):
        return

    async def receive_into_buffer(sock: Any, buffer: Any, n_bytes: int) -> None:
        current = _CURRENT.get()
        if current is not None:
            # buffer.used: the bytes of the message read so far (reset for each message)
            if buffer.used + n_bytes > current.limit:
                current.tripped = True
                raise MessageTooLarge(f"a record of more than {current.limit} bytes")
            current.received += n_bytes
        await original(sock, buffer, n_bytes)

    receive_into_buffer.capped = True  # type: ignore[attr-defined]
    module.receive_into_buffer = receive_into_buffer


@contextmanager
def ceiling(limit: int) -> Iterator[Ceiling]:
    """While inside, the driver reads no Bolt message larger than `limit` bytes in this
    task (contexts are per task, so other requests are unaffected)."""
    current = Ceiling(limit)
    token = _CURRENT.set(current)
    try:
        yield current
    finally:
        _CURRENT.reset(token)
