"""Soak: a steady mixed load on the API for a bounded time, with the memory of both processes.

Starts a throwaway Neo4j on free ports (or uses NEO4J_URI), loads the curated data, serves
the API with `kg serve` in a child process on loopback, then runs `--clients` threads that
loop over a mix of real requests (search, entities, neighbours, paths, events, claims,
stats, small /cypher queries, /ready) for `--minutes`. Every `--every` seconds it prints a
line: requests, statuses, p50/p99 latency, and the resident memory (RSS, from /proc) of the
API and of Neo4j. At the end it prints the RSS at the start and the end of the steady load.

    .venv/bin/python -m bench.soak --minutes 30

It prints figures; it never fails on speed. A 5xx or a refused connection is counted and
printed, and makes the exit status 1, because the API must answer every request.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx

from graph import server
from graph.settings import Neo4jSettings, neo4j_uri_is_set
from ingest.pipeline import run_ingest
from tests.helpers import free_port, rss_mb, start_throwaway, wait_for_api

ROOT = Path(__file__).resolve().parent.parent
# (method, path, body) — each a request an analyst makes, answered from the curated data.
MIX: list[tuple[str, str, dict[str, object] | None]] = [
    ("GET", "/search?q=Пономарёв", None),
    ("GET", "/search?q=Ponamarev&type=Person&limit=5", None),
    ("GET", "/search?q=Freedom of Russia Legion", None),
    ("GET", "/entities/person:ilya-ponomarev", None),
    ("GET", "/entities/person:alexei-navalny?as_of=2023-06-01", None),
    ("GET", "/entities/person:vladimir-kara-murza/neighbors?depth=2&limit=50", None),
    ("GET", "/entities/person:vladimir-kara-murza/timeline", None),
    ("GET", "/paths?from=person:mikhail-khodorkovsky&to=person:egor-kuroptev&max_hops=6", None),
    ("GET", "/events?start=2023-10-01&end=2023-10-31", None),
    ("GET", "/claims?checked_by=org:voice-of-america&verdict=misleading", None),
    ("GET", "/sources/source:voa-2023-11-23", None),
    ("GET", "/stats", None),
    ("GET", "/ready", None),
    (
        "POST",
        "/cypher",
        {"query": "MATCH (p:Person)-[r]->(o) RETURN p.name, type(r), o.name LIMIT 50"},
    ),
]


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:7.1f} MB"


class Tally:
    """Counts and latencies shared by the client threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[str] = Counter()
        self.took: list[float] = []

    def add(self, status: str, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.took.append(seconds)

    def drain(self) -> tuple[Counter[str], list[float]]:
        with self.lock:
            took, self.took = self.took, []
            return Counter(self.statuses), took


def client_loop(base: str, tally: Tally, stop: threading.Event, offset: int) -> None:
    requests = itertools.islice(itertools.cycle(MIX), offset, None)
    with httpx.Client(base_url=base, timeout=30) as http:
        for method, path, body in requests:
            if stop.is_set():
                return
            started = time.perf_counter()
            try:
                response = http.request(method, path, json=body)
                status = str(response.status_code)
            except httpx.HTTPError as error:
                status = type(error).__name__
            tally.add(status, time.perf_counter() - started)


@contextlib.contextmanager
def neo4j_for_soak() -> Iterator[tuple[Neo4jSettings, int | None]]:
    """NEO4J_URI (pid unknown, so no Neo4j RSS), else a throwaway server on free ports."""
    if neo4j_uri_is_set():
        yield Neo4jSettings(), None
        return
    with tempfile.TemporaryDirectory() as tmp:
        local = start_throwaway(Path(tmp))
        try:
            pid = int(server.Paths(local.home).pid_file.read_text().strip())
            yield server.connection(local), pid
        finally:
            server.stop(local)


def serve(settings: Neo4jSettings, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "NEO4J_URI": settings.uri,
        "NEO4J_USER": settings.user,
        "NEO4J_PASSWORD": settings.secret,
    }
    kg = ROOT / ".venv" / "bin" / "kg"
    command = [str(kg)] if kg.exists() else [sys.executable, "-m", "ingest.cli"]
    return subprocess.Popen(
        [*command, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def soak(
    settings: Neo4jSettings, db_pid: int | None, minutes: float, clients: int, every: float
) -> int:
    run_ingest(settings)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    api = serve(settings, port)
    try:
        wait_for_api(base, api)
        return _load(base, api.pid, db_pid, minutes, clients, every)
    finally:
        api.terminate()
        api.wait(timeout=30)


def _load(
    base: str, api_pid: int, db_pid: int | None, minutes: float, clients: int, every: float
) -> int:
    tally, stop = Tally(), threading.Event()
    threads = [
        threading.Thread(target=client_loop, args=(base, tally, stop, i * 3), daemon=True)
        for i in range(clients)
    ]
    start_rss = (rss_mb(api_pid), rss_mb(db_pid))
    print(f"soak: {clients} clients for {minutes:g} min against {base}")
    print(f"  start: API RSS {_mb(start_rss[0])}, Neo4j RSS {_mb(start_rss[1])}")
    began = time.monotonic()
    for thread in threads:
        thread.start()
    end = began + minutes * 60
    while (now := time.monotonic()) < end:
        time.sleep(min(every, end - now))
        statuses, took = tally.drain()
        took.sort()
        p50 = statistics.median(took) * 1000 if took else 0.0
        p99 = took[int(len(took) * 0.99) - 1] * 1000 if len(took) >= 100 else float("nan")
        print(
            f"  {(time.monotonic() - began) / 60:5.1f} min: {len(took):6d} requests, "
            f"p50 {p50:6.1f} ms, p99 {p99:7.1f} ms, API {_mb(rss_mb(api_pid))}, "
            f"Neo4j {_mb(rss_mb(db_pid))}, statuses so far {dict(statuses)}",
            flush=True,
        )
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    statuses, _ = tally.drain()
    end_rss = (rss_mb(api_pid), rss_mb(db_pid))
    print(f"  end:   API RSS {_mb(end_rss[0])}, Neo4j RSS {_mb(end_rss[1])}")
    print(f"  requests: {sum(statuses.values())}, by status: {dict(statuses)}")
    bad = {s: n for s, n in statuses.items() if not (s.isdigit() and int(s) < 500)}
    if bad:
        print(f"  FAILED: answers that were not < 500: {bad}")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--minutes", type=float, default=30.0, help="steady load, minutes")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--every", type=float, default=60.0, help="seconds between lines")
    args = parser.parse_args(argv)
    with neo4j_for_soak() as (settings, db_pid):
        return soak(settings, db_pid, args.minutes, args.clients, args.every)


if __name__ == "__main__":
    raise SystemExit(main())
