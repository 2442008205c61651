"""The neo4j.conf the project writes for its local server, Browser settings included.

Written anew on every start, so a changed setting (ports, guide host, newsroom mode) takes
effect at the next start. The Browser settings are explained in docs/newsroom.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.settings import LocalServerSettings

if TYPE_CHECKING:
    from graph.server import Paths

# Community runs one user database, always this one (no CREATE DATABASE in Community).
DATABASE = "neo4j"
GUIDE_PATH = "/guide/newsroom.html"
STYLE_PATH = "/guide/newsroom.grass"


def guide_url(settings: LocalServerSettings) -> str:
    return f"http://{settings.guide_host}{GUIDE_PATH}"


def style_url(settings: LocalServerSettings) -> str:
    return f"http://{settings.guide_host}{STYLE_PATH}"


def browser_settings(settings: LocalServerSettings) -> dict[str, str]:
    """Neo4j Browser: the newsroom guide and style on connect, and nothing fetched from afar."""
    guide = settings.guide_host
    hostname = guide.rsplit(":", 1)[0] if ":" in guide else guide
    # The allowlist ignores ports; `localhost` and `127.0.0.1` do not match each other.
    allowed = list(dict.fromkeys([hostname, "127.0.0.1", "localhost"]))
    # Journalists' Bolt goes to the newsroom gateway (graph/gateway/), never to Neo4j's own
    # port, which only the API and the ingest use.
    bolt = settings.gateway_port
    # Community ignores browser.allow_outgoing_connections, so the Browser would load
    # Segment, Canny, Sentry and Google Fonts; the page's CSP is what stops them. It must
    # still let the page open Bolt over a websocket and fetch the guide and the style.
    connect_src = " ".join(
        [
            "'self'",
            f"ws://{settings.host}:{bolt}",
            f"ws://localhost:{bolt}",
            f"http://{settings.host}:{bolt}",
            f"http://localhost:{bolt}",
            f"http://{guide}",
        ]
    )
    csp = (
        "default-src 'self'; script-src 'self'; "
        f"img-src 'self' data: http://{guide}; style-src 'self' 'unsafe-inline'; "
        "font-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; "
        f"connect-src {connect_src}"
    )
    return {
        # The name in 5.26 is `…whitelist`: `…allowlist` stops the server from starting.
        "browser.remote_content_hostname_whitelist": ",".join(allowed),
        # `;`-separated Browser commands, run once after each login (no leading colon).
        "browser.post_connect_cmd": f"style {style_url(settings)}; play {guide_url(settings)}",
        "client.allow_telemetry": "false",
        "dbms.security.http_static_content_security_policy_header": csp,
    }


# What analysts' queries may cost Neo4j (issue 11). One transaction may hold 256 MiB of
# operator memory (collect, ORDER BY, DISTINCT): a runaway collect fails at once instead of
# filling the heap the API's other reads need (the ingest and the full export use < 64 MiB;
# a depth-3 export around a hub needs more than 128 MiB). All transactions together stay
# under Neo4j's default pool, 70% of the heap.
# A cached plan of a 30-relationship MATCH keeps ~0.4 MB of heap (40: ~0.75 MB): 1000 such
# plans (the default cache) would fill a 512 MB heap, and a server whose heap was full of
# them planned everything 2-4x slower. 250 entries leave room for the project's ~50
# queries and the analysts' (at most ~100 MB of plans). (The planner's
# internal IDP thresholds were tried and changed nothing: planning time goes into the
# relationship-uniqueness predicates, so api/cypher_guard.py caps relationship patterns.)
QUERY_LIMITS = {
    "db.memory.transaction.max": "256m",
    "server.memory.query_cache.per_db_cache_num_entries": "250",
}


def neo4j_conf(settings: LocalServerSettings, paths: Paths, read_only: bool = False) -> str:
    """The whole neo4j.conf. `read_only` is the newsroom mode: the database refuses writes."""
    host = settings.host
    lines = {
        "server.default_listen_address": host,
        "server.default_advertised_address": host,
        "server.bolt.listen_address": f"{host}:{settings.bolt_port}",
        # What the Browser's discovery (GET /) and routing tables offer: the gateway. Drivers
        # with bolt:// (the API, the ingest) connect where they are told and ignore this.
        "server.bolt.advertised_address": f"{host}:{settings.gateway_port}",
        "server.http.listen_address": f"{host}:{settings.http_port}",
        "server.http.advertised_address": f"{host}:{settings.http_port}",
        "server.https.enabled": "false",
        "server.directories.data": str(paths.home / "data"),
        "server.directories.logs": str(paths.logs),
        "server.directories.run": str(paths.pid_file.parent),
        "server.directories.import": str(paths.home / "import"),
        "server.directories.plugins": str(paths.home / "plugins"),
        "server.memory.heap.initial_size": settings.heap,
        "server.memory.heap.max_size": settings.heap,
        "server.memory.pagecache.size": settings.pagecache,
        "dbms.security.auth_enabled": "true",
        "db.transaction.timeout": settings.tx_timeout,
        "dbms.usage_report.enabled": "false",
        # Defence in depth behind the gateway: the database fetches no URL and reads no
        # file for LOAD CSV, whoever asks (the blocklist is internal but honoured in 5.26).
        "internal.dbms.cypher_ip_blocklist": "0.0.0.0/0,::/0",
        "dbms.security.allow_csv_import_from_file_urls": "false",
        **QUERY_LIMITS,
        **browser_settings(settings),
    }
    if read_only:
        # Only the graph; `system` stays writable, so the password can still be changed.
        lines["server.databases.read_only"] = DATABASE
    return "".join(f"{key}={value}\n" for key, value in lines.items())
