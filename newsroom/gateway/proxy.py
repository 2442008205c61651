"""One newsroom connection: the journalist's login checked here, then Bolt relayed to Neo4j,
one request at a time, with its checks and a deadline on every wait.

Neo4j is not contacted before the newsroom login has been checked: the gateway agrees on
the Bolt version and answers HELLO itself (from Bolt 5.1 on), and opens the upstream, with
Neo4j's own credential, only for a correct login. RUN is planned first with EXPLAIN and
refused unless it only reads. After a FAILURE the connection is IGNORED until RESET, as a
Bolt server's is. When Neo4j goes away or stops answering, the journalist gets a FAILURE
saying so and the connection is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from newsroom.gateway import bolt
from newsroom.gateway.bolt import ByteStream, Version
from newsroom.gateway.limits import Busy, GatewaySettings, LoginThrottle, QuerySlots
from newsroom.gateway.packstream import Struct, encode
from newsroom.gateway.policy import (
    REFUSED,
    Decision,
    after_planning,
    before_planning,
    newsroom_policy,
)
from newsroom.gateway.relay import (
    BUSY,
    INVALID,
    RATE_LIMITED,
    UNAUTHORIZED,
    UNAVAILABLE,
    Closed,
    Ended,
    Relay,
)
from newsroom.gateway.upstream import Credentials, Upstream, UpstreamError

log = logging.getLogger("newsroom.gateway")
AUTH_KEYS = ("scheme", "principal", "credentials")
BAD_LOGIN = "The client is unauthorized due to authentication failure."


@dataclass
class Context:
    """What every session of one gateway shares."""

    upstream: Upstream
    newsroom: Credentials
    database: str
    limits: GatewaySettings
    throttle: LoginThrottle
    slots: QuerySlots
    server_agent: str = "Neo4j/5.26.0"  # replaced by Neo4j's own once one login got through
    opened: int = 0


class Session(Relay):
    def __init__(
        self,
        client: ByteStream,
        context: Context,
        peer: str,
        version: Version,
        on_login: Callable[[bool], None] = lambda _: None,
    ) -> None:
        super().__init__(client, context.limits, version)
        self.context, self.peer, self.on_login = context, peer, on_login
        self.policy = newsroom_policy(context.database)
        self.hello: dict[str, Any] | None = None  # the client's HELLO, credential removed
        self.in_tx = False
        self.tx_database: str | None = None
        self.results = 0  # results opened by RUN and not yet pulled to the end
        self.login_by = asyncio.get_running_loop().time() + self.limits.auth_timeout
        client.limit_frames(self.limits.max_login_message + 1024)

    async def serve(self) -> None:
        """Handle messages until GOODBYE, a disconnect, or a FAILURE that ends the session."""
        try:
            while True:
                raw = await self.receive()
                await self.handle(bolt.parse(raw), raw)
        except Ended as end:
            log.info("ended a session from %s: %s", self.peer, end.message)
            await self.tell(end.code, end.message)
        except (Closed, EOFError, ConnectionError, TimeoutError):
            pass
        finally:
            await self.drop_upstream()

    async def receive(self) -> bytes:
        """The client's next message, within the login deadline or the idle timeout."""
        if self.upstream is None:
            limit, why = self.limits.max_login_message, "before a login"
            deadline = self.login_by
        else:
            limit, why = self.limits.max_message, "in one request"
            deadline = asyncio.get_running_loop().time() + self.limits.idle_timeout
        try:
            async with asyncio.timeout_at(deadline):
                return await self.from_client(limit)
        except TimeoutError:
            if self.upstream is None:
                raise Ended(UNAUTHORIZED, "no login within the authentication deadline") from None
            raise Closed from None
        except bolt.BoltError as error:  # too large: refused before it is read, let alone decoded
            raise Ended(INVALID, f"{error} {why}: this gateway accepts at most {limit}") from None

    async def handle(self, message: Struct, raw: bytes) -> None:
        tag, fields = message.tag, message.fields
        if tag == bolt.GOODBYE:
            raise Closed
        if tag not in bolt.REQUESTS:
            raise Ended(INVALID, f"the gateway does not relay message 0x{tag:02X}")
        if self.upstream is None:
            await self.before_login(tag, fields)
        elif self.failed and tag != bolt.RESET:
            await self.send(bolt.IGNORED_MESSAGE)
        elif tag in (bolt.HELLO, bolt.LOGON):
            raise Ended(INVALID, "already logged in: send LOGOFF first")
        elif tag == bolt.LOGOFF:
            await self.drop_upstream()
            await self.send(bolt.pack(bolt.SUCCESS, {}))
        elif tag == bolt.RUN:
            await self.in_slot(self.run(fields))
        elif tag in (bolt.PULL, bolt.DISCARD):
            await self.in_slot(self.pull(raw))
        else:
            await self.forward(self.track(tag, fields, raw))

    def track(self, tag: int, fields: list[Any], raw: bytes) -> bytes:
        """Note the transaction state a relayed message changes; the message to relay."""
        if tag == bolt.RESET:
            self.failed, self.in_tx, self.tx_database, self.results = False, False, None, 0
        elif tag == bolt.BEGIN:
            extra = _map(fields, 0)
            self.in_tx, self.tx_database = True, extra.get("db")
            return encode(Struct(bolt.BEGIN, [self.bounded(extra), *fields[1:]]))
        elif tag in (bolt.COMMIT, bolt.ROLLBACK):
            self.in_tx, self.tx_database, self.results = False, None, 0
        return raw

    async def before_login(self, tag: int, fields: list[Any]) -> None:
        if tag == bolt.RESET:
            self.failed = False
            await self.send(bolt.pack(bolt.SUCCESS, {}))
        elif tag == bolt.HELLO and self.hello is None:
            extra = _map(fields, 0)
            self.hello = {k: v for k, v in extra.items() if k not in AUTH_KEYS}
            if self.version < (5, 1):
                await self.login(extra)
                return
            self.context.opened += 1
            metadata = {"server": self.context.server_agent, "hints": {}}
            metadata["connection_id"] = f"newsroom-{self.context.opened}"
            await self.send(bolt.pack(bolt.SUCCESS, metadata))
        elif tag == bolt.LOGON and self.hello is not None and self.version >= (5, 1):
            await self.login(_map(fields, 0))
        else:
            name = {bolt.RUN: "RUN", bolt.PULL: "PULL", bolt.BEGIN: "BEGIN"}.get(tag, "this")
            raise Ended(UNAUTHORIZED, f"log in first: {name} before a successful login")

    async def login(self, auth: dict[str, Any]) -> None:
        """Check the newsroom login, then (only then) log in to Neo4j as the gateway."""
        throttle = self.context.throttle
        wait = throttle.wait(self.peer)
        if wait > 0:
            log.warning("login from %s refused unchecked: locked out %.0fs more", self.peer, wait)
            raise Ended(RATE_LIMITED, f"too many failed logins: try again in {wait:.0f} s")
        if not self.context.newsroom.matches(auth):
            count, lockout = throttle.failed(self.peer)
            log.warning(
                "failed newsroom login as %r from %s (%d in a row; locked out %.0fs)",
                auth.get("principal"), self.peer, count, lockout,
            )  # fmt: skip
            raise Ended(UNAUTHORIZED, BAD_LOGIN)
        throttle.succeeded(self.peer)
        try:
            self.upstream = await self.context.upstream.open(
                self.version, self.limits.connect_timeout
            )
        except UpstreamError as error:
            log.warning("Neo4j is unavailable: %s", error)
            raise Ended(
                UNAVAILABLE, f"Neo4j is unavailable (down or restarting): {error}"
            ) from None
        neo4j = self.context.upstream.credentials.as_auth()
        if self.version >= (5, 1):
            hello = await self.exchange(encode(Struct(bolt.HELLO, [self.hello or {}])))
            if bolt.tag_of(hello) != bolt.SUCCESS:
                await self.send(bolt.frame(hello))
                raise Closed
            agent = _map(bolt.parse(hello).fields, 0).get("server")
            if isinstance(agent, str):
                self.context.server_agent = agent
            answer = await self.forward(encode(Struct(bolt.LOGON, [{**auth, **neo4j}])))
        else:
            answer = await self.forward(
                encode(Struct(bolt.HELLO, [{**(self.hello or {}), **neo4j}]))
            )
        if bolt.tag_of(answer) != bolt.SUCCESS:
            raise Closed
        self.client.limit_frames(self.limits.max_message + 64 * 1024)
        self.on_login(True)

    async def in_slot(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` within this client's share of Neo4j (queries_per_client at a time)."""
        try:
            # A slot is waited for at most the query timeout: the query ahead may take that.
            async with self.context.slots.hold(self.peer, self.limits.query_timeout):
                await work
        except Busy:
            work.close()
            await self.refuse(
                BUSY,
                f"more than {self.limits.queries_per_client} queries at once from this "
                "address: wait for one to finish",
            )

    async def run(self, fields: list[Any]) -> None:
        query = fields[0] if fields and isinstance(fields[0], str) else ""
        params, extra = _map(fields, 1), _map(fields, 2)
        if not self.in_tx:
            extra = self.bounded(extra)
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
        answer = await self.forward(encode(Struct(bolt.RUN, [query, params, extra])))
        if bolt.tag_of(answer) == bolt.SUCCESS:
            self.results += 1

    async def pull(self, raw: bytes) -> None:
        if not self.results:
            await self.refuse(INVALID, "nothing to pull or discard: send RUN first")
            return
        answer = await self.forward(raw)  # PULL waits on the query itself: it takes a slot
        done = bolt.tag_of(answer) == bolt.SUCCESS
        if done and not _map(bolt.parse(answer).fields, 0).get("has_more"):
            self.results -= 1

    def bounded(self, extra: dict[str, Any]) -> dict[str, Any]:
        """The transaction's metadata with its timeout no longer than the gateway's."""
        limit = int(self.limits.query_timeout * 1000)
        given = extra.get("tx_timeout")
        if isinstance(given, int) and 0 < given <= limit:
            return extra
        return {**extra, "tx_timeout": limit}

    async def explain(
        self, text: str, params: dict[str, Any], extra: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Plan the query upstream; its summary metadata, or None after relaying a FAILURE."""
        await self.to_upstream(
            bolt.pack(bolt.RUN, text, params, extra) + bolt.pull_all(self.version)
        )
        run_answer = await self.summary()
        pull_answer = await self.summary()  # EXPLAIN yields no records
        for answer in (run_answer, pull_answer):
            if bolt.tag_of(answer) == bolt.FAILURE:
                await self.send(bolt.frame(answer))
                self.failed = True
                return None
        summary = bolt.parse(pull_answer)
        return _map(summary.fields, 0) if bolt.tag_of(pull_answer) == bolt.SUCCESS else {}

    async def refuse(self, code: str, message: str) -> None:
        gql = bolt.PERMISSION if code == REFUSED else bolt.PROCESSING
        await self.send(bolt.failure(self.version, code, message, gql))
        self.failed = True

    async def drop_upstream(self) -> None:
        if self.upstream is not None:
            upstream, self.upstream = self.upstream, None
            self.login_by = asyncio.get_running_loop().time() + self.limits.auth_timeout
            self.client.limit_frames(self.limits.max_login_message + 1024)
            self.on_login(False)
            with contextlib.suppress(Exception):
                await upstream.close()


def _map(fields: list[Any], index: int) -> dict[str, Any]:
    value = fields[index] if len(fields) > index else None
    return value if isinstance(value, dict) else {}
