"""What Neo4j Browser is told: the newsroom guide and style on connect, and a CSP that lets
it reach only the gateway and the guide host. The local server writes these lines into its
neo4j.conf (kg/local/conf.py); docs/newsroom.md explains each one.
"""

from __future__ import annotations

from graph.settings import LocalServerSettings

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
    # Journalists' Bolt goes to the newsroom gateway (newsroom/gateway/), never to Neo4j's own
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
