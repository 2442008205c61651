"""One newsroom connection: Bolt relayed to Neo4j, one request at a time, with its checks.

Each client message is handled in order: forwarded, and Neo4j's answers relayed until the
summary (SUCCESS, FAILURE or IGNORED) that ends it. Two messages are rewritten, never
passed as sent: HELLO/LOGON (the journalist's credential is checked here and swapped for
Neo4j's) and RUN (planned first with EXPLAIN, refused unless it only reads). After any
FAILURE the connection is failed, as a Bolt server's is: IGNORED until RESET.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from dataclasses import dataclass
from typing import Any

from graph.gateway import bolt
from graph.gateway.bolt import ByteStream, Version
from graph.gateway.packstream import Struct, encode
from graph.gateway.policy import (
    REFUSED,
    Decision,
    after_planning,
    before_planning,
    newsroom_policy,
)
from graph.plan_guard import ReadPolicy

log = logging.getLogger("graph.gateway")
UNAUTHORIZED = "Neo.ClientError.Security.Unauthorized"
INVALID = "Neo.ClientError.Request.Invalid"
AUTH_KEYS = ("scheme", "principal", "credentials")
# A wrong password is answered after a pause, so guessing one at a time is slow.
FAILED_LOGIN_DELAY = 0.5


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str

    def matches(self, auth: dict[str, Any]) -> bool:
        """Basic auth with this user and password, compared in constant time."""
        principal, secret = auth.get("principal"), auth.get("credentials")
        given_user = principal.encode() if isinstance(principal, str) else b""
        given_password = secret.encode() if isinstance(secret, str) else b""
        same_user = hmac.compare_digest(given_user, self.user.encode())
        same_password = hmac.compare_digest(given_password, self.password.encode())
        return auth.get("scheme") == "basic" and same_user and same_password

    def as_auth(self) -> dict[str, Any]:
        return {"scheme": "basic", "principal": self.user, "credentials": self.password}


class Closed(Exception):
    """The session is over (GOODBYE, a refused login, or a peer went away)."""


class Session:
    def __init__(
        self,
        client: ByteStream,
        upstream: ByteStream,
        newsroom: Credentials,
        neo4j: Credentials,
        database: str,
    ) -> None:
        self.client, self.upstream = client, upstream
        self.newsroom, self.neo4j = newsroom, neo4j
        self.policy: ReadPolicy = newsroom_policy(database)
        self.version: Version = (0, 0)
        self.failed = False
        self.tx_database: str | None = None

    async def handshake(self, proposals: bytes) -> bool:
        """Relay the version negotiation, minus the manifest offer; False if none agreed."""
        await self.upstream.write(bolt.MAGIC + bolt.without_manifest(proposals))
        answer = await self.upstream.read_exactly(4)
        await self.client.write(answer)
        self.version = bolt.agreed_version(answer)
        log.debug("Bolt %d.%d agreed", *self.version)
        return self.version != (0, 0)

    async def serve(self) -> None:
        """Handle messages until GOODBYE or a disconnect."""
        try:
            while True:
                raw = await bolt.read_message(self.client, bolt.MAX_REQUEST)
                await self.handle(bolt.parse(raw), raw)
        except (Closed, EOFError, ConnectionError):
            pass

    async def handle(self, message: Struct, raw: bytes) -> None:
        tag, fields = message.tag, message.fields
        if tag == bolt.GOODBYE:
            await self.upstream.write(bolt.frame(raw))
            raise Closed
        if self.failed and tag != bolt.RESET:
            await self.client.write(bolt.IGNORED_MESSAGE)
            return
        if tag not in bolt.REQUESTS:
            await self.refuse(INVALID, f"the gateway does not relay message 0x{tag:02X}")
            raise Closed
        if tag == bolt.RESET:
            self.failed, self.tx_database = False, None
        elif tag == bolt.HELLO:
            raw = await self.hello(_map(fields, 0))
        elif tag == bolt.LOGON:
            raw = await self.logon(_map(fields, 0))
        elif tag == bolt.RUN:
            await self.run(fields)
            return
        elif tag == bolt.BEGIN:
            self.tx_database = _map(fields, 0).get("db")
        elif tag in (bolt.COMMIT, bolt.ROLLBACK):
            self.tx_database = None
        await self.forward(raw)

    async def hello(self, extra: dict[str, Any]) -> bytes:
        """Before Bolt 5.1 HELLO carries the credential; after, LOGON does, so none here."""
        if self.version >= (5, 1):
            extra = {k: v for k, v in extra.items() if k not in AUTH_KEYS}
        else:
            await self.check_login(extra)
            extra = {**extra, **self.neo4j.as_auth()}
        return encode(Struct(bolt.HELLO, [extra]))

    async def logon(self, auth: dict[str, Any]) -> bytes:
        await self.check_login(auth)
        return encode(Struct(bolt.LOGON, [{**auth, **self.neo4j.as_auth()}]))

    async def check_login(self, auth: dict[str, Any]) -> None:
        if not self.newsroom.matches(auth):
            log.info("refused a login as %r", auth.get("principal"))
            await asyncio.sleep(FAILED_LOGIN_DELAY)
            await self.refuse(
                UNAUTHORIZED, "The client is unauthorized due to authentication failure."
            )
            raise Closed  # as Neo4j does after a failed login

    async def run(self, fields: list[Any]) -> None:
        query = fields[0] if fields and isinstance(fields[0], str) else ""
        params, extra = _map(fields, 1), _map(fields, 2)
        database = extra.get("db") or self.tx_database
        decision = before_planning(query, database if isinstance(database, str) else None)
        log.debug("RUN on %s: %s", database or "(home)", " ".join(query.split())[:200])
        if decision.refusal is None and decision.explain is not None:
            explained = await self.explain(decision.explain, params, extra)
            if explained is None:
                return  # Neo4j could not plan it: its FAILURE was the answer
            why = after_planning(
                self.policy, explained.get("type"), explained.get("plan"), explained.get("db")
            )
            decision = Decision(refusal=why)
        if decision.refusal is not None:
            log.info("refused: %s (%s)", decision.refusal, " ".join(query.split())[:200])
            await self.refuse(REFUSED, decision.refusal)
            return
        await self.forward(encode(Struct(bolt.RUN, fields)))

    async def explain(
        self, text: str, params: dict[str, Any], extra: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Plan the query upstream; its summary metadata, or None after relaying a FAILURE."""
        await self.upstream.write(
            bolt.pack(bolt.RUN, text, params, extra) + bolt.pull_all(self.version)
        )
        summaries = []
        for _ in range(2):  # RUN's answer, then PULL's (EXPLAIN yields no records)
            raw = await self.next_upstream()
            while bolt.tag_of(raw) == bolt.RECORD:
                raw = await self.next_upstream()
            summaries.append(raw)
        run_answer, pull_answer = summaries
        for answer in (run_answer, pull_answer):
            if bolt.tag_of(answer) == bolt.FAILURE:
                await self.client.write(bolt.frame(answer))
                self.failed = True
                return None
        summary = bolt.parse(pull_answer)
        return _map(summary.fields, 0) if bolt.tag_of(pull_answer) == bolt.SUCCESS else {}

    async def forward(self, message: bytes) -> None:
        """Send one request upstream and relay every answer up to and including its summary."""
        await self.upstream.write(bolt.frame(message))
        while True:
            raw = await self.next_upstream()
            await self.client.write(bolt.frame(raw))
            tag = bolt.tag_of(raw)
            if tag in bolt.SUMMARIES:
                self.failed = self.failed or tag == bolt.FAILURE
                return

    async def next_upstream(self) -> bytes:
        try:
            return await bolt.read_message(self.upstream)
        except EOFError as error:
            raise Closed from error

    async def refuse(self, code: str, message: str) -> None:
        await self.client.write(bolt.failure(self.version, code, message))
        self.failed = True


def _map(fields: list[Any], index: int) -> dict[str, Any]:
    value = fields[index] if len(fields) > index else None
    return value if isinstance(value, dict) else {}
