"""The gateway's listener: raw Bolt (drivers, cypher-shell) and Bolt over WebSocket (the
Browser) on one port, each connection relayed to Neo4j by its own `Session`.

`serve` runs it in the foreground (`kg gateway`); `serve_in_thread` runs it beside other
work (`kg run`, tests) and returns a handle to stop it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from graph.gateway import bolt, websocket
from graph.gateway.packstream import PackStreamError
from graph.gateway.proxy import Credentials, Session
from graph.server import connection
from graph.settings import LocalServerSettings, Neo4jSettings, read_or_create_password

log = logging.getLogger("graph.gateway")
# A client gets this long to finish the opening (HTTP upgrade, Bolt magic and versions).
HANDSHAKE_TIMEOUT = 10.0
MIN_PASSWORD = 12
SCHEMES = {"bolt": None, "neo4j": None, "bolt+s": True, "neo4j+s": True}
SCHEMES |= {"bolt+ssc": False, "neo4j+ssc": False}


class GatewayError(RuntimeError):
    """A gateway that cannot start, worded for the person at the terminal."""


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


@dataclass(frozen=True)
class Upstream:
    """The real Neo4j: where it listens and the credential the gateway logs in with."""

    host: str
    port: int
    verify: bool | None  # None: plain TCP; True: TLS, verified; False: TLS, self-signed
    credentials: Credentials

    @classmethod
    def from_settings(cls, settings: Neo4jSettings) -> Upstream:
        parts = urlsplit(settings.uri)
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise GatewayError(f"the gateway cannot reach {settings.uri!r}: use bolt://host:port")
        credentials = Credentials(settings.user, settings.secret)
        return cls(parts.hostname, parts.port or 7687, SCHEMES[parts.scheme], credentials)

    async def connect(self) -> bolt.TcpStream:
        context: ssl.SSLContext | None = None
        if self.verify is not None:
            context = ssl.create_default_context()
            if not self.verify:
                context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        reader, writer = await asyncio.open_connection(self.host, self.port, ssl=context)
        return bolt.TcpStream(reader, writer)


class Gateway:
    def __init__(self, upstream: Upstream, newsroom: Credentials, database: str = "neo4j") -> None:
        if newsroom.password == upstream.credentials.password:
            raise GatewayError("the newsroom password must differ from Neo4j's own password")
        self.upstream, self.newsroom, self.database = upstream, newsroom, database
        self.server: asyncio.Server | None = None
        self.tasks: set[asyncio.Task[None]] = set()

    async def start(self, host: str, port: int) -> int:
        """Listen; the port actually bound (useful with port 0)."""
        try:
            self.server = await asyncio.start_server(self._connection, host, port)
        except OSError as error:
            raise GatewayError(f"the gateway cannot listen on {host}:{port}: {error}") from error
        return int(self.server.sockets[0].getsockname()[1])

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self.tasks.add(task)
        try:
            await self._serve(reader, writer)
        except asyncio.CancelledError:
            pass  # the gateway is closing; asyncio would log a cancelled handler as an error
        finally:
            if task is not None:
                self.tasks.discard(task)

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

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        client: bolt.ByteStream = bolt.TcpStream(reader, writer)
        upstream: bolt.TcpStream | None = None
        peer = writer.get_extra_info("peername")
        try:
            async with asyncio.timeout(HANDSHAKE_TIMEOUT):
                opened = await self._open(reader, writer)
                if opened is None:
                    return
                client = opened
                proposals = await client.read_exactly(16)
            try:
                upstream = await self.upstream.connect()
            except OSError as error:
                log.warning("Neo4j at %s:%d is unreachable: %s", *self._where(), error)
                return
            session = Session(
                client, upstream, self.newsroom, self.upstream.credentials, self.database
            )
            if await session.handshake(proposals):
                await session.serve()
        except (EOFError, asyncio.IncompleteReadError, TimeoutError, ConnectionError) as error:
            log.debug("connection from %s ended: %s", peer, error)
        except (websocket.HandshakeRefused, bolt.BoltError, PackStreamError) as error:
            log.info("dropped a connection from %s: %s", peer, error)
        finally:
            for stream in (client, upstream):
                if stream is not None:
                    with contextlib.suppress(Exception):
                        await stream.close()

    def _where(self) -> tuple[str, int]:
        return self.upstream.host, self.upstream.port


class GatewayThread:
    """A gateway on its own event loop in a daemon thread; `stop()` ends it."""

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


def gateway_for(local: LocalServerSettings, upstream: Neo4jSettings | None = None) -> Gateway:
    """The gateway in front of `upstream` (default: the local server, as `kg run` starts it)."""
    if upstream is None:
        upstream = connection(local)
    return Gateway(Upstream.from_settings(upstream), newsroom_credentials(local), upstream.database)


def serve_in_thread(
    local: LocalServerSettings,
    upstream: Neo4jSettings | None = None,
    host: str | None = None,
    port: int | None = None,
) -> GatewayThread:
    """Start the gateway beside other work (`kg run`); call `.stop()` on the handle to end it."""
    gateway = gateway_for(local, upstream)
    listen_port = local.gateway_port if port is None else port
    return GatewayThread(gateway, host or local.host, listen_port).start()


def serve(gateway: Gateway, host: str, port: int) -> None:
    """Run in the foreground until interrupted (`kg gateway`)."""

    async def main() -> None:
        await gateway.start(host, port)
        try:
            await asyncio.Event().wait()
        finally:
            await gateway.close()

    asyncio.run(main())
