"""What tests/test_browser.py drives the Browser with: Chromium, the API in a thread, the
newsroom it serves, the traffic it records and the page scripts that read the drawn graph."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import uvicorn

from api.main import create_app
from api.settings import ApiSettings
from graph.settings import LocalServerSettings, Neo4jSettings
from newsroom.gateway import GatewayThread

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost"}
WAIT_MS = 90_000  # the first Bolt connection of a fresh Browser can take ~15 s
FORBIDDEN = "Neo.ClientError.Security.Forbidden"  # the gateway's refusal


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob") or parts.hostname in LOOPBACK


@dataclass
class Newsroom:
    local: LocalServerSettings
    neo4j: Neo4jSettings
    api_port: int
    gateway: GatewayThread
    password: str  # the journalists' (newsroom) password, not Neo4j's


class ApiServer:
    """The real API under uvicorn in a thread: the guide host the Browser fetches from."""

    def __init__(self, settings: Neo4jSettings, port: int, browser_url: str) -> None:
        app = create_app(settings, ApiSettings(browser_url=browser_url))
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ApiServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@dataclass
class Traffic:
    requests: list[str] = field(default_factory=list)
    remote_failures: dict[str, str] = field(default_factory=dict)
    remote_responses: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)
    websockets: list[str] = field(default_factory=list)


NODE_CAPTIONS = """() => [...document.querySelectorAll('svg g.node')].map(g => ({
    caption: [...g.querySelectorAll('text.caption')].map(t => t.textContent.trim()).join(' '),
    fill: (g.querySelector('circle.b-outline') || {getAttribute: () => ''}).getAttribute('fill'),
}))"""
REL_CAPTIONS = """() => [...document.querySelectorAll('svg g.relationship text')]
    .map(t => t.textContent.trim())"""
REL_DRAWN = """() => [...document.querySelectorAll('svg g.relationship')].map(g => ({
    caption: [...g.querySelectorAll('text')].map(t => t.textContent.trim()).join(' '),
    fill: (g.querySelector('path.b-outline') || {getAttribute: () => ''}).getAttribute('fill'),
}))"""
