"""Helpers shared by test modules: ports, throwaway servers, fixture data, problem responses.

Imported as `from tests.helpers import ...`; conftest.py keeps only fixtures and hooks. The
server and process helpers live in kg/local/throwaway.py (the benchmarks use them too).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from graph.settings import Neo4jSettings
from kg.local.throwaway import (
    LOCAL_API,
    free_port,
    free_ports,
    rss_mb,
    start_throwaway,
    throwaway_server,
    wait_for_api,
)

__all__ = [
    "FIXTURES",
    "LOCAL_API",
    "REPO",
    "dataset",
    "free_port",
    "free_ports",
    "problem",
    "rss_mb",
    "start_throwaway",
    "throwaway_server",
    "uvicorn_api",
    "wait_for_api",
]

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def dataset(tmp_path: Path, *broken: str) -> Path:
    """The base fixture, with broken files added or swapped in by name."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURES / "base", folder)
    for name in broken:
        shutil.copy(FIXTURES / "broken" / name, folder / name)
    return folder


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """Assert an RFC 9457 problem response with this status; return its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def env_for(settings: Neo4jSettings) -> dict[str, str]:
    """The environment for a `kg` child process that must use `settings`' Neo4j, whatever
    NEO4J_* or KG_API* this process was given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KG_API"))}
    return {**env, "NEO4J_URI": settings.uri, "NEO4J_PASSWORD": settings.secret}


@contextlib.contextmanager
def uvicorn_api(settings: Neo4jSettings, log: Path, **env: str) -> Iterator[tuple[str, int]]:
    """The API under uvicorn in its own process (real HTTP, real concurrency), reading
    `settings`' Neo4j with the KG_* settings in `env`: its URL and pid."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    child = {k: v for k, v in os.environ.items() if not k.startswith(("KG_", "NEO4J_"))}
    child |= {
        "NEO4J_URI": settings.uri,
        "NEO4J_USER": settings.user,
        "NEO4J_PASSWORD": settings.secret,
        "NEO4J_DATABASE": settings.database,
        **env,
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=REPO, env=child, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_api(url, process, log)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
