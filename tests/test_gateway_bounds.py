"""The newsroom gateway under pressure (issue 20), against a real Neo4j.

Idle and oversized clients, wrong passwords, a hung or vanished Neo4j and out-of-order
messages each get a bounded, worded answer, and journalists keep working meanwhile. The
gateway runs as `kg run` runs it (its own process, here with a low open-file limit) where
descriptors matter, and as a thread elsewhere. Raw Bolt is used where the exact answer
matters; the driver where a journalist's experience does.
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
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import GraphDatabase, Query
from neo4j.exceptions import ClientError

from api.main import create_app
from api.settings import ApiSettings
from kg.local import server
from newsroom.gateway import GatewayProcess, GatewaySettings, Upstream, gateway_for
from newsroom.gateway import bolt as b
from newsroom.gateway.packstream import Struct, encode
from newsroom.gateway.server import GatewayThread
from tests.helpers import free_port
from tests.test_gateway import PONOMAREV, Newsroom, _receive, _send, newsroom_up

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
UNAUTHORIZED = "Neo.ClientError.Security.Unauthorized"
UNAVAILABLE = "Neo.TransientError.General.DatabaseUnavailable"
BOLT_54 = bytes.fromhex("00000405") + bytes(12)


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Newsroom]:
    if os.environ.get("NEO4J_URI"):
        pytest.skip("needs the project's own server (newsroom mode), not an external NEO4J_URI")
    with newsroom_up(tmp_path_factory.mktemp("gateway-bounds")) as up:
        yield up


def _gateway(newsroom: Newsroom, **limits: Any) -> GatewayThread:
    settings = GatewaySettings(**({"login_free_failures": 100} | limits))
    gateway = gateway_for(newsroom.local, newsroom.admin, settings)
    return GatewayThread(gateway, "127.0.0.1", 0).start()


def _code(message: Struct) -> str:
    fields = message.fields[0]
    return str(fields.get("code") or fields.get("neo4j_code"))


def _connect(port: int, proposals: bytes = BOLT_54) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(b.MAGIC + proposals)
    assert len(sock.recv(4)) == 4
    return sock


def _login(port: int, password: str, user: str = "journalist") -> tuple[socket.socket, Struct]:
    """Bolt 5.4: HELLO (answered by the gateway), then LOGON with the credential."""
    sock = _connect(port)
    _send(sock, b.HELLO, {"user_agent": "bounds/1", "bolt_agent": {"product": "bounds/1"}})
    assert _receive(sock).tag == b.SUCCESS
    auth = {"scheme": "basic", "principal": user, "credentials": password}
    _send(sock, b.LOGON, auth)
    return sock, _receive(sock)


def _closed(sock: socket.socket) -> bool:
    """Whether the gateway closes this connection (after at most a FAILURE or two)."""
    try:
        for _ in range(3):
            _receive(sock)
    except (EOFError, OSError):
        return True
    return False


def _hung_up(sock: socket.socket) -> bool:
    """Whether the other end has closed (whatever it sent first)."""
    try:
        while sock.recv(65536):
            pass
    except TimeoutError:
        return False
    except OSError:
        pass  # reset: closed too
    return True


def test_idle_clients_cannot_exhaust_the_gateway_process(
    newsroom: Newsroom, tmp_path: Path
) -> None:
    """Finding 1: ~560 preamble-only clients used up 1024 descriptors and broke the API."""
    local = newsroom.local.model_copy(update={"gateway_port": free_port()})
    env = {"KG_GATEWAY_AUTH_TIMEOUT": "4"}
    gate = GatewayProcess(local, open_files=128, output=tmp_path / "gateway.log", env=env)
    gate.start()
    idle: list[socket.socket] = []
    app = create_app(newsroom.admin, api_settings=ApiSettings(analysis_warm=False))
    api = TestClient(app, base_url="http://127.0.0.1").__enter__()
    try:
        assert gate.pid is not None and gate.pid != os.getpid()
        for _ in range(400):  # far past what 128 descriptors could hold, in one burst
            with contextlib.suppress(OSError):  # closed at once: a cap, not a crash
                sock = socket.create_connection(("127.0.0.1", gate.port), timeout=30)
                idle.append(sock)
                sock.sendall(b.MAGIC + bytes.fromhex("00000404") + bytes(12))
        files = len(os.listdir(f"/proc/{gate.pid}/fd"))
        assert files < 128
        with GraphDatabase.driver(gate.uri, auth=("journalist", newsroom.password)) as driver:
            records, _, _ = driver.execute_query(
                "MATCH (p:Person {id: $id}) RETURN p.name AS n", id=PONOMAREV
            )
        assert records[0]["n"] == "Ilya Ponomarev"
        # Out of descriptors, /entities was a 500 (a .cypher file could not be opened); a 504
        # only says that this shared machine's Neo4j was slower than the API's timeout.
        assert api.get("/ready").status_code == 200
        assert api.get(f"/entities/{PONOMAREV}").status_code in (200, 504)
        assert gate.process is not None and gate.process.poll() is None
        time.sleep(5)  # past the login deadline: every idle client has been let go
        assert all(_hung_up(sock) for sock in idle)
    finally:
        for sock in idle:
            sock.close()
        gate.stop()
        api.__exit__(None, None, None)
    log = (tmp_path / "gateway.log").read_text()
    assert "connection cap reached" in log and "Too many open files" not in log


def test_a_huge_login_message_is_refused_without_holding_up_others(newsroom: Newsroom) -> None:
    """Finding 2: three 8 MiB HELLOs were decoded before any check; RETURN 1 took 18 s."""
    auth = {"scheme": "basic", "principal": "journalist", "credentials": "x"}
    huge = b.frame(encode(Struct(b.HELLO, [{"user_agent": "x" * (8 << 20), **auth}])))
    answers: list[str] = []

    def attack() -> None:
        with _connect(newsroom.gateway.port, bytes.fromhex("00000404") + bytes(12)) as sock:
            try:
                sock.sendall(huge)
                answers.append("all 8 MiB were read")
            except OSError:
                answers.append("cut off")  # refused before the end of the message

    threads = [threading.Thread(target=attack) for _ in range(3)]
    for thread in threads:
        thread.start()
    started = time.monotonic()
    with newsroom.driver() as driver:
        assert driver.execute_query("RETURN 1 AS n").records[0]["n"] == 1
    took = time.monotonic() - started
    for thread in threads:
        thread.join(60)
    assert answers == ["cut off"] * 3
    assert took < 10  # generous on a slow machine; it was 18 s


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
        _send(sock, b.RUN, "RETURN 1 AS n", {}, {})
        _send(sock, b.PULL, {"n": -1})
        time.sleep(0.5)
        _send(other, b.RUN, "RETURN 2 AS n", {}, {})
        busy = _receive(other)
        failure = _receive(sock)
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
        failure = _receive(sock)
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


def test_out_of_order_messages_get_a_failure(newsroom: Newsroom) -> None:
    """Finding 11: RUN without LOGON, PULL without RUN and RUN after LOGOFF were closed bare."""
    sock = _connect(newsroom.gateway.port)
    _send(sock, b.HELLO, {"user_agent": "bounds/1", "bolt_agent": {"product": "bounds/1"}})
    assert _receive(sock).tag == b.SUCCESS
    _send(sock, b.RUN, "RETURN 1", {}, {})
    refused = _receive(sock)
    assert refused.tag == b.FAILURE and _code(refused) == UNAUTHORIZED and _closed(sock)
    sock, answer = _login(newsroom.gateway.port, newsroom.password)
    with sock:
        assert answer.tag == b.SUCCESS
        _send(sock, b.PULL, {"n": -1})
        refused = _receive(sock)
        assert refused.tag == b.FAILURE and "send RUN first" in refused.fields[0]["message"]
        _send(sock, b.RESET)
        assert _receive(sock).tag == b.SUCCESS
        _send(sock, b.LOGOFF)
        assert _receive(sock).tag == b.SUCCESS
        _send(sock, b.RUN, "RETURN 1", {}, {})
        refused = _receive(sock)
        assert refused.tag == b.FAILURE and _code(refused) == UNAUTHORIZED and _closed(sock)


class CountingUpstream(Upstream):
    opened: list[int] = []  # noqa: RUF012 - a class-wide tally is the point

    async def open(self, version: b.Version, timeout: float) -> b.TcpStream:
        self.opened.append(1)
        return await super().open(version, timeout)


def test_failed_logins_are_throttled_and_never_reach_neo4j(
    newsroom: Newsroom, caplog: pytest.LogCaptureFixture
) -> None:
    """Finding 10: 88 wrong passwords a second, each opening a Neo4j connection."""
    gate = _gateway(newsroom, login_free_failures=3, login_max_backoff=30)
    real = gate.gateway.context.upstream
    counting = CountingUpstream(real.host, real.port, real.verify, real.credentials)
    gate.gateway.context.upstream = counting
    codes = []
    try:
        for attempt in range(4):
            sock, answer = _login(gate.port, f"guess-{attempt}")
            sock.close()
            codes.append(_code(answer))
        sock, locked = _login(gate.port, newsroom.password)  # right, but locked out (1 s)
        sock.close()
        time.sleep(1.5)
        sock, answer = _login(gate.port, "guess-again")
        sock.close()
        throttle = gate.gateway.context.throttle
        count, backoff = throttle.failures["127.0.0.1"][0], throttle.wait("127.0.0.1")
    finally:
        gate.stop()
    assert codes == [UNAUTHORIZED] * 4 and _code(answer) == UNAUTHORIZED
    assert _code(locked) == "Neo.ClientError.Security.AuthenticationRateLimit"
    assert count == 5 and 1.0 < backoff <= 2.0  # the lockout doubled
    assert counting.opened == []  # no Neo4j connection for any of them
    assert "failed newsroom login as 'journalist' from 127.0.0.1 (4 in a row" in caplog.text


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


def _unframed(sock: socket.socket) -> bytes:
    """The payloads of the server's WebSocket frames until it closes."""
    data, out = b"", b""
    with contextlib.suppress(OSError):
        while more := sock.recv(65536):
            data += more
    data = data.partition(b"\r\n\r\n")[2]  # after the 101 answer
    while len(data) >= 2:
        size, start = data[1] & 0x7F, 2
        if size == 126:
            size, start = struct.unpack(">H", data[2:4])[0], 4
        out, data = out + data[start : start + size], data[start + size :]
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
        answer = _unframed(sock)
    assert b"\x00\x00\x03\x05" in answer and b"\xb1\x71\x91\x2a" in answer  # RECORD [42]
    with socket.create_connection(("127.0.0.1", newsroom.gateway.port), timeout=30) as sock:
        sock.sendall(upgrade + _masked(requests[0]) + _masked(b"x" * 60_000))
        answer = _unframed(sock)
    assert answer.endswith(struct.pack(">H", 1009))  # "message too big"
