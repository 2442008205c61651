"""The servers a benchmark runs against: Neo4j (NEO4J_URI, else a throwaway local one) and
the API as a `kg serve` child process on loopback.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.settings import LocalServerSettings, Neo4jSettings, neo4j_uri_is_set
from kg.local import server
from kg.local.throwaway import throwaway

ROOT = Path(__file__).resolve().parent.parent


def kg() -> list[str]:
    exe = ROOT / ".venv" / "bin" / "kg"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]


def python() -> str:
    exe = ROOT / ".venv" / "bin" / "python"
    return str(exe) if exe.exists() else sys.executable


@dataclass(frozen=True)
class Neo4j:
    settings: Neo4jSettings
    pid: int | None  # None with NEO4J_URI: its process is not ours to watch
    local: LocalServerSettings  # with NEO4J_URI, only a scratch state folder


@contextlib.contextmanager
def neo4j_for_bench() -> Iterator[Neo4j]:
    """NEO4J_URI when set, else a throwaway local server on free ports for the duration."""
    with tempfile.TemporaryDirectory() as tmp:
        if neo4j_uri_is_set():
            yield Neo4j(Neo4jSettings(), None, LocalServerSettings(state_dir=Path(tmp)))
            return
        with throwaway(Path(tmp)) as local:
            yield Neo4j(server.connection(local), server.server_pid(local), local)


def serve(settings: Neo4jSettings, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    """The API on 127.0.0.1:`port`, a `kg serve` child reading `settings`, in `workers`
    processes."""
    env = {
        **os.environ,
        "NEO4J_URI": settings.uri,
        "NEO4J_USER": settings.user,
        "NEO4J_PASSWORD": settings.secret,
    }
    return subprocess.Popen(
        [*kg(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
