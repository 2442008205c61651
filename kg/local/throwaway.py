"""Throwaway local Neo4j servers on free ports, and the processes around them.

For tests and benchmarks (tests/helpers.py, tests/conftest.py and bench/ import it): pick
free ports, start a server in a scratch folder (again on fresh ports when another process
took one), wait for an API child to get ready, read a process's memory from /proc.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from graph.settings import LocalServerSettings
from kg.local import server

START_ATTEMPTS = 3
# The base URL for TestClient: its default Host, "testserver", is refused (api/security.py).
LOCAL_API = "http://127.0.0.1"
# Our own neo4j.log must say this soon after Bolt answers, or Bolt was someone else's.
STARTED_WITHIN = 60.0


def free_ports(count: int, avoid: frozenset[int] = frozenset()) -> list[int]:
    """Distinct free ports, none in `avoid`: every socket stays bound until all are picked."""
    picked: list[int] = []
    with contextlib.ExitStack() as stack:
        while len(picked) < count:
            sock = stack.enter_context(socket.socket())
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
            if port not in avoid:
                picked.append(port)
    return picked


def free_port() -> int:
    return free_ports(1)[0]


def throwaway_server(
    root: Path, avoid: frozenset[int] = frozenset(), **fields: Any
) -> LocalServerSettings:
    """Settings for a local server in `root` on two distinct free ports (not started)."""
    bolt, http = free_ports(2, avoid)
    values: dict[str, Any] = {"bolt_port": bolt, "http_port": http, "start_timeout": 180}
    return LocalServerSettings(state_dir=root, **{**values, **fields})


def _neo4j_log(local: LocalServerSettings) -> str:
    log = server.Paths(local.home).logs / "neo4j.log"
    return log.read_text(errors="replace") if log.exists() else ""


def _lost_a_port(local: LocalServerSettings, error: server.ServerError) -> bool:
    """Did another process take one of our ports between picking and binding it?"""
    cause = str(error.__cause__ or "")
    log = _neo4j_log(local)
    # A foreign Neo4j on our Bolt port refuses our password before ours gives up.
    return (
        "PortBindException" in log
        or "Address already in use" in log
        or "refused the credentials" in cause
    )


def _started_here(local: LocalServerSettings) -> bool:
    """Bolt answered; wait until our own server's log says it started (False if it died)."""
    deadline = time.monotonic() + STARTED_WITHIN
    while time.monotonic() < deadline and server.is_running(local):
        log = _neo4j_log(local)
        if "PortBindException" in log:
            return False
        if f":{local.bolt_port}." in log and "Started." in log:
            return True
        time.sleep(0.2)
    return False


def start_throwaway(
    root: Path, read_only: bool | None = None, avoid: frozenset[int] = frozenset(), **fields: Any
) -> LocalServerSettings:
    """Start a server in `root` on free ports; on a lost port, again on fresh ones.

    Free ports are only free when picked: another server (a parallel run, another Neo4j)
    may bind one first. Such a start fails or reaches the other server, so it is retried,
    a bounded number of times, each in a fresh folder under `root`. `avoid`: ports the
    caller has picked for something else.
    """
    for attempt in range(1, START_ATTEMPTS + 1):
        local = throwaway_server(root / f"attempt-{attempt}", avoid, **fields)
        try:
            server.start(local, read_only=read_only)
        except server.ServerError as error:
            server.stop(local)
            if attempt == START_ATTEMPTS or not _lost_a_port(local, error):
                raise
        else:
            if _started_here(local):
                return local
            server.stop(local)
            if attempt == START_ATTEMPTS:
                raise server.ServerError(
                    f"Neo4j did not start on {local.bolt_uri}; see "
                    f"{server.Paths(local.home).logs / 'neo4j.log'}"
                )
        print(
            f"port clash on {local.bolt_uri} or {local.http_url}; retrying on others",
            file=sys.stderr,
        )
    raise AssertionError("unreachable")


@contextlib.contextmanager
def throwaway(root: Path, **fields: Any) -> Iterator[LocalServerSettings]:
    """A started throwaway server in `root`, stopped on the way out."""
    local = start_throwaway(root, **fields)
    try:
        yield local
    finally:
        server.stop(local)


def wait_for_api(
    base: str, process: subprocess.Popen[bytes], log: Path | None = None, within: float = 60
) -> None:
    """Wait until the API served by `process` answers /ready with 200; raise if it exits
    or stays unready (with the end of its log, when there is one)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    said = log.read_text(errors="replace")[-2000:] if log else ""
    raise RuntimeError(f"the API at {base} did not get ready within {within:.0f}s: {said}")


def rss_mb(pid: int | None, field: str = "VmRSS") -> float | None:
    """A memory figure of a process from /proc (VmRSS, or VmHWM: the peak), in MB; None
    when unknown or gone."""
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None
