"""Who may ask, by which name, how often; and the headers every response carries.

One pure ASGI middleware (not BaseHTTPMiddleware: responses stream through untouched):
1. Host: only the configured names (KG_ALLOWED_HOSTS, default the loopback names, plus the
   guide host's). A web page whose own name was made to resolve to 127.0.0.1 (DNS
   rebinding) sends that name, and gets a 400.
2. Keys (KG_API_KEYS): every route but health, docs and the Browser guide needs one. The
   routes declare it with FastAPI's security dependencies (`key_schemes`), which write the
   OpenAPI security schemes; the check itself stays here (see `Guard.refusal`).
3. /cypher and /link rates (KG_CYPHER_RATE, KG_LINK_RATE): a token bucket per key, or per
   client address, for each.
4. /link's body: past its byte cap (link_body_cap) a 413, before it is read, whether the
   length is announced (Content-Length) or not (chunked).
Refusals are problem+json, like every other error, and carry the same headers.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import re
import time
from collections import OrderedDict
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Security
from fastapi.params import Depends as Dependency
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import problem_response
from api.settings import ApiSettings

# Pages this API serves are JSON or text; /docs and /redoc set their own policy (api/docs.py).
CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Content-Security-Policy": CSP,
}
# Open without a key: probes, the API's own description, and what Neo4j Browser fetches.
OPEN_PATHS = frozenset({"/health", "/ready", "/docs", "/redoc", "/openapi.json"})
OPEN_PREFIXES = ("/guide/", "/docs-static/")
LINK = ("POST", "/link")
# Batch bodies capped by KG_MATCH_MAX_BYTES: the yente-compatible match and reconciliation.
BATCH_PREFIXES = ("/match/", "/ftm/match/", "/reconcile")
AUTHENTICATE = 'Bearer realm="exile-graph"'
SECONDS = {"second": 1.0, "minute": 60.0, "hour": 3600.0}

_HOST = re.compile(r"\[(?P<ip6>[0-9a-f:.]+)\]|(?P<name>[a-z0-9_.-]+)", re.IGNORECASE)
_PORT = re.compile(r"(?::[0-9]{1,5})?")


def host_name(value: str) -> str | None:
    """The name in a Host header, lower case, without port or brackets; None if malformed."""
    value = value.strip()
    match = _HOST.match(value)
    if not match or not _PORT.fullmatch(value, match.end()):
        return None
    return (match["ip6"] or match["name"]).lower().rstrip(".") or None


def allowed_names(settings: ApiSettings) -> frozenset[str]:
    names = {host_name(h) or host_name(f"[{h}]") for h in settings.allowed_hosts}
    names.add(host_name(settings.guide_host))  # where the Browser fetches the guide from
    return frozenset(name for name in names if name)


def is_loopback(address: str) -> bool:
    """Whether a listen address (`kg serve --host`) is reachable from this machine only."""
    name = host_name(address) or host_name(f"[{address}]")
    if name == "localhost":
        return True
    try:
        return name is not None and ipaddress.ip_address(name).is_loopback
    except ValueError:  # a host name: it may resolve anywhere
        return False


def exposure_refusal(address: str, settings: ApiSettings) -> str | None:
    """Why the API must not listen on `address` as configured; None if it may."""
    if is_loopback(address) or settings.api_keys:
        return None
    return (
        f"refusing to serve on {address} without API keys: anyone who can reach it could "
        "read the graph and run Cypher. Set KG_API_KEYS=<key>[,<key>...] (clients send "
        "`Authorization: Bearer <key>`) and KG_ALLOWED_HOSTS to the names clients use, "
        "or serve on 127.0.0.1"
    )


def is_open(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)


# The two ways to send a key. auto_error=False: either one alone is enough.
BEARER = HTTPBearer(scheme_name="bearer", description="A key from KG_API_KEYS", auto_error=False)
API_KEY = APIKeyHeader(name="X-API-Key", scheme_name="apiKey", auto_error=False)


async def key_schemes(
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)],
    api_key: Annotated[str | None, Security(API_KEY)],
) -> None:
    """Declare, for the OpenAPI document, that a route takes a key by either scheme.

    Guard has already checked the key by the time this runs (see `Guard.refusal`)."""


def key_dependencies(router: APIRouter, settings: ApiSettings) -> list[Dependency]:
    """`key_schemes` for a router whose routes Guard keys; none if keys are off or its
    routes are open."""
    open_routes = {is_open(getattr(route, "path", "")) for route in router.routes}
    if open_routes == {True, False}:  # the document would then contradict Guard
        raise ValueError("a router mixes open and keyed routes; split it")
    return [Depends(key_schemes)] if settings.api_keys and False in open_routes else []


def presented_key(headers: Headers) -> str | None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return headers.get("x-api-key") or None


def _digest(key: str) -> bytes:
    # Equal-length digests: compare_digest then takes the same time whatever the key.
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).digest()


class Buckets:
    """A token bucket per client: `count` requests at once, refilled at `count` per period."""

    MAX_CLIENTS = 10_000  # the oldest idle bucket goes first; it would be full again anyway

    def __init__(self, rate: str) -> None:
        count, _, unit = rate.partition("/")
        self.rate = rate
        self.capacity = float(count)
        self.per_second = self.capacity / SECONDS[unit]
        self.state: OrderedDict[str, tuple[float, float]] = OrderedDict()  # tokens, when

    def take(self, who: str, now: float) -> float:
        """0 if a request may go now (a token is spent), else seconds until it may."""
        tokens, then = self.state.pop(who, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - then) * self.per_second)
        wait = 0.0 if tokens >= 1 else (1 - tokens) / self.per_second
        self.state[who] = (tokens - 1 if wait == 0 else tokens, now)
        if len(self.state) > self.MAX_CLIENTS:
            self.state.popitem(last=False)
        return wait


class Guard:
    """The middleware: Host, key and rate checks, then security headers on every response."""

    def __init__(self, app: ASGIApp, settings: ApiSettings) -> None:
        self.app = app
        self.hosts = allowed_names(settings)
        self.keys = [_digest(key.get_secret_value()) for key in settings.api_keys]
        rates = {("POST", "/cypher"): settings.cypher_rate, LINK: settings.link_rate}
        self.buckets = {route: Buckets(rate) for route, rate in rates.items() if rate}
        self.link_body = link_body_cap(settings.link_max_chars)
        self.batch_body = settings.match_max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_security_headers(send)
        refusal = self.refusal(scope)
        cap = self.body_cap(scope["method"], scope["path"])
        if refusal is None and cap is not None:
            refusal = _too_long(Headers(scope=scope), *cap)
            receive = _capped(receive, *cap)
        await (refusal or self.app)(scope, receive, send)

    def body_cap(self, method: str, path: str) -> tuple[int, str] | None:
        """The most bytes this route's body may hold, and the 413's advice past it."""
        if (method, path) == LINK:
            return self.link_body, (
                f"the body is larger than the {self.link_body} bytes POST /link reads "
                "(KG_LINK_MAX_CHARS characters of text); send a shorter text, or link it in parts"
            )
        if method == "POST" and path.startswith(BATCH_PREFIXES):
            return self.batch_body, (
                f"the body is larger than the {self.batch_body} bytes {method} {path} reads "
                "(KG_MATCH_MAX_BYTES); send fewer or shorter queries at once"
            )
        return None

    def refusal(self, scope: Scope) -> Response | None:
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        if host_name(host) not in self.hosts:
            return problem_response(
                400,
                "Host not allowed",
                f"This API does not answer to the host {host!r}; "
                "an operator can add it to KG_ALLOWED_HOSTS.",
            )
        client = scope.get("client")
        who = f"address {client[0]}" if client else "address unknown"
        # Keys are checked here rather than in `key_schemes`: FastAPI reads a request's body
        # before it resolves dependencies (an unkeyed client could make it read any /cypher
        # body), an unknown path must get a 401 rather than reveal that no route matches,
        # and the rate bucket below is the key's.
        if self.keys and not is_open(scope["path"]):
            key = presented_key(headers)
            if key is None:
                return _unauthorized(
                    "This API needs a key: send `Authorization: Bearer <key>` "
                    "or `X-API-Key: <key>`."
                )
            index = self.key_index(key)
            if index is None:
                return _unauthorized("The API key is not valid.")
            who = f"key {index}"
        buckets = self.buckets.get((scope["method"], scope["path"]))
        if buckets:
            wait = buckets.take(who, time.monotonic())
            if wait:
                seconds = max(1, math.ceil(wait))
                response = problem_response(
                    429,
                    "Too many requests",
                    f"{scope['method']} {scope['path']} is limited to {buckets.rate} per "
                    f"client; try again in {seconds} s.",
                )
                response.headers["Retry-After"] = str(seconds)
                return response
        return None

    def key_index(self, key: str) -> int | None:
        digest, found = _digest(key), None
        for index, known in enumerate(self.keys):  # every key compared: no early exit
            if hmac.compare_digest(digest, known):
                found = index
        return found


def link_body_cap(max_chars: int) -> int:
    """Bytes a POST /link body may hold: 6 a character (the longest JSON escape of one, as
    `\\u00e9`), and room for the rest of the request."""
    return 6 * max_chars + 4096


def _too_long(headers: Headers, limit: int, advice: str) -> Response | None:
    """A 413 for a body that announces more than `limit` bytes, before reading it."""
    announced = headers.get("content-length", "")
    if announced.isdigit() and int(announced) > limit:
        return problem_response(413, "Content too large", advice)
    return None


def _capped(receive: Receive, limit: int, advice: str) -> Receive:
    """`receive`, raising a 413 once more than `limit` bytes of body have come (a chunked
    body announces no length). FastAPI passes an HTTPException from reading the body on."""
    seen = 0

    async def receiving() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise HTTPException(413, advice)
        return message

    return receiving


def _unauthorized(detail: str) -> Response:
    response = problem_response(401, "Unauthorized", detail)
    response.headers["WWW-Authenticate"] = AUTHENTICATE
    return response


def _with_security_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message.setdefault("headers", [])  # optional in ASGI
            headers = MutableHeaders(scope=message)
            for name, value in SECURITY_HEADERS.items():
                headers.setdefault(name, value)  # a route's own policy (/docs) wins
        await send(message)

    return sending
