"""The gateway's bookkeeping without a server: connection caps, the failed-login throttle,
query slots, the descriptor budget and the login-time bounds of a session.

A session is driven here over an in-memory stream with an upstream that must never be
contacted: everything tested happens before a login, where Neo4j has no part.
"""

from __future__ import annotations

import asyncio
import resource
import struct
from typing import Any

import pytest

from newsroom.gateway import bolt
from newsroom.gateway.limits import (
    RESERVED_FILES,
    Admission,
    Busy,
    GatewaySettings,
    LoginThrottle,
    QuerySlots,
    connection_cap,
)
from newsroom.gateway.packstream import Struct, decode, encode
from newsroom.gateway.proxy import Context, Session
from newsroom.gateway.upstream import Credentials, Upstream


def test_a_full_address_gives_up_its_oldest_unauthenticated_connection() -> None:
    evicted: list[str] = []
    caps = Admission(total=100, per_address=3)
    first = caps.admit("10.0.0.1", lambda: evicted.append("first"))
    second = caps.admit("10.0.0.1", lambda: evicted.append("second"))
    third = caps.admit("10.0.0.1", lambda: evicted.append("third"))
    assert first and second and third
    second.authenticated = True
    fourth = caps.admit("10.0.0.1", lambda: evicted.append("fourth"))
    assert fourth is not None and evicted == ["first"]
    assert caps.per["10.0.0.1"] == 3 and len(caps) == 3
    # Another address is not touched by this one's cap.
    assert caps.admit("10.0.0.2", lambda: evicted.append("other")) is not None
    third.authenticated = fourth.authenticated = True
    assert caps.admit("10.0.0.1", lambda: None) is None  # all logged in: refused
    assert caps.refused == 1 and evicted == ["first"]


def test_the_total_cap_never_pushes_out_a_logged_in_journalist() -> None:
    caps = Admission(total=2, per_address=10)
    journalist = caps.admit("10.0.0.1", lambda: pytest.fail("a journalist was evicted"))
    assert journalist is not None
    journalist.authenticated = True
    idle = caps.admit("10.0.0.9", lambda: None)
    assert idle is not None
    newcomer = caps.admit("10.0.0.2", lambda: None)
    assert newcomer is not None and caps.evicted == 1 and len(caps) == 2
    caps.release(newcomer)
    caps.release(newcomer)  # twice is harmless
    assert len(caps) == 1 and caps.per == {"10.0.0.1": 1}


def test_failed_logins_back_off_per_address() -> None:
    now = [1000.0]
    throttle = LoginThrottle(free=2, longest=8.0, clock=lambda: now[0])
    assert throttle.failed("a") == (1, 0.0) and throttle.failed("a") == (2, 0.0)
    assert throttle.wait("a") == 0.0
    lockouts = [throttle.failed("a")[1] for _ in range(6)]
    assert lockouts == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert throttle.wait("a") == 8.0 and throttle.wait("b") == 0.0
    now[0] += 8.5
    assert throttle.wait("a") == 0.0
    throttle.succeeded("a")
    assert throttle.failed("a") == (1, 0.0)


def test_the_throttle_forgets_the_oldest_addresses_first() -> None:
    throttle = LoginThrottle(free=0, capacity=3)
    for address in "abcd":
        throttle.failed(address)
    assert list(throttle.failures) == ["b", "c", "d"]


def test_query_slots_per_client_address() -> None:
    async def scenario() -> list[str]:
        slots = QuerySlots(per_client=2)
        seen: list[str] = []
        release = asyncio.Event()

        async def hold(address: str) -> None:
            async with slots.hold(address, 5.0):
                seen.append(address)
                await release.wait()

        holders = [asyncio.create_task(hold("a")) for _ in range(2)]
        other = asyncio.create_task(hold("b"))
        await asyncio.sleep(0.01)
        with pytest.raises(Busy):
            async with slots.hold("a", 0.05):
                seen.append("a third")
        release.set()
        await asyncio.gather(*holders, other)
        assert slots.semaphores == {} and slots.users == {}
        return seen

    assert sorted(asyncio.run(scenario())) == ["a", "a", "b"]


def test_the_connection_cap_fits_the_descriptor_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (128, hard))
        assert connection_cap(10_000) == (128 - RESERVED_FILES) // 2
        assert connection_cap(10) == 10
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


class Pipe:
    """A client's bytes in, the gateway's bytes out; EOF when the input is used up."""

    def __init__(self, data: bytes) -> None:
        self.data, self.out = bytearray(data), bytearray()

    async def read_exactly(self, size: int) -> bytes:
        if len(self.data) < size:
            raise EOFError
        chunk = bytes(self.data[:size])
        del self.data[:size]
        return chunk

    async def write(self, data: bytes) -> None:
        self.out += data

    async def close(self) -> None:
        pass

    def limit_frames(self, size: int) -> None:
        pass

    def messages(self) -> list[Struct]:
        found, data = [], bytes(self.out)
        while data:
            parts = []
            while (size := struct.unpack(">H", data[:2])[0]) != 0:
                parts.append(data[2 : 2 + size])
                data = data[2 + size :]
            data = data[2:]
            found.append(decode(b"".join(parts)))
        return found


class NoNeo4j(Upstream):
    async def open(self, version: bolt.Version, timeout: float) -> bolt.TcpStream:
        raise AssertionError("Neo4j was contacted before a login was checked")


def _session(data: bytes, version: bolt.Version = (5, 4), **limits: Any) -> tuple[Session, Pipe]:
    settings = GatewaySettings(**limits)
    upstream = NoNeo4j("127.0.0.1", 1, None, Credentials("neo4j", "admin-secret"))
    context = Context(
        upstream,
        Credentials("journalist", "the-newsroom-secret"),
        "neo4j",
        settings,
        LoginThrottle(free=0),
        QuerySlots(2),
    )
    pipe = Pipe(data)
    return Session(pipe, context, "10.1.2.3", version), pipe


def _message(tag: int, *fields: Any) -> bytes:
    return bolt.frame(encode(Struct(tag, list(fields))))


def _codes(pipe: Pipe) -> list[tuple[int, str | None]]:
    return [
        (m.tag, m.fields[0].get("code") or m.fields[0].get("neo4j_code") if m.fields else None)
        for m in pipe.messages()
    ]


def test_requests_before_a_login_get_a_failure_and_never_reach_neo4j() -> None:
    async def run(data: bytes) -> list[tuple[int, str | None]]:
        session, pipe = _session(data)
        await session.serve()
        return _codes(pipe)

    hello = _message(bolt.HELLO, {"user_agent": "t/1"})
    unauthorized = (bolt.FAILURE, "Neo.ClientError.Security.Unauthorized")
    assert asyncio.run(run(_message(bolt.RUN, "RETURN 1", {}, {})))[-1] == unauthorized
    assert asyncio.run(run(hello + _message(bolt.RUN, "RETURN 1", {}, {}))) == [
        (bolt.SUCCESS, None),
        unauthorized,
    ]
    assert asyncio.run(run(hello + _message(bolt.PULL, {"n": -1})))[-1] == unauthorized
    wrong = {"scheme": "basic", "principal": "journalist", "credentials": "guess"}
    assert asyncio.run(run(hello + _message(bolt.LOGON, wrong)))[-1] == unauthorized


def test_a_large_login_message_is_refused_before_it_is_read() -> None:
    huge = bolt.frame(encode(Struct(bolt.HELLO, [{"user_agent": "x" * (8 * 1024 * 1024)}])))

    async def run() -> list[tuple[int, str | None]]:
        session, pipe = _session(huge[: 64 * 1024], max_login_message=8192)
        await session.serve()
        return _codes(pipe)

    assert asyncio.run(run()) == [(bolt.FAILURE, "Neo.ClientError.Request.Invalid")]


def test_a_client_that_never_logs_in_is_let_go_at_the_deadline() -> None:
    class Silent(Pipe):
        async def read_exactly(self, size: int) -> bytes:
            await asyncio.sleep(3600)
            raise EOFError

    async def run() -> list[tuple[int, str | None]]:
        session, _ = _session(b"", auth_timeout=0.05)
        pipe = Silent(b"")
        session.client = pipe
        await asyncio.wait_for(session.serve(), 10)
        return _codes(pipe)

    assert asyncio.run(run()) == [(bolt.FAILURE, "Neo.ClientError.Security.Unauthorized")]
