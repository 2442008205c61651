"""The Browser guide and style (served by the API) and the Browser settings in neo4j.conf."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import cypher
from api.main import create_app
from api.settings import ApiSettings
from graph.driver import make_driver
from graph.schema import CLAIMED, SOURCE, NodeType
from graph.settings import Neo4jSettings
from kg.local import server
from kg.local.conf import neo4j_conf
from newsroom.guide import (
    CLAIMED_COLOUR,
    GuideError,
    Run,
    cypher_literal,
    param_command,
    render_guide,
    render_style,
)
from newsroom.slides import slides
from tests.helpers import LOCAL_API, throwaway_server


class Blocks(HTMLParser):
    """The runnable blocks of a guide, each with the query name of its <figure>."""

    def __init__(self) -> None:
        super().__init__()
        self.figure: str | None = None
        self.in_pre = False
        self.blocks: list[tuple[str | None, str]] = []
        self.slides = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "figure":
            self.figure = found.get("data-query")
        elif tag == "pre" and "runnable" in (found.get("class") or ""):
            self.in_pre = True
            self.blocks.append((self.figure, ""))
        elif tag == "slide":
            self.slides += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self.figure = None
        elif tag == "pre":
            self.in_pre = False

    def handle_data(self, data: str) -> None:
        if self.in_pre:
            name, text = self.blocks[-1]
            self.blocks[-1] = (name, text + data)


@pytest.fixture(scope="module")
def served() -> TestClient:
    # The guide needs no database: an unreachable one is fine.
    nowhere = Neo4jSettings(uri="bolt://127.0.0.1:9", password="x")
    app = create_app(nowhere, ApiSettings(guide_host="127.0.0.1:8123"))
    return TestClient(app, base_url=LOCAL_API)


def test_guide_is_served_with_cors_for_the_browser(served: TestClient) -> None:
    response = served.get("/guide/newsroom.html")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["access-control-allow-origin"] == "*"
    # The Browser's fetch sends pragma/cache-control: a preflight must be answered.
    preflight = served.options(
        "/guide/newsroom.html",
        headers={
            "Origin": "http://127.0.0.1:7474",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "cache-control,pragma",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert preflight.headers["access-control-allow-headers"] == "*"
    style = served.get("/guide/newsroom.grass")
    assert style.status_code == 200 and style.headers["access-control-allow-origin"] == "*"
    assert style.text == render_style()
    paths = served.get("/openapi.json").json()["paths"]
    assert set(paths["/guide/newsroom.html"]) == {"get"}


def test_every_runnable_query_is_a_named_file(served: TestClient) -> None:
    html = served.get("/guide/newsroom.html").text
    parser = Blocks()
    parser.feed(html)
    assert parser.slides >= 8
    assert "sourced statements, not allegations of wrongdoing" in html
    # The configured guide host (KG_GUIDE_HOST), not the request's Host.
    assert ":style http://127.0.0.1:8123/guide/newsroom.grass" in html
    shown = set()
    for name, text in parser.blocks:
        if name is None:
            assert text.startswith(":style "), text  # the one Browser command outside figures
        elif text.startswith(":param "):
            assert "=>" in text
        else:
            assert text == cypher.query(name).body, name
            assert cypher.query(name).header.split("Parameters:")[0].split()[0] in html
            shown.add(name)
    # Every guide query is shown; at least two queries are the API's own files.
    assert set(cypher.names("guide")) <= shown
    assert len([n for n in shown if n.startswith("api/")]) >= 2


def test_param_block_must_set_exactly_the_query_parameters() -> None:
    with pytest.raises(GuideError, match=r"uses \['id'\] but the guide sets \[\]"):
        param_command(Run("api/source/get", {}))
    with pytest.raises(GuideError, match="'extra'"):
        param_command(Run("api/source/get", {"id": "source:x", "extra": 1}))
    assert param_command(Run("api/source/get", {"id": "source:x"})) == (
        ":param [{id}] => { RETURN 'source:x' AS id }"
    )


def test_cypher_literals() -> None:
    assert cypher_literal(None) == "null"
    assert cypher_literal(True) == "true"
    assert cypher_literal(25) == "25"
    assert cypher_literal(date(2023, 10, 1)) == "date('2023-10-01')"
    assert cypher_literal(["a", None]) == "['a', null]"
    assert cypher_literal("it's \\ here") == "'it\\'s \\\\ here'"


def test_style_colours_every_type_and_captions_names() -> None:
    style = render_style()
    for label in [*NodeType, SOURCE]:
        rule = re.search(rf"^node\.{label} \{{(.*)\}}$", style, re.MULTILINE)
        assert rule, label
        assert "color: #" in rule.group(1)
        caption = "{publisher}" if label == SOURCE else "{name}"
        assert f"caption: '{caption}'" in rule.group(1)
    assert re.search(r"relationship \{[^}]*caption: '<type>'", style)
    found = [re.search(rf"node\.{t} {{ color: (#\w+)", style) for t in NodeType]
    fills = {m.group(1) for m in found if m}
    assert len(found) == len(NodeType) and all(found)
    assert len(fills) == len(NodeType)  # one colour per type


def test_guide_queries_answer_on_the_dataset(loaded_graph: Neo4jSettings) -> None:
    """Each query of the guide, with its `:param` values, returns rows from the real data."""
    runs = [run for slide in slides("http://x/s.grass") for run in slide.runs]
    with make_driver(loaded_graph) as driver:
        for run in runs:
            if run.params:
                # The block's RETURN is what the Browser evaluates into parameters.
                block = param_command(run)
                returned = block[block.index("{ RETURN") + 2 : -2]
                records, _, _ = driver.execute_query(returned, database_=loaded_graph.database)
                assert records[0].data() == run.params, run.name
            records, _, _ = driver.execute_query(
                cypher.load(run.name), dict(run.params), database_=loaded_graph.database
            )
            assert records, f"{run.name} returned no rows"
            first = records[0].data()
            if "total" in first:
                assert first["total"] > 0, run.name


def test_conf_opens_guide_and_style_and_blocks_remote_assets(tmp_path: Path) -> None:
    local = throwaway_server(tmp_path).model_copy(update={"guide_host": "127.0.0.1:18000"})
    text = neo4j_conf(local, server.Paths(tmp_path))
    conf: dict[str, str] = dict(line.split("=", 1) for line in text.splitlines())
    assert conf["browser.post_connect_cmd"] == (
        "style http://127.0.0.1:18000/guide/newsroom.grass; "
        "play http://127.0.0.1:18000/guide/newsroom.html"
    )
    # `…allowlist` is not a 5.26 setting: the server would refuse to start.
    assert conf["browser.remote_content_hostname_whitelist"] == "127.0.0.1,localhost"
    assert not [key for key in conf if "allowlist" in key]
    assert conf["client.allow_telemetry"] == "false"
    csp = conf["dbms.security.http_static_content_security_policy_header"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    # The Browser's Bolt may reach the newsroom gateway only, not Neo4j's own port.
    assert f"ws://127.0.0.1:{local.gateway_port}" in directives["connect-src"].split()
    assert f":{local.bolt_port}" not in directives["connect-src"]
    assert "http://127.0.0.1:18000" in directives["connect-src"].split()
    assert directives["script-src"] == "'self'"
    assert "http://127.0.0.1:18000" in directives["img-src"].split()
    assert "server.databases.read_only" not in conf


def test_conf_newsroom_mode_makes_only_the_graph_read_only(tmp_path: Path) -> None:
    local = throwaway_server(tmp_path)
    conf = neo4j_conf(local, server.Paths(tmp_path), read_only=True)
    assert "server.databases.read_only=neo4j\n" in conf
    # Only the graph is named; `system` staying writable is checked on a real server in
    # tests/test_browser.py.
    assert "default_to_read_only" not in conf


def test_style_sets_claims_apart_and_captions_from_the_property() -> None:
    style = render_style()
    for rel_type, stored in CLAIMED.items():
        rule = re.search(rf"^relationship\.{stored} \{{(.*)\}}$", style, re.MULTILINE)
        assert rule, stored
        assert f"color: {CLAIMED_COLOUR};" in rule.group(1)
        assert "caption: '{caption}'" in rule.group(1)
        plain = re.search(rf"^relationship\.{rel_type} \{{ color: (#\w+);", style, re.MULTILINE)
        assert plain and plain.group(1) != CLAIMED_COLOUR, rel_type
    assert re.search(r"^node\.Status \{.*caption: '\{status\}'", style, re.MULTILINE)
    html = render_guide(slides("http://x/s.grass"))
    assert "CLAIMED_&lt;TYPE&gt;" in html and "attributed_to" in html and "HAS_STATUS" in html
    assert 'data-query="guide/attributed_claims"' in html


def test_hub_free_path_page_answers_through_the_connecting_people(
    loaded_graph: Neo4jSettings,
) -> None:
    """The "paths that avoid the hubs" page: its Browser query and the API's query with the
    page's `:param` values give the same chains, none through a hub."""
    hubs = {
        "org:ministry-of-justice",
        "person:vladimir-putin",
        "org:russian-government",
        "org:rosfinmonitoring",
        "org:prosecutor-generals-office",
    }
    [page] = [s for s in slides("http://x/s.grass") if s.title == "Paths that avoid the hubs"]
    browser, api_run = page.runs
    assert browser.name == "guide/khodorkovsky_to_kuroptev_without_hubs"
    assert api_run.name == "api/path/shortest" and api_run.params["max_degree"] == 20
    with make_driver(loaded_graph) as driver:
        drawn, _, _ = driver.execute_query(
            cypher.load(browser.name), database_=loaded_graph.database
        )
        listed, _, _ = driver.execute_query(
            cypher.load(api_run.name), dict(api_run.params), database_=loaded_graph.database
        )
    routes = {tuple(n["id"] for n in r["path"].nodes) for r in drawn}
    assert routes == {tuple(n["id"] for n in r["nodes"]) for r in listed}
    platform, hearing = (
        "org:pace-platform-for-dialogue",
        "event:pace-hearing-russian-democratic-forces-2023-10",
    )
    frf, svtv = "org:free-russia-foundation", "event:svtv-report-2023-11-15"
    arno, milov = "person:natalia-arno", "person:vladimir-milov"
    assert {route[1:4] for route in routes} == {
        (platform, arno, frf),
        (hearing, arno, frf),
        (platform, arno, svtv),
        (hearing, arno, svtv),
        (hearing, milov, svtv),
    }
    assert not hubs & {i for route in routes for i in route}
