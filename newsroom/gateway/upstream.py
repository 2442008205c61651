"""The real Neo4j behind the gateway: where it listens, its credential, and opening a Bolt
connection to it in one agreed version, within a deadline."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from graph.settings import Neo4jSettings
from newsroom.gateway import bolt

SCHEMES = {"bolt": None, "neo4j": None, "bolt+s": True, "neo4j+s": True}
SCHEMES |= {"bolt+ssc": False, "neo4j+ssc": False}


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


class GatewayError(RuntimeError):
    """A gateway that cannot start, worded for the person at the terminal."""


class UpstreamError(RuntimeError):
    """Neo4j could not be reached, or does not speak the client's Bolt version."""


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

    async def open(self, version: bolt.Version, timeout: float) -> bolt.TcpStream:
        """A connection past the handshake, in exactly `version`; UpstreamError otherwise."""
        stream: bolt.TcpStream | None = None
        try:
            async with asyncio.timeout(timeout):
                stream = await self.connect()
                await stream.write(bolt.MAGIC + bolt.version_bytes(version) + bytes(12))
                agreed = bolt.agreed_version(await stream.read_exactly(4))
        except (OSError, EOFError, TimeoutError) as error:
            if stream is not None:
                await _close(stream)
            why = "did not answer in time" if isinstance(error, TimeoutError) else str(error)
            raise UpstreamError(f"Neo4j at {self.host}:{self.port}: {why}") from error
        if agreed != version:
            await _close(stream)
            raise UpstreamError(f"Neo4j does not speak Bolt {version[0]}.{version[1]}")
        return stream


async def _close(stream: bolt.TcpStream) -> None:
    with contextlib.suppress(Exception):
        await stream.close()
