"""The newsroom gateway under pressure, against a real Neo4j: Neo4j's side (hung, dropped,
down; queries that never finish) and the Browser's WebSocket path.

Each gets a bounded, worded answer. The helpers and the Neo4j set-up are those of
tests/test_gateway_bounds.py; this module has a Neo4j of its own, as that one has.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import struct
import threading
import time
from collections.abc import Iterator

import pytest
from neo4j import GraphDatabase, Query
from neo4j.exceptions import ClientError

from kg.local import server
from newsroom.gateway import GatewaySettings, gateway_for
from newsroom.gateway import bolt as b
from newsroom.gateway.packstream import Struct, encode
from newsroom.gateway.server import GatewayThread
from tests.bolt_by_hand import receive, send
from tests.test_gateway import Newsroom, newsroom_up
from tests.test_gateway_bounds import UNAUTHORIZED, UNAVAILABLE, _closed, _code, _gateway, _login

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Newsroom]:
    if os.environ.get("NEO4J_URI"):
        pytest.skip("needs the project's own server (newsroom mode), not an external NEO4J_URI")
    with newsroom_up(tmp_path_factory.mktemp("gateway-neo4j")) as up:
        yield up


def test_a_hung_neo4j_gets_a_failure_not_silence(newsroom: Newsroom) -> None:
    """Findings 3 and 9: with Neo4j stopped, the gateway's EXPLAIN waited for ever. Also the
    per-client query cap: a second query from the same address gets no slot meanwhile."""
    limits = {"query_timeout": 3.0, "upstream_grace": 3.0, "connect_timeout": 5.0}
    gate = _gateway(newsroom, queries_per_client=1, **limits)
    pid = server.server_pid(newsroom.local)
    assert pid is not None
    sock, answer = _login(gate.port, newsroom.password)
    other, other_answer = _login(gate.port, newsroom.password)
    try:
        assert answer.tag == b.SUCCESS and other_answer.tag == b.SUCCESS
        os.kill(pid, signal.SIGSTOP)
        started = time.monotonic()
        send(sock, b.RUN, "RETURN 1 AS n", {}, {})
        send(sock, b.PULL, {"n": -1})
        time.sleep(0.5)
        send(other, b.RUN, "RETURN 2 AS n", {}, {})
        busy = receive(other)
        failure = receive(sock)
        hung_for = time.monotonic() - started
        late, late_answer = _login(gate.port, newsroom.password)  # a new login meanwhile
        late.close()
    finally:
        os.kill(pid, signal.SIGCONT)
        sock.close()
        other.close()
        gate.stop()
    assert failure.tag == b.FAILURE and _code(failure) == UNAVAILABLE
    assert "did not answer within 6 s" in failure.fields[0]["message"]
    assert hung_for < 30
    assert busy.tag == b.FAILURE and _code(busy) == "Neo.TransientError.Request.NoThreadsAvailable"
    assert "more than 1 queries at once" in busy.fields[0]["message"]
    assert late_answer.tag == b.FAILURE and _code(late_answer) == UNAVAILABLE


class Wire:
    """A cuttable TCP relay to the real Neo4j: `cut()` drops every relayed connection."""

    def __init__(self, port: int) -> None:
        self.target, self.sockets = port, []  # type: ignore[var-annotated]
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                near, _ = self.listener.accept()
            except OSError:
                return
            far = socket.create_connection(("127.0.0.1", self.target))
            self.sockets += [near, far]
            for a, z in ((near, far), (far, near)):
                threading.Thread(target=self._pump, args=(a, z), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass

    def close(self) -> None:
        """Nothing listens any more (shutdown wakes the thread blocked in accept)."""
        self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()

    def cut(self) -> None:
        for sock in self.sockets:
            sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def test_when_neo4j_drops_or_is_down_the_journalist_is_told(newsroom: Newsroom) -> None:
    """Findings 1 and 11: the client was kept after the upstream dropped; a bare EOF when
    Neo4j was down."""
    wire = Wire(newsroom.local.bolt_port)
    admin = newsroom.admin.model_copy(update={"uri": f"bolt://127.0.0.1:{wire.port}"})
    gateway = gateway_for(newsroom.local, admin, GatewaySettings())
    gate = GatewayThread(gateway, "127.0.0.1", 0).start()
    try:
        sock, answer = _login(gate.port, newsroom.password)
        assert answer.tag == b.SUCCESS
        wire.cut()  # the journalist sends nothing: the gateway tells them at once
        failure = receive(sock)
        assert failure.tag == b.FAILURE and _code(failure) == UNAVAILABLE
        assert "closed the connection" in failure.fields[0]["message"]
        assert _closed(sock)
        wire.close()  # Neo4j "down": nothing listens there any more
        down, answer = _login(gate.port, newsroom.password)
        assert answer.tag == b.FAILURE and _code(answer) == UNAVAILABLE
        assert "Neo4j is unavailable" in answer.fields[0]["message"] and _closed(down)
        wrong, answer = _login(gate.port, "not the password")
        wrong.close()
        assert answer.tag == b.FAILURE and _code(answer) == UNAUTHORIZED  # checked here
    finally:
        gate.stop()


@pytest.mark.parametrize(
    "query",
    ["RETURN " + "(" * 3000 + "1" + ")" * 3000 + " AS n", "RETURN $s =~ '(.*a){12}' AS m"],
    ids=["3000 nested parentheses", "a backtracking regex"],
)
def test_queries_neo4j_never_finishes_are_refused_before_it(newsroom: Newsroom, query: str) -> None:
    """Finding 3: the nested one overflowed Neo4j's stack and the session hung for ever."""
    with newsroom.driver() as driver, pytest.raises(ClientError) as refused:
        driver.execute_query(query, s="a" * 34 + "!")
    assert refused.value.code == "Neo.ClientError.Security.Forbidden"


def test_a_journalists_query_is_held_to_the_gateways_timeout(newsroom: Newsroom) -> None:
    """Finding 3: a longer timeout asked by the client is lowered to the gateway's."""
    gate = _gateway(newsroom, query_timeout=1.0)
    slow = "UNWIND range(1, 500000000) AS x WITH x WHERE x % 1000003 = -1 RETURN count(x) AS n"
    try:
        with (
            GraphDatabase.driver(gate.uri, auth=("journalist", newsroom.password)) as driver,
            driver.session() as session,
            pytest.raises(ClientError) as stopped,
        ):
            session.run(Query(slow, timeout=600)).consume()
    finally:
        gate.stop()
    assert "TransactionTimedOut" in str(stopped.value.code)


def _masked(payload: bytes, opcode: int = 0x2) -> bytes:
    mask = b"\x01\x02\x03\x04"
    body = bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))
    size = len(payload)
    head = bytes([0x80 | opcode, 0x80 | 126]) + struct.pack(">H", size) if size > 125 else None
    return (head or bytes([0x80 | opcode, 0x80 | size])) + mask + body


def _frames(sock: socket.socket) -> list[tuple[int, bytes]]:
    """The opcodes and payloads of the server's WebSocket frames until it closes."""
    data, out = b"", []
    with contextlib.suppress(OSError):
        while more := sock.recv(65536):
            data += more
    data = data.partition(b"\r\n\r\n")[2]  # after the 101 answer
    while len(data) >= 2:
        size, start = data[1] & 0x7F, 2
        if size == 126:
            size, start = struct.unpack(">H", data[2:4])[0], 4
        out.append((data[0] & 0x0F, data[start : start + size]))
        data = data[start + size :]
    return out


def test_the_browsers_websocket_path_logs_in_and_is_bounded(newsroom: Newsroom) -> None:
    """As Neo4j Browser 5.24 does: Bolt 5.3 in WebSocket frames. Before the login a frame
    larger than a login message is refused (close 1009), as a large Bolt message is."""
    upgrade = (
        b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    auth = {"scheme": "basic", "principal": "journalist", "credentials": newsroom.password}
    hello = {"user_agent": "neo4j-javascript/5.24", "bolt_agent": {"product": "browser/5.24"}}
    requests = [
        b.MAGIC + bytes.fromhex("00000305") + bytes(12),
        b.frame(encode(Struct(b.HELLO, [hello]))) + b.frame(encode(Struct(b.LOGON, [auth]))),
        b.frame(encode(Struct(b.RUN, ["RETURN 41 + 1 AS n", {}, {}])))
        + b.frame(encode(Struct(b.PULL, [{"n": -1}])))
        + b.frame(encode(Struct(b.GOODBYE, []))),
    ]
    with socket.create_connection(("127.0.0.1", newsroom.gateway.port), timeout=30) as sock:
        sock.sendall(upgrade + b"".join(_masked(r) for r in requests))
        answer = b"".join(payload for opcode, payload in _frames(sock) if opcode == 0x2)
    assert b"\x00\x00\x03\x05" in answer and b"\xb1\x71\x91\x2a" in answer  # RECORD [42]
    with socket.create_connection(("127.0.0.1", newsroom.gateway.port), timeout=30) as sock:
        sock.sendall(upgrade + _masked(requests[0]) + _masked(b"x" * 60_000))
        opcode, payload = _frames(sock)[-1]
    assert opcode == 0x8 and payload[:2] == struct.pack(">H", 1009)  # "message too big"
