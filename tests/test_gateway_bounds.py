"""The newsroom gateway under pressure, against a real Neo4j: its clients' side.

Idle and oversized clients, wrong passwords, a hung or vanished Neo4j and out-of-order
messages each get a bounded, worded answer, and journalists keep working meanwhile. The
gateway runs as `kg run` runs it (its own process, here with a low open-file limit) where
descriptors matter, and as a thread elsewhere. Raw Bolt is used where the exact answer
matters; the driver where a journalist's experience does.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import GraphDatabase

from api.main import create_app
from api.settings import ApiSettings
from newsroom.gateway import GatewayProcess, GatewaySettings, Upstream, gateway_for
from newsroom.gateway import bolt as b
from newsroom.gateway.packstream import Struct, encode
from newsroom.gateway.server import GatewayThread
from tests.bolt_by_hand import receive, send
from tests.helpers import free_port
from tests.test_gateway import PONOMAREV, Newsroom, newsroom_up

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
    send(sock, b.HELLO, {"user_agent": "bounds/1", "bolt_agent": {"product": "bounds/1"}})
    assert receive(sock).tag == b.SUCCESS
    auth = {"scheme": "basic", "principal": user, "credentials": password}
    send(sock, b.LOGON, auth)
    return sock, receive(sock)


def _closed(sock: socket.socket) -> bool:
    """Whether the gateway closes this connection (after at most a FAILURE or two)."""
    try:
        for _ in range(3):
            receive(sock)
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


def test_out_of_order_messages_get_a_failure(newsroom: Newsroom) -> None:
    """Finding 11: RUN without LOGON, PULL without RUN and RUN after LOGOFF were closed bare."""
    sock = _connect(newsroom.gateway.port)
    send(sock, b.HELLO, {"user_agent": "bounds/1", "bolt_agent": {"product": "bounds/1"}})
    assert receive(sock).tag == b.SUCCESS
    send(sock, b.RUN, "RETURN 1", {}, {})
    refused = receive(sock)
    assert refused.tag == b.FAILURE and _code(refused) == UNAUTHORIZED and _closed(sock)
    sock, answer = _login(newsroom.gateway.port, newsroom.password)
    with sock:
        assert answer.tag == b.SUCCESS
        send(sock, b.PULL, {"n": -1})
        refused = receive(sock)
        assert refused.tag == b.FAILURE and "send RUN first" in refused.fields[0]["message"]
        send(sock, b.RESET)
        assert receive(sock).tag == b.SUCCESS
        send(sock, b.LOGOFF)
        assert receive(sock).tag == b.SUCCESS
        send(sock, b.RUN, "RETURN 1", {}, {})
        refused = receive(sock)
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
