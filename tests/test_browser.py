"""The newsroom: Neo4j Browser as a journalist meets it, and `kg ingest` as the write path.

One Neo4j for the module (free ports, the dataset loaded, then newsroom read-only mode, as
`kg run` leaves it) whose post-connect command points at a live API on a free port, with
the newsroom gateway (newsroom/gateway/) in front of it on a free port.

- In Debian's headless Chromium (Playwright): the Browser offers the gateway, the journalist
  logs in with the newsroom login (Bolt over WebSocket to the gateway), sees the guide, runs
  a guide query and sees the styled graph, sees a typed write and a typed CREATE USER
  refused. Screenshots go to test-artifacts/browser/. Nothing may leave the machine: the
  server's Content-Security-Policy must stop every request the Browser tries to send
  elsewhere, and the Browser's Bolt goes only to the gateway.
- `kg ingest` against that server: it restarts it writable, loads, and restores the mode.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from neo4j.exceptions import ClientError

import cypher
from graph.driver import make_driver
from graph.schema import NodeType
from graph.settings import Neo4jSettings
from ingest.pipeline import run_ingest
from kg.local import server
from newsroom.gateway import newsroom_credentials, serve_in_thread
from newsroom.guide import CLAIMED_COLOUR, NODE_COLOURS
from tests.browser_support import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    FORBIDDEN,
    NODE_CAPTIONS,
    REL_CAPTIONS,
    REL_DRAWN,
    REPO,
    WAIT_MS,
    ApiServer,
    Newsroom,
    Traffic,
    is_local,
)
from tests.helpers import free_ports, start_throwaway


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Newsroom]:
    if os.environ.get("NEO4J_URI"):
        pytest.skip("needs the project's own server (newsroom mode), not an external NEO4J_URI")
    api_port, gateway_port = free_ports(2)
    local = start_throwaway(
        tmp_path_factory.mktemp("newsroom"),
        read_only=False,
        avoid=frozenset({api_port, gateway_port}),
        guide_host=f"127.0.0.1:{api_port}",
        gateway_port=gateway_port,
    )
    try:
        settings = server.connection(local)
        run_ingest(settings)
        server.start(local, read_only=True)  # what `kg run` does: load, then newsroom mode
        gateway = serve_in_thread(local)
        password = newsroom_credentials(local).password
        try:
            with ApiServer(settings, api_port, f"{local.http_url}/browser/"):
                yield Newsroom(local, settings, api_port, gateway, password)
        finally:
            gateway.stop()
    finally:
        server.stop(local)


@pytest.mark.browser
def test_journalist_session_in_headless_chromium(newsroom: Newsroom, tmp_path: Path) -> None:
    from playwright.sync_api import Route, sync_playwright

    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (`make browser-deps` installs it; `make test` does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    local, traffic = newsroom.local, Traffic()

    def guard(route: Route) -> None:
        # A safety net only: the server's CSP must stop these first (asserted below).
        if is_local(route.request.url):
            route.continue_()
        else:
            traffic.aborted.append(route.request.url)
            route.abort()

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            context.route("**/*", guard)
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(WAIT_MS)
            page.on("request", lambda r: traffic.requests.append(r.url))
            page.on(
                "requestfailed",
                lambda r: (
                    None
                    if is_local(r.url)
                    else traffic.remote_failures.__setitem__(r.url, r.failure or "")
                ),
            )
            page.on(
                "response",
                lambda r: None if is_local(r.url) else traffic.remote_responses.append(r.url),
            )
            page.on("websocket", lambda ws: traffic.websockets.append(ws.url))

            # The Browser offers the gateway (server discovery), not Neo4j's own Bolt port;
            # the journalist logs in there with the newsroom login.
            page.goto(f"{local.http_url}/browser/")
            offered = page.get_by_test_id("boltaddress").input_value()
            assert offered == f"{local.host}:{local.gateway_port}", offered
            page.get_by_test_id("username").fill(local.newsroom_user)
            page.get_by_test_id("password").fill(newsroom.password)
            page.get_by_test_id("connect").click()

            # The post-connect command opens the guide from the API.
            guide = page.get_by_test_id("carousel")
            guide.get_by_text("These are sourced statements, not allegations").wait_for()
            assert guide.get_by_text("Exile graph").first.is_visible()
            guide.screenshot(path=ARTIFACTS / "1-guide.png")

            # Ponomarev's network: run the guide's query with its ▶ and see it drawn.
            guide.locator('li[aria-label="3"]').click()
            first_line = cypher.query("guide/ponomarev_network").body.splitlines()[0]
            block = guide.locator("pre.runnable", has_text=first_line)
            block.locator("i.fa-play-circle-o").click()
            page.locator("svg g.node").first.wait_for()
            page.wait_for_function("() => document.querySelectorAll('svg g.node').length >= 10")
            page.wait_for_timeout(1500)  # let the force layout settle for the screenshot
            page.screenshot(path=ARTIFACTS / "2-graph.png")
            nodes = {n["caption"]: (n["fill"] or "").upper() for n in page.evaluate(NODE_CAPTIONS)}
            rel_captions = set(page.evaluate(REL_CAPTIONS))
            drawn = page.evaluate(REL_DRAWN)

            # A shared API query: its `:param` block, then the query itself (a table).
            api_block = guide.locator("figure[data-query='api/entity/relations']")
            api_block.locator("pre.runnable", has_text=":param").locator("i").click()
            page.get_by_text('"person:ilya-ponomarev"').first.wait_for()
            api_block.locator("pre.runnable", has_text="MATCH").locator("i").click()
            page.get_by_text('"org:congress-of-peoples-deputies"').first.wait_for()

            # A write typed into the editor is refused by the gateway (the database would
            # refuse it too), and so is creating a user, which the database would allow.
            page.locator(".monaco-editor").first.click()
            page.keyboard.type("CREATE (:Probe {name: 'from the newsroom'})")
            page.get_by_test_id("editor-Run").click()
            page.get_by_text("newsroom login reads the graph only: this query writes").wait_for()
            assert page.get_by_text(FORBIDDEN).first.is_visible()
            page.screenshot(path=ARTIFACTS / "3-write-refused.png")
            page.locator(".monaco-editor").first.click()
            page.keyboard.type("CREATE USER eve SET PASSWORD 'from-the-newsroom-1'")
            page.get_by_test_id("editor-Run").click()
            page.get_by_text("this query changes the schema or administers the server").wait_for()
            page.screenshot(path=ARTIFACTS / "3b-create-user-refused.png")

            # A deep link from the API opens the Browser with the neighbourhood pre-filled;
            # the guide still opens after connecting (only cmd=play|guide would stop that).
            api = f"http://127.0.0.1:{newsroom.api_port}"
            link = httpx.get(f"{api}/entities/person:ilya-ponomarev").json()["browser_url"]
            assert link.startswith(f"{local.http_url}/browser/?cmd=edit&arg=")
            page.goto(link)
            page.locator(".monaco-editor .view-lines", has_text="ilya-ponomarev").first.wait_for()
            page.get_by_test_id("carousel").get_by_text("Exile graph").first.wait_for()
            page.get_by_test_id("editor-Run").click()
            page.locator("svg g.node", has_text="Ilya Ponomarev").first.wait_for()
            page.wait_for_timeout(1500)
            page.screenshot(path=ARTIFACTS / "4-deep-link.png")
        finally:
            context.close()

    # Captions are names, not ids; colours follow the node type; edges show their type.
    assert "Ilya Ponomarev" in nodes, sorted(nodes)
    assert nodes["Ilya Ponomarev"] == NODE_COLOURS[NodeType.PERSON][0].upper()
    assert nodes["Freedom of Russia Legion"] == NODE_COLOURS[NodeType.ORGANIZATION][0].upper()
    assert nodes["Kyiv"] == NODE_COLOURS[NodeType.PLACE][0].upper()
    assert not [c for c in nodes if re.fullmatch(r"\d+|\w+:[\w-]+", c)], sorted(nodes)
    assert {"FOUNDED", "MEMBER_OF", "LIVES_IN"} <= rel_captions, rel_captions
    # His self-description (attributed to himself) is drawn in amber with its caption; the
    # Browser may shorten a caption to fit the edge, so only its start is certain.
    claimed = [r for r in drawn if (r["fill"] or "").upper() == CLAIMED_COLOUR.upper()]
    assert "REPRESENTS · per Ilya Ponomarev" in {r["caption"] for r in claimed} or any(
        r["caption"].startswith("REPRESENTS ·") for r in claimed
    ), drawn
    # A fact keeps its bare caption and the plain colour; the FSB's claim that he founded
    # the Congress is amber, with its party ("FOUNDED · per …").
    assert not any(r["caption"] in ("FOUNDED", "LIVES_IN") for r in claimed), drawn
    assert any(r["caption"] == "FOUNDED" and r not in claimed for r in drawn), drawn

    with make_driver(newsroom.neo4j) as driver:
        records, _, _ = driver.execute_query("MATCH (p:Probe) RETURN count(p) AS n")
        users, _, _ = driver.execute_query("SHOW USERS YIELD user", database_="system")
    assert records[0]["n"] == 0
    assert [u["user"] for u in users] == ["neo4j"]

    # The guide and the style came from the API on the configured guide host.
    guide_host = f"http://127.0.0.1:{newsroom.api_port}"
    assert f"{guide_host}/guide/newsroom.html" in traffic.requests
    assert f"{guide_host}/guide/newsroom.grass" in traffic.requests
    # Nothing left the machine, and it is the server's CSP that stopped it, not our guard.
    assert traffic.remote_responses == []
    assert traffic.aborted == []
    assert all(reason == "csp" for reason in traffic.remote_failures.values()), traffic
    assert traffic.websockets and all(is_local(url) for url in traffic.websockets)
    # Every Bolt connection of the Browser went to the gateway, none to Neo4j's own port.
    assert {urlsplit(url).port for url in traffic.websockets} == {local.gateway_port}
    (ARTIFACTS / "remote-requests-blocked-by-csp.txt").write_text(
        "".join(f"{url}\n" for url in sorted(traffic.remote_failures))
    )


READ_ONLY_CODE = "Neo.ClientError.General.WriteOnReadOnlyAccessDatabase"


def assert_newsroom_mode(settings: Neo4jSettings) -> None:
    """Writes to the graph are refused; `system` (users, passwords) stays writable."""
    with make_driver(settings) as driver:
        with pytest.raises(ClientError) as refused:
            driver.execute_query("CREATE (:Probe)", database_="neo4j")
        assert refused.value.code == READ_ONLY_CODE
        records, _, _ = driver.execute_query("SHOW DATABASE neo4j YIELD access", database_="system")
        assert records[0]["access"] == "read-only"
        driver.execute_query(
            "CREATE USER newsroom_probe IF NOT EXISTS SET PASSWORD "
            "'probe-password-1' CHANGE NOT REQUIRED",
            database_="system",
        )
        driver.execute_query("DROP USER newsroom_probe", database_="system")


def test_kg_ingest_writes_through_newsroom_mode(newsroom: Newsroom) -> None:
    local = newsroom.local
    env = {
        **os.environ,
        "KG_STATE_DIR": str(local.state_dir),
        "KG_BOLT_PORT": str(local.bolt_port),
        "KG_HTTP_PORT": str(local.http_port),
        "KG_GUIDE_HOST": local.guide_host,
        "KG_GATEWAY_PORT": str(local.gateway_port),
        "KG_START_TIMEOUT": "180",
    }
    for name in ("NEO4J_URI", "NEO4J_PASSWORD", "NEO4J_USER", "NEO4J_DATABASE"):
        env.pop(name, None)

    def kg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kg.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            timeout=600,
            check=False,
        )

    assert "newsroom (read-only)" in kg("neo4j", "status").stdout
    assert_newsroom_mode(newsroom.neo4j)
    done = kg("ingest")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "restarting it writable to ingest" in done.stdout
    assert "Restarting Neo4j in newsroom (read-only) mode" in done.stdout
    assert "newsroom (read-only)" in kg("neo4j", "status").stdout
    assert_newsroom_mode(newsroom.neo4j)
    with make_driver(newsroom.neo4j) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (p:Person {id: 'person:ilya-ponomarev'}) RETURN p.name AS name"
        )
    assert [r["name"] for r in records] == ["Ilya Ponomarev"]
