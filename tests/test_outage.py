"""Outages, with real processes: Neo4j killed, or paused, under the API's load. Each test
starts (and kills) a throwaway server of its own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from graph.settings import LocalServerSettings, Neo4jSettings
from ingest.pipeline import run_ingest
from kg.local import server
from tests.helpers import REPO, dataset, env_for, free_port, wait_for_api

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

FAST = 2.0  # every answer with Neo4j down, in seconds
RECOVERY = 5.0  # from Neo4j answering again to /search answering 200
PATHS = ("/search?q=Ponomarev", "/entities/person:ilya-ponomarev", "/ready")


@dataclass(frozen=True)
class Answer:
    path: str
    start: float
    seconds: float
    status: int
    type: str
    body: str


class Load:
    """A few clients looping over PATHS until stopped; every answer is kept."""

    def __init__(self, base: str, clients_per_path: int = 2) -> None:
        self.base, self.answers, self.errors = base, list[Answer](), list[str]()
        self._halt = threading.Event()
        self._threads = [
            threading.Thread(target=self._loop, args=(path,), daemon=True)
            for path in PATHS
            for _ in range(clients_per_path)
        ]

    def _loop(self, path: str) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            while not self._halt.is_set():
                start = time.monotonic()
                try:
                    r = client.get(path)
                except httpx.HTTPError as error:
                    self.errors.append(f"{path}: {error!r}")
                    continue
                took = time.monotonic() - start
                kind = r.headers.get("content-type", "")
                self.answers.append(Answer(path, start, took, r.status_code, kind, r.text))
                time.sleep(0.02)

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._halt.set()
        for thread in self._threads:
            thread.join(60)


def serve_api(settings: Neo4jSettings, port: int, log: Path, **env: str) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "api.main:create_app"]
    cmd += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    with log.open("wb") as out:
        env = {**env_for(settings), **env}
        api = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=out, stderr=out)
    try:
        wait_for_api(f"http://127.0.0.1:{port}", api, log)
    except RuntimeError:
        api.kill()
        raise
    return api


def first_200(base: str, path: str, within: float) -> float | None:
    """Seconds until `path` answers 200, or None after `within` seconds."""
    start = time.monotonic()
    with httpx.Client(base_url=base, timeout=within) as client:
        while time.monotonic() - start < within:
            try:
                if client.get(path).status_code == 200:
                    return time.monotonic() - start
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
    return None


def test_neo4j_killed_under_load(own_server: LocalServerSettings, tmp_path: Path) -> None:
    settings = server.connection(own_server)
    run_ingest(settings, dataset(tmp_path))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "api.log"
    api = serve_api(settings, port, log)
    try:
        with Load(base) as traffic:
            time.sleep(1.5)
            pid = server.server_pid(own_server)
            assert pid is not None
            killed = time.monotonic()
            os.kill(pid, signal.SIGKILL)
            time.sleep(6)
        assert traffic.errors == []
        before = [a for a in traffic.answers if a.start + a.seconds < killed]
        assert before and all(a.status == 200 for a in before)
        after = [a for a in traffic.answers if a.start + a.seconds >= killed]
        for a in after:
            assert a.status in (200, 503), a
            assert a.seconds <= FAST, a
            if a.start > killed + 0.5:  # not in flight when Neo4j died
                assert a.status == 503, a
            if a.status == 503:
                assert a.type == "application/problem+json", a
                for leak in ("bolt://", "127.0.0.1", str(own_server.bolt_port)):
                    assert leak not in a.body, a
        for path in PATHS:
            assert sum(a.status == 503 and a.path == path for a in after) >= 5, path

        server.start(own_server)  # the same settings: same ports, same store
        for path in PATHS:
            took = first_200(base, path, RECOVERY)
            assert took is not None, f"{path} did not answer 200 within {RECOVERY}s"
        assert api.poll() is None
    finally:
        api.terminate()
        api.wait(30)
    # The client saw no address; the API's own log has the driver's reason.
    assert "Neo4j unavailable on GET /search" in log.read_text()


QUERY_TIMEOUT = 5.0  # KG_QUERY_TIMEOUT of the paused test's API
# Every read once seen to hang, and the others that read the graph.
PAUSED_PATHS = (
    "/stats",
    "/changes?from=2024-01-01&to=2024-12-31",
    "/analysis/brokers?limit=3",
    "/search?q=Ponomarev",
    "/entities/person:ilya-ponomarev",
    "/entities/person:ilya-ponomarev/neighbors",
    "/events",
    "/sources",
    "/export?root=person:ilya-ponomarev&depth=1",
    "/ready",
)


def _get(base: str, path: str, out: list[tuple[str, int, float]]) -> None:
    start = time.monotonic()
    try:
        status = httpx.get(base + path, timeout=60).status_code
    except httpx.HTTPError:
        status = 0  # no answer at all
    out.append((path, status, time.monotonic() - start))


def test_neo4j_paused_reads_answer_within_the_timeout(
    own_server: LocalServerSettings, tmp_path: Path
) -> None:
    """SIGSTOP Neo4j (/stats, /changes and /analysis/brokers once hung for as long as it
    was stopped): every read answers 503 or 504 within KG_QUERY_TIMEOUT, requests already
    in flight too, and all is well again after SIGCONT."""
    settings = server.connection(own_server)
    run_ingest(settings, dataset(tmp_path))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    api = serve_api(settings, port, tmp_path / "api.log", KG_QUERY_TIMEOUT=str(QUERY_TIMEOUT))
    pid = server.server_pid(own_server)
    assert pid is not None
    try:
        for path in PAUSED_PATHS:  # warm: pooled connections, the analysis cache
            assert first_200(base, path, 120) is not None, path
        answers: list[tuple[str, int, float]] = []
        os.kill(pid, signal.SIGSTOP)
        try:
            # each path twice at once: one in flight when the other starts
            threads = [
                threading.Thread(target=_get, args=(base, path, answers))
                for path in PAUSED_PATHS
                for _ in range(2)
            ]
            for thread in threads:
                thread.start()
                time.sleep(0.05)
            for thread in threads:
                thread.join(60)
        finally:
            os.kill(pid, signal.SIGCONT)
        assert len(answers) == 2 * len(PAUSED_PATHS)
        slowest = max(answers, key=lambda a: a[2])
        print(f"Neo4j paused: {len(answers)} answers, the slowest {slowest}")
        for path, status, seconds in answers:
            assert status in (503, 504), (path, status, seconds)
            # the deadline, and time for the answer on two busy cores
            assert seconds < QUERY_TIMEOUT + 3, (path, status, seconds)
        for path in PAUSED_PATHS:
            took = first_200(base, path, 30)
            assert took is not None, f"{path} did not answer 200 after SIGCONT"
        assert api.poll() is None
    finally:
        api.terminate()
        api.wait(30)
