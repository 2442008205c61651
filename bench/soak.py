"""Soak: a steady mixed load on the API and the newsroom gateway for a bounded time, with
the memory and descriptors of every process.

Starts a throwaway Neo4j on free ports (or uses NEO4J_URI), loads the curated data, serves
the API with `kg serve` and the newsroom gateway with `kg gateway` (each in a child process
on loopback, as `kg run` has them), then runs `--clients` threads that loop over a mix of
real API requests (search, entities, neighbours, paths, events, claims, stats, small
/cypher queries, /ready) and `--journalists` threads that run Browser-like reads through
the gateway with the official driver, for `--minutes`. Every `--every` seconds it prints a
line: requests, statuses, p50/p99 latency, and the resident memory (RSS) and open
descriptors (from /proc) of the API, the gateway, Neo4j and the soak itself. At the end it
prints those figures at the start and the end of the steady load.

    .venv/bin/python -m bench.soak --minutes 30

It prints figures; it never fails on speed. A 5xx, a refused connection or a journalist's
error is counted and printed, and makes the exit status 1: every request must be answered.
"""

from __future__ import annotations

import argparse
import itertools
import os
import secrets
import statistics
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
from neo4j import GraphDatabase
from neo4j.exceptions import DriverError, Neo4jError

from bench.servers import neo4j_for_bench, serve
from graph.settings import LocalServerSettings, Neo4jSettings
from ingest.pipeline import run_ingest
from kg.local.throwaway import free_port, rss_mb, wait_for_api
from newsroom.gateway import GatewayProcess

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


# What a journalist runs in the Browser: a lookup, a neighbourhood, the labels.
JOURNALIST_MIX: list[tuple[str, dict[str, object]]] = [
    ("MATCH (p:Person {id: $id}) RETURN p.name AS name", {"id": "person:ilya-ponomarev"}),
    ("MATCH (p:Person)-[r]->(o) RETURN p.name, type(r), o.name LIMIT 50", {}),
    ("CALL db.labels()", {}),
    ("MATCH (n) RETURN count(n) AS n", {}),
]


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:7.1f} MB"


def open_files(pid: int | None) -> int | None:
    """How many descriptors a process holds (/proc); None when unknown or gone."""
    try:
        return None if pid is None else len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None


def figures(pids: dict[str, int | None]) -> str:
    """RSS and open descriptors of each process, on one line."""
    return ", ".join(
        f"{name} {_mb(rss_mb(pid)).strip()} {open_files(pid) or 'n/a'} fds"
        for name, pid in pids.items()
    )


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


def journalist_loop(
    uri: str, password: str, tally: Tally, stop: threading.Event, offset: int
) -> None:
    queries = itertools.islice(itertools.cycle(JOURNALIST_MIX), offset, None)
    with GraphDatabase.driver(uri, auth=("journalist", password)) as driver:
        for query, params in queries:
            if stop.is_set():
                return
            started = time.perf_counter()
            try:
                driver.execute_query(query, params)
                status = "bolt ok"
            except (Neo4jError, DriverError) as error:
                status = f"bolt {type(error).__name__}"
            tally.add(status, time.perf_counter() - started)


def soak(
    settings: Neo4jSettings,
    db_pid: int | None,
    local: LocalServerSettings,
    args: argparse.Namespace,
) -> int:
    run_ingest(settings)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    password = secrets.token_urlsafe(24)
    local = local.model_copy(update={"gateway_port": free_port(), "host": "127.0.0.1"})
    api = serve(settings, port)
    gateway = GatewayProcess(
        local, settings, env={"KG_NEWSROOM_PASSWORD": password}, output=Path(os.devnull)
    )
    try:
        gateway.start()
        wait_for_api(base, api)
        pids = {"API": api.pid, "gateway": gateway.pid, "Neo4j": db_pid, "soak": os.getpid()}
        tally, stop = Tally(), threading.Event()
        threads = [
            threading.Thread(target=client_loop, args=(base, tally, stop, i * 3), daemon=True)
            for i in range(args.clients)
        ] + [
            threading.Thread(
                target=journalist_loop,
                args=(gateway.uri, password, tally, stop, i),
                daemon=True,
            )
            for i in range(args.journalists)
        ]
        print(
            f"soak: {args.clients} API clients against {base} and {args.journalists} "
            f"journalists through {gateway.uri}, for {args.minutes:g} min"
        )
        return _load(threads, tally, stop, pids, args.minutes, args.every)
    finally:
        gateway.stop()
        api.terminate()
        api.wait(timeout=30)


def _load(
    threads: list[threading.Thread],
    tally: Tally,
    stop: threading.Event,
    pids: dict[str, int | None],
    minutes: float,
    every: float,
) -> int:
    print(f"  start: {figures(pids)}")
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
            f"p50 {p50:6.1f} ms, p99 {p99:7.1f} ms, {figures(pids)}, "
            f"statuses so far {dict(statuses)}",
            flush=True,
        )
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    statuses, _ = tally.drain()
    print(f"  end:   {figures(pids)}")
    print(f"  requests: {sum(statuses.values())}, by status: {dict(statuses)}")
    bad = {
        s: n for s, n in statuses.items() if not (s == "bolt ok" or (s.isdigit() and int(s) < 500))
    }
    if bad:
        print(f"  FAILED: answers that were not < 500: {bad}")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--minutes", type=float, default=30.0, help="steady load, minutes")
    parser.add_argument("--clients", type=int, default=4, help="concurrent API client threads")
    parser.add_argument(
        "--journalists", type=int, default=2, help="concurrent journalists through the gateway"
    )
    parser.add_argument("--every", type=float, default=60.0, help="seconds between lines")
    args = parser.parse_args(argv)
    with neo4j_for_bench() as neo4j:
        return soak(neo4j.settings, neo4j.pid, neo4j.local, args)


if __name__ == "__main__":
    raise SystemExit(main())
