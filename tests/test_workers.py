"""`kg serve --workers N`: several API processes, and each one's caches follow the graph's
version, so an edit reaches POST /link at once through every worker."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from neo4j import Driver

from graph import text
from graph.settings import Neo4jSettings
from tests.api.test_graph_version import ENTITY, NAMES, NEW, OLD, RENAME
from tests.helpers import env_for, free_port, wait_for_api

WORKERS = 2
REQUESTS = 24  # each on a new connection, so the kernel hands them to any worker


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


@pytest.fixture()
def workers(loaded_graph: Neo4jSettings, tmp_path: Path) -> Iterator[tuple[str, list[int]]]:
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**env_for(loaded_graph), "KG_ANALYSIS_WARM": "0"}
    command = [sys.executable, "-m", "kg.cli", "serve", "--port", str(port)]
    with log.open("wb") as out:
        serve = subprocess.Popen(
            [*command, "--workers", str(WORKERS)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_api(base, serve, log)
        procs = [p for p in _children(serve.pid) if "spawn_main" in _cmdline(p)]
        yield base, procs
    finally:
        serve.send_signal(signal.SIGINT)
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.wait(timeout=10)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _linked(base: str, said: str) -> list[str]:
    body = {"text": f"According to {said}, it moved."}
    answer = httpx.post(f"{base}/link", json=body, timeout=30)
    assert answer.status_code == 200, answer.text
    return [m["entity"]["id"] for m in answer.json()["mentions"]]


def test_every_worker_follows_an_edit(workers: tuple[str, list[int]], driver: Driver) -> None:
    base, procs = workers
    assert len(procs) == WORKERS
    record = driver.execute_query(NAMES, id=ENTITY).records[0]
    aliases = list(record["aliases"])
    renamed = [NEW if alias == OLD else alias for alias in aliases]
    keys = text.search_keys(record["name"], *renamed, person=False)
    before = {pid: _cpu_ticks(pid) for pid in procs}
    for _ in range(REQUESTS):  # every worker builds its link index at the old version
        assert ENTITY in _linked(base, OLD)
    try:
        driver.execute_query(RENAME, id=ENTITY, aliases=renamed, keys=keys, text=" | ".join(keys))
        for _ in range(REQUESTS):
            assert ENTITY in _linked(base, NEW), "a worker answered from a stale index"
            assert ENTITY not in _linked(base, OLD)
    finally:
        driver.execute_query(
            RENAME, id=ENTITY, aliases=aliases, keys=record["keys"], text=record["text"]
        )
    used = [pid for pid in procs if _cpu_ticks(pid) > before[pid]]
    assert len(used) == WORKERS, "each worker should have answered some of the requests"
