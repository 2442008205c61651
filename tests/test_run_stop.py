"""`kg run` stops what it started on Ctrl-C: the API, the gateway, then Neo4j, saying each
step; with --keep-neo4j Neo4j stays up. Each test runs `kg run` on a throwaway server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from graph.settings import LocalServerSettings
from kg.local import process, server
from tests.helpers import REPO, dataset, free_ports

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


def wait_for(condition: Callable[[], bool], within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, f"not within {within:.0f}s: {what}"
        time.sleep(0.2)


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def ready(base: str) -> bool:
    try:
        return httpx.get(f"{base}/ready", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


class Run:
    """`kg run` in a process of its own, on free ports and a state folder of its own."""

    def __init__(self, tmp_path: Path, *flags: str) -> None:
        bolt, http, self.port, gateway = free_ports(4)
        self.local = LocalServerSettings(
            state_dir=tmp_path / "state", bolt_port=bolt, http_port=http, gateway_port=gateway
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KG_"))}
        env |= {
            "KG_STATE_DIR": str(self.local.state_dir),
            "KG_BOLT_PORT": str(bolt),
            "KG_HTTP_PORT": str(http),
            "KG_GATEWAY_PORT": str(gateway),
            "KG_START_TIMEOUT": "180",
            "PYTHONUNBUFFERED": "1",
        }
        self.log = tmp_path / "kg-run.log"
        command = [sys.executable, "-m", "kg.cli", "run", "--data", str(dataset(tmp_path))]
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                [*command, "--port", str(self.port), *flags],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=REPO,
            )

    @property
    def said(self) -> str:
        return self.log.read_text()

    def serving(self) -> tuple[int, int]:
        """The pids of Neo4j and of the gateway once the API is ready."""
        base = f"http://127.0.0.1:{self.port}"
        wait_for(lambda: ready(base) or self.process.poll() is not None, 600, "kg run serves")
        assert self.process.poll() is None, self.said
        wait_for(lambda: "Ctrl-C stops" in self.said, 10, "kg run says what Ctrl-C stops")
        neo4j = server.server_pid(self.local)
        assert neo4j is not None and listening(self.local.gateway_port)
        gateway = [
            pid
            for pid in process_children(self.process.pid)
            if "gateway" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        ]
        assert len(gateway) == 1, gateway
        return neo4j, gateway[0]

    def interrupt(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(120)


def process_children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


@pytest.fixture()
def local_only() -> Iterator[None]:
    if os.environ.get("NEO4J_URI"):
        pytest.skip("`kg run` with NEO4J_URI set runs no server of its own")
    yield


@pytest.mark.usefixtures("local_only")
def test_ctrl_c_stops_the_api_the_gateway_and_neo4j_in_order(tmp_path: Path) -> None:
    run = Run(tmp_path)
    try:
        neo4j, gateway = run.serving()
        assert "Ctrl-C stops the API, the gateway and Neo4j." in run.said
        run.interrupt()
        said = run.said
        steps = ["Stopping the API ...", "Stopping the gateway ...", "Stopping Neo4j ..."]
        at = [said.find(step) for step in steps]
        assert -1 not in at and at == sorted(at), said
        assert "Neo4j stopped." in said
        assert not listening(run.port) and not listening(run.local.gateway_port)
        assert not listening(run.local.bolt_port)
        assert not process.alive(neo4j) and not process.alive(gateway)
        assert server.server_pid(run.local) is None
    finally:
        if run.process.poll() is None:
            run.process.kill()
        server.stop(run.local)


@pytest.mark.usefixtures("local_only")
def test_keep_neo4j_leaves_it_running(tmp_path: Path) -> None:
    run = Run(tmp_path, "--keep-neo4j")
    try:
        neo4j, gateway = run.serving()
        run.interrupt()
        said = run.said
        assert "Stopping the API ..." in said and "Stopping the gateway ..." in said
        assert "Stopping Neo4j" not in said and "Neo4j is left running" in said, said
        assert not listening(run.port) and not process.alive(gateway)
        assert server.server_pid(run.local) == neo4j and server.is_running(run.local)
        assert server.recorded_read_only(run.local)  # left as `kg run` served it
    finally:
        if run.process.poll() is None:
            run.process.kill()
        server.stop(run.local)
