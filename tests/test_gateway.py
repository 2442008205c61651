"""The newsroom gateway against a real Neo4j: journalists read, and change nothing else.

One Neo4j for the module (free ports, the dataset loaded, then newsroom mode, as `kg run`
leaves it) with the gateway in front of it, and a small HTTP server on loopback that
records every request: a stand-in for the API's port, which LOAD CSV must never reach.
Journalists connect as the Python driver and cypher-shell do (raw Bolt); the Browser's
WebSocket path is driven in tests/test_browser.py.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import socket
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ClientError, CypherSyntaxError

from api.main import create_app
from graph.driver import make_driver
from graph.settings import LocalServerSettings, Neo4jSettings
from ingest.pipeline import run_ingest
from kg.local import server
from newsroom.gateway import GatewaySettings, GatewayThread, newsroom_credentials, serve_in_thread
from newsroom.gateway import bolt as b
from newsroom.gateway.packstream import Struct
from tests.bolt_by_hand import receive, send
from tests.helpers import free_ports, start_throwaway

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
FORBIDDEN = "Neo.ClientError.Security.Forbidden"
PONOMAREV = "person:ilya-ponomarev"


class Recorder(ThreadingHTTPServer):
    """An HTTP server that answers 200 and remembers every path asked for."""

    def __init__(self, port: int) -> None:
        self.paths: list[str] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                recorder.paths.append(self.path)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"status\nok\n")

            def log_message(self, *args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()


@dataclass
class Newsroom:
    local: LocalServerSettings
    admin: Neo4jSettings
    gateway: GatewayThread
    password: str
    site: Recorder

    def driver(self, user: str | None = None, password: str | None = None, **config: Any) -> Driver:
        auth = (user or self.local.newsroom_user, password or self.password)
        return GraphDatabase.driver(self.gateway.uri, auth=auth, **config)


@contextlib.contextmanager
def newsroom_up(root: Path, limits: GatewaySettings | None = None) -> Iterator[Newsroom]:
    """A throwaway Neo4j with the data, in newsroom mode, the gateway (a thread) in front."""
    site_port, gateway_port = free_ports(2)
    site = Recorder(site_port)
    local = start_throwaway(
        root, read_only=False, avoid=frozenset({site_port, gateway_port}), gateway_port=gateway_port
    )
    try:
        admin = server.connection(local)
        run_ingest(admin)
        server.start(local, read_only=True)
        # Several tests log in wrongly on purpose: the throttle is tested on its own gateway.
        gateway = serve_in_thread(local, limits=limits or GatewaySettings(login_free_failures=100))
        try:
            yield Newsroom(local, admin, gateway, newsroom_credentials(local).password, site)
        finally:
            gateway.stop()
    finally:
        server.stop(local)
        site.shutdown()


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Newsroom]:
    if os.environ.get("NEO4J_URI"):
        pytest.skip("needs the project's own server (newsroom mode), not an external NEO4J_URI")
    with newsroom_up(tmp_path_factory.mktemp("gateway")) as up:
        yield up


STATUSES = (
    "MATCH (:Person {id: $id})-[:HAS_STATUS]->(s:Status) WHERE s.valid_from_date <= $on "
    "RETURN s.status AS status, s.valid_from_date AS since ORDER BY since, status"
)


def test_journalists_read_the_graph(newsroom: Newsroom) -> None:
    params = {"id": PONOMAREV, "on": datetime.date(2024, 1, 1)}
    with make_driver(newsroom.admin) as admin:
        expected = [r.data() for r in admin.execute_query(STATUSES, params).records]
    with newsroom.driver() as driver:
        seen = [r.data() for r in driver.execute_query(STATUSES, params).records]
        name = driver.execute_query("MATCH (p:Person {id: $id}) RETURN p.name AS n", id=PONOMAREV)
        with driver.session() as session:
            profiled = session.run("PROFILE MATCH (p:Person) RETURN count(p) AS n").single()
            read_tx = session.execute_read(
                lambda tx: tx.run("RETURN $d AS d", d=params["on"]).data()
            )
    assert seen == expected
    assert {row["status"] for row in seen} == {"in_exile"}
    assert all(row["since"] <= datetime.date(2024, 1, 1) for row in seen)
    assert name.records[0]["n"] == "Ilya Ponomarev"
    assert profiled is not None and profiled["n"] > 0
    assert read_tx == [{"d": params["on"]}]


ADMIN_PASSWORD = object()  # replaced by the real one: a refusal must not depend on a bad guess
REFUSED: list[tuple[str, str, dict[str, Any]]] = [
    ("system", "CREATE USER eve SET PASSWORD 'newsroom-eve-1' CHANGE NOT REQUIRED", {}),
    ("neo4j", "CREATE USER eve SET PASSWORD 'newsroom-eve-1' CHANGE NOT REQUIRED", {}),
    (
        "system",
        "ALTER CURRENT USER SET PASSWORD FROM $old TO 'locked-out-1'",
        {"old": ADMIN_PASSWORD},
    ),
    ("system", "ALTER USER neo4j SET PASSWORD 'locked-out-1' CHANGE NOT REQUIRED", {}),
    ("system", "DROP USER neo4j", {}),
    ("system", "SHOW USERS", {}),
    ("neo4j", "SHOW SETTINGS", {}),
    ("neo4j", "CALL dbms.listConfig()", {}),
    ("neo4j", "CALL db.clearQueryCaches()", {}),
    ("neo4j", "LOAD CSV FROM 'SITE' AS row RETURN row", {}),
    ("neo4j", "LOAD CSV FROM $url AS row RETURN row", {"url": "SITE"}),
    ("neo4j", "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", {}),
    ("neo4j", "SHOW TRANSACTIONS", {}),
    ("neo4j", "TERMINATE TRANSACTIONS 'neo4j-transaction-1'", {}),
    ("neo4j", "CREATE (:Probe {name: 'from the newsroom'})", {}),
    ("neo4j", "MATCH (p:Person) CALL (p) { SET p.name = 'x' } IN TRANSACTIONS", {}),
    ("neo4j", "CALL dbms.components() YIELD name CREATE (:Probe {name: name})", {}),
]


@pytest.mark.parametrize(("database", "query", "params"), REFUSED, ids=[q for _, q, _ in REFUSED])
def test_refused(newsroom: Newsroom, database: str, query: str, params: dict[str, Any]) -> None:
    site = f"http://127.0.0.1:{newsroom.site.server_port}/health"
    values = {
        k: newsroom.admin.secret if v is ADMIN_PASSWORD else site if v == "SITE" else v
        for k, v in params.items()
    }
    with newsroom.driver() as driver, pytest.raises(ClientError) as refused:
        driver.execute_query(query.replace("SITE", site), values, database_=database)
    assert refused.value.code == FORBIDDEN
    assert refused.value.message.startswith("the newsroom login reads the graph only")


@pytest.mark.parametrize(
    "who", ["wrong password", "wrong user", "the admin's own login", "empty password"]
)
def test_only_the_newsroom_login_gets_in(newsroom: Newsroom, who: str) -> None:
    user, password = {
        "wrong password": (newsroom.local.newsroom_user, newsroom.password + "x"),
        "wrong user": ("neo4j", newsroom.password),
        "the admin's own login": (newsroom.admin.user, newsroom.admin.secret),
        "empty password": (newsroom.local.newsroom_user, ""),
    }[who]
    with (
        GraphDatabase.driver(newsroom.gateway.uri, auth=(user, password)) as driver,
        pytest.raises(AuthError) as refused,
    ):
        driver.verify_connectivity()
    assert refused.value.code == "Neo.ClientError.Security.Unauthorized"


def test_a_refusal_in_a_transaction_then_reset_leaves_the_connection_usable(
    newsroom: Newsroom,
) -> None:
    # One pooled connection, so the query after the refusal reuses the refused one.
    with newsroom.driver(max_connection_pool_size=1) as driver, driver.session() as session:
        tx = session.begin_transaction()
        assert tx.run("RETURN 1 AS n").single() is not None
        with pytest.raises(ClientError) as refused:
            tx.run("CREATE (:Probe)").consume()
        assert refused.value.code == FORBIDDEN
        tx.close()  # the driver resets the failed connection
        record = session.run("MATCH (p:Person {id: $id}) RETURN p.name AS n", id=PONOMAREV)
        assert record.single(strict=True)["n"] == "Ilya Ponomarev"
        with pytest.raises(CypherSyntaxError):  # what Neo4j cannot plan fails as usual
            session.run("MATCH (n RETURN n").consume()
        assert session.run("RETURN 2 AS n").single(strict=True)["n"] == 2


# Bolt 4.4 by hand: the credential travels in HELLO, and the failed state is visible.
def _bolt44(newsroom: Newsroom, user: str, password: str) -> tuple[socket.socket, Struct]:
    sock = socket.create_connection(("127.0.0.1", newsroom.gateway.port), timeout=30)
    sock.sendall(b.MAGIC + bytes.fromhex("00000404") + bytes(12))
    assert sock.recv(4) == bytes.fromhex("00000404")
    auth = {"scheme": "basic", "principal": user, "credentials": password}
    send(sock, b.HELLO, {"user_agent": "newsroom-test/1", **auth})
    return sock, receive(sock)


def test_bolt_4_hello_credential_and_failed_state(newsroom: Newsroom) -> None:
    sock, answer = _bolt44(newsroom, newsroom.local.newsroom_user, "not-it")
    with sock:
        assert answer.tag == b.FAILURE
        assert answer.fields[0]["code"] == "Neo.ClientError.Security.Unauthorized"
        with pytest.raises((EOFError, ConnectionError)):
            receive(sock)  # closed after a failed login, as Neo4j does
    sock, answer = _bolt44(newsroom, newsroom.local.newsroom_user, newsroom.password)
    with sock:
        assert answer.tag == b.SUCCESS, answer
        send(sock, b.RUN, "CREATE (:Probe)", {}, {})
        send(sock, b.PULL, {"n": -1})
        refused, ignored = receive(sock), receive(sock)
        assert refused.tag == b.FAILURE and refused.fields[0]["code"] == FORBIDDEN
        assert ignored.tag == b.IGNORED  # failed until RESET
        send(sock, b.RESET)
        assert receive(sock).tag == b.SUCCESS
        send(sock, b.RUN, "RETURN $x AS x", {"x": 41}, {})
        send(sock, b.PULL, {"n": -1})
        assert receive(sock).tag == b.SUCCESS
        assert receive(sock) == Struct(b.RECORD, [[41]])
        assert receive(sock).tag == b.SUCCESS
        send(sock, b.GOODBYE)


def test_plain_http_to_the_gateway_gets_a_hint(newsroom: Newsroom) -> None:
    answer = httpx.get(f"http://127.0.0.1:{newsroom.gateway.port}/", timeout=10)
    assert answer.status_code == 400
    assert "Bolt gateway" in answer.text


def test_newsroom_password_is_generated_privately(newsroom: Newsroom) -> None:
    stored = newsroom.local.newsroom_password_file
    assert stored.read_text().strip() == newsroom.password
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert newsroom.password != newsroom.admin.secret and len(newsroom.password) >= 24


def test_the_database_itself_fetches_no_url_and_reads_no_file(newsroom: Newsroom) -> None:
    """Behind the gateway, even the admin's LOAD CSV is refused by Neo4j's configuration."""
    site = f"http://127.0.0.1:{newsroom.site.server_port}/health"
    with make_driver(newsroom.admin) as admin:
        for url in (site, "file:///etc/passwd"):
            with pytest.raises(ClientError) as refused:
                admin.execute_query("LOAD CSV FROM $url AS row RETURN row", url=url)
            assert refused.value.code == "Neo.ClientError.Statement.ExternalResourceFailed"
    # The recorder stands where the API listens: a fetch would have reached it.
    assert httpx.get(site, timeout=10).status_code == 200
    newsroom.site.paths.remove("/health")


def test_afterwards_the_admin_login_users_and_api_are_intact(newsroom: Newsroom) -> None:
    """Runs after the attempts above (pytest keeps file order): none of them left a mark."""
    with make_driver(newsroom.admin) as admin:
        users, _, _ = admin.execute_query("SHOW USERS YIELD user", database_="system")
        probes, _, _ = admin.execute_query("MATCH (p:Probe) RETURN count(p) AS n")
        names, _, _ = admin.execute_query(
            "MATCH (p:Person) WHERE p.name = 'x' RETURN count(p) AS n"
        )
    assert [u["user"] for u in users] == ["neo4j"]
    assert probes[0]["n"] == 0 and names[0]["n"] == 0
    assert newsroom.site.paths == []
    with TestClient(create_app(newsroom.admin), base_url="http://127.0.0.1") as client:
        assert client.get("/ready").status_code == 200
