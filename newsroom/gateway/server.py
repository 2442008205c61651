"""The gateway's listener: raw Bolt (drivers, cypher-shell) and Bolt over WebSocket (the
Browser) on one port, each connection admitted under the caps and served by a `Session`.

`serve` runs it in the foreground (`kg gateway`, which `kg run` starts as its own child
process: newsroom/gateway/child.py); `serve_in_thread` runs it beside other work (tests).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable

from graph.settings import (
    LocalServerSettings,
    Neo4jSettings,
    local_connection,
    read_or_create_password,
)
from newsroom.gateway import bolt, websocket
from newsroom.gateway.limits import (
    Admission,
    GatewaySettings,
    LoginThrottle,
    QuerySlots,
    Ticket,
    connection_cap,
)
from newsroom.gateway.packstream import PackStreamError
from newsroom.gateway.proxy import Context, Session
from newsroom.gateway.upstream import Credentials, GatewayError, Upstream

log = logging.getLogger("newsroom.gateway")
MIN_PASSWORD = 12
# asyncio accepts up to `backlog` connections before any handler runs (and so before any
# cap is checked): kept within the descriptors limits.RESERVED_FILES leaves free.
ACCEPT_BATCH = 16
# A full cap is logged at most this often (each refusal is counted, not logged).
CAP_LOG_EVERY = 10.0


def newsroom_credentials(local: LocalServerSettings) -> Credentials:
    """The journalists' login: KG_NEWSROOM_PASSWORD, else one generated beside the server."""
    if local.newsroom_password is not None:
        password = local.newsroom_password.get_secret_value()
        if len(password) < MIN_PASSWORD:
            raise GatewayError(
                f"KG_NEWSROOM_PASSWORD is too short: use at least {MIN_PASSWORD} characters"
            )
    else:
        password = read_or_create_password(local.newsroom_password_file)
    return Credentials(local.newsroom_user, password)


class Gateway:
    def __init__(
        self,
        upstream: Upstream,
        newsroom: Credentials,
        database: str = "neo4j",
        limits: GatewaySettings | None = None,
    ) -> None:
        if newsroom.password == upstream.credentials.password:
            raise GatewayError("the newsroom password must differ from Neo4j's own password")
        self.limits = limits or GatewaySettings()
        self.context = Context(
            upstream,
            newsroom,
            database,
            self.limits,
            LoginThrottle(self.limits.login_free_failures, self.limits.login_max_backoff),
            QuerySlots(self.limits.queries_per_client),
        )
        self.admission = Admission(
            connection_cap(self.limits.max_connections), self.limits.max_per_address
        )
        self.server: asyncio.Server | None = None
        self.tasks: set[asyncio.Task[None]] = set()
        self._cap_logged = 0.0

    @property
    def upstream(self) -> Upstream:
        return self.context.upstream

    @property
    def newsroom(self) -> Credentials:
        return self.context.newsroom

    async def start(self, host: str, port: int) -> int:
        """Listen; the port actually bound (useful with port 0)."""
        try:
            self.server = await asyncio.start_server(
                self._connection, host, port, backlog=ACCEPT_BATCH
            )
        except OSError as error:
            raise GatewayError(f"the gateway cannot listen on {host}:{port}: {error}") from error
        log.info(
            "at most %d connections, %d per address",
            self.admission.total,
            self.admission.per_address,
        )
        return int(self.server.sockets[0].getsockname()[1])

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        peer = writer.get_extra_info("peername")
        address = str(peer[0]) if isinstance(peer, tuple) else str(peer)
        evicted = self.admission.evicted
        ticket = None if task is None else self.admission.admit(address, _canceller(task))
        if ticket is None or self.admission.evicted != evicted:
            self._log_cap(address)
        if ticket is None or task is None:
            writer.transport.abort()  # at once: a refused connection holds no descriptor
            return
        self.tasks.add(task)
        try:
            await self._serve(reader, writer, address, ticket)
        except asyncio.CancelledError:
            pass  # closing, or pushed out by a newcomer while it had not logged in
        finally:
            self.admission.release(ticket)
            self.tasks.discard(task)
            writer.transport.abort()

    def _log_cap(self, address: str) -> None:
        now = time.monotonic()
        if now - self._cap_logged > CAP_LOG_EVERY:
            self._cap_logged = now
            log.warning(
                "connection cap reached (%d open; %d refused, %d unauthenticated closed so far); "
                "latest from %s",
                len(self.admission), self.admission.refused, self.admission.evicted, address,
            )  # fmt: skip

    async def _open(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bolt.ByteStream | None:
        """The client's stream past the Bolt magic: raw TCP, or a WebSocket after its upgrade."""
        first = await reader.readexactly(4)
        if first == bolt.MAGIC:
            return bolt.TcpStream(reader, writer)
        if first != b"GET ":
            return None
        stream = await websocket.accept(reader, writer, first)
        return stream if await stream.read_exactly(4) == bolt.MAGIC else None

    async def _serve(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        address: str,
        ticket: Ticket,
    ) -> None:
        client: bolt.ByteStream = bolt.TcpStream(reader, writer)
        try:
            # The opening counts against the login deadline too.
            async with asyncio.timeout(self.limits.auth_timeout):
                opened = await self._open(reader, writer)
                if opened is None:
                    return
                client = opened
                version = bolt.negotiate(await client.read_exactly(16))
                await client.write(bolt.version_bytes(version))
            if version == (0, 0):
                return

            def logged_in(yes: bool) -> None:
                ticket.authenticated = yes

            await Session(client, self.context, address, version, logged_in).serve()
        except (EOFError, asyncio.IncompleteReadError, TimeoutError, ConnectionError) as error:
            log.debug("connection from %s ended: %s", address, error)
        except (websocket.HandshakeRefused, bolt.BoltError, PackStreamError) as error:
            log.info("dropped a connection from %s: %s", address, error)
        finally:
            with contextlib.suppress(Exception):
                await client.close()


def _canceller(task: asyncio.Task[None]) -> Callable[[], None]:
    def cancel() -> None:
        task.cancel()

    return cancel


class GatewayThread:
    """A gateway on its own event loop in a daemon thread; `stop()` ends it (tests)."""

    def __init__(self, gateway: Gateway, host: str, port: int) -> None:
        self.gateway, self.host, self.port = gateway, host, port
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="newsroom-gateway", daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.port = self.loop.run_until_complete(self.gateway.start(self.host, self.port))
        except BaseException as error:  # reported to start() in the caller's thread
            self.error = error
            self.ready.set()
            return
        self.ready.set()
        self.loop.run_forever()
        self.loop.run_until_complete(self.gateway.close())
        self.loop.close()

    def start(self) -> GatewayThread:
        self.thread.start()
        self.ready.wait()
        if self.error is not None:
            raise self.error
        return self

    @property
    def uri(self) -> str:
        return f"bolt://{self.host}:{self.port}"

    def stop(self, timeout: float = 10.0) -> None:
        if self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout)


def gateway_for(
    local: LocalServerSettings,
    upstream: Neo4jSettings | None = None,
    limits: GatewaySettings | None = None,
) -> Gateway:
    """The gateway in front of `upstream` (default: the local server, as `kg run` starts it)."""
    if upstream is None:
        upstream = local_connection(local)
    return Gateway(
        Upstream.from_settings(upstream), newsroom_credentials(local), upstream.database, limits
    )


def serve_in_thread(
    local: LocalServerSettings,
    upstream: Neo4jSettings | None = None,
    host: str | None = None,
    port: int | None = None,
    limits: GatewaySettings | None = None,
) -> GatewayThread:
    """Start the gateway beside other work (tests); call `.stop()` on the handle to end it."""
    gateway = gateway_for(local, upstream, limits)
    listen_port = local.gateway_port if port is None else port
    return GatewayThread(gateway, host or local.host, listen_port).start()


def serve(gateway: Gateway, host: str, port: int) -> None:
    """Run in the foreground until interrupted or terminated (`kg gateway`)."""

    async def main() -> None:
        await gateway.start(host, port)
        try:
            await asyncio.Event().wait()
        finally:
            await gateway.close()

    asyncio.run(main())
