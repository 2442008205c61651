"""A session's traffic with Neo4j and its client, each wait under a deadline.

Every read from Neo4j waits at most the query timeout plus a grace period, and every
message and result has a size cap; a Neo4j that hangs, goes away or answers too much ends
the session with a FAILURE saying so (`Ended`), never with silence.
"""

from __future__ import annotations

import asyncio
import contextlib

from newsroom.gateway import bolt
from newsroom.gateway.bolt import ByteStream, Version
from newsroom.gateway.limits import GatewaySettings

UNAUTHORIZED = "Neo.ClientError.Security.Unauthorized"
RATE_LIMITED = "Neo.ClientError.Security.AuthenticationRateLimit"
INVALID = "Neo.ClientError.Request.Invalid"
UNAVAILABLE = "Neo.TransientError.General.DatabaseUnavailable"
BUSY = "Neo.TransientError.Request.NoThreadsAvailable"
DROPPED = "Neo4j closed the connection (down or restarting)"
AGAIN = "this connection is closed, try again shortly"


class Closed(Exception):
    """The session is over (GOODBYE, a refused login, or a peer went away)."""


class Ended(Exception):
    """The session ends with a FAILURE: `code` and `message`."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


class Relay:
    def __init__(self, client: ByteStream, limits: GatewaySettings, version: Version) -> None:
        self.client, self.limits, self.version = client, limits, version
        self.upstream: bolt.TcpStream | None = None
        self.failed = False

    async def summary(self) -> bytes:
        raw = await self.next_upstream()
        while bolt.tag_of(raw) == bolt.RECORD:
            raw = await self.next_upstream()
        return raw

    async def exchange(self, message: bytes) -> bytes:
        """One request upstream and its summary, not relayed."""
        await self.to_upstream(bolt.frame(message))
        return await self.summary()

    async def forward(self, message: bytes) -> bytes:
        """Send one request upstream and relay every answer up to its summary (returned)."""
        await self.to_upstream(bolt.frame(message))
        relayed = 0
        while True:
            raw = await self.next_upstream()
            relayed += len(raw)
            if relayed > self.limits.max_result:
                raise Ended(INVALID, f"a result over {self.limits.max_result} bytes: ask for less")
            await self.send(bolt.frame(raw))
            tag = bolt.tag_of(raw)
            if tag in bolt.SUMMARIES:
                self.failed = self.failed or tag == bolt.FAILURE
                return raw

    async def to_upstream(self, data: bytes) -> None:
        if self.upstream is None:
            raise Closed
        try:
            async with asyncio.timeout(self.limits.upstream_timeout):
                await self.upstream.write(data)
        except TimeoutError:
            why = f"Neo4j took no request within {self.limits.upstream_timeout:g} s (hung)"
            raise Ended(UNAVAILABLE, f"{why}; {AGAIN}") from None
        except (ConnectionError, OSError):
            raise Ended(UNAVAILABLE, f"{DROPPED}; {AGAIN}") from None

    async def next_upstream(self) -> bytes:
        if self.upstream is None:
            raise Closed
        wait = self.limits.upstream_timeout
        try:
            async with asyncio.timeout(wait):
                return await bolt.read_message(self.upstream, self.limits.max_record)
        except TimeoutError:
            why = f"Neo4j did not answer within {wait:g} s (hung or overloaded)"
        except (EOFError, ConnectionError, OSError):
            why = DROPPED
        except bolt.BoltError as error:
            why = f"{error}: a record this large is not relayed"
        raise Ended(UNAVAILABLE, f"{why}; {AGAIN}")

    async def from_client(self, limit: int) -> bytes:
        """The client's next message; Ended as soon as Neo4j drops the connection meanwhile
        (Neo4j sends nothing unasked, so any byte or EOF from it while idle ends the session)."""
        if self.upstream is None:
            return await bolt.read_message(self.client, limit)
        reading = asyncio.ensure_future(bolt.read_message(self.client, limit))
        watching = asyncio.ensure_future(self.upstream.reader.read(1))
        try:
            await asyncio.wait({reading, watching}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (reading, watching):
                task.cancel()
            await asyncio.gather(reading, watching, return_exceptions=True)
        if reading.done() and not reading.cancelled():
            return reading.result()
        raise Ended(UNAVAILABLE, f"{DROPPED}; {AGAIN}")

    async def send(self, data: bytes) -> None:
        """To the client, within a deadline: one that stops reading is let go."""
        async with asyncio.timeout(self.limits.upstream_timeout):
            await self.client.write(data)

    async def tell(self, code: str, message: str) -> None:
        """A last FAILURE before closing; the client may already be gone."""
        with contextlib.suppress(Exception):
            gql = bolt.PROCESSING if code in (UNAVAILABLE, INVALID, BUSY) else bolt.PERMISSION
            await self.send(bolt.failure(self.version, code, message, gql))
