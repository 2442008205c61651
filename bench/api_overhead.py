"""What the API costs over the driver, and how its reads scale: `make bench-scale` prints these.

For each kind of request (search, entity page, neighbours, shortest paths, an unconnected
pair, a hub's entity page and neighbours by degree) it times, in one process and interleaved
so that noise hits all three alike:
- driver: the same named Cypher with the same parameters through the async driver, as the
  repository sent it, each in an auto-commit READ transaction (the driver's cheapest way);
- repo: the repository method (the driver plus rows -> response models);
- API: a real `kg serve` child process on loopback, through one keep-alive httpx client.
It prints p50/p99 of each and the API/driver ratio, the HTTP floor (GET /health), and the
throughput of 4 concurrent clients against 1 on a mix, through the API and the driver.

    .venv/bin/python -m bench.api_overhead [--entities 100000] [--rounds 60] [--clients 4]
        [--seconds 10] [--json FILE]

Uses NEO4J_URI (and NEO4J_USER/NEO4J_PASSWORD) when set, as it finds it: with
`--entities 0` it measures whatever graph is there. Otherwise it starts a throwaway Neo4j,
loads the curated data and, with `--entities N` (default 100000), adds a synthetic graph
of N entities and about 5N relationships (bench/api_graph.py). Targets (ids, names, hubs,
an unconnected pair) are sampled from the graph. It prints figures; it never fails on speed.
Targets (issue 12): API p50 <= 1.3x driver; 4 clients >= 1.7x one; at 100k entities search
and entity p50 < 10 ms, paths p99 < 100 ms, unconnected < 100 ms, hub page p50 < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from neo4j import READ_ACCESS, AsyncDriver

import cypher
from api.repository import Repository
from api.settings import ApiSettings
from bench import api_graph
from bench.soak import neo4j_for_soak, serve
from graph.driver import make_async_driver, make_driver
from graph.settings import Neo4jSettings, neo4j_uri_is_set
from ingest.pipeline import run_ingest
from tests.helpers import free_port, wait_for_api

Queries = list[tuple[str, dict[str, Any]]]
RepoCall = Callable[[Repository], Awaitable[Any]]
SAMPLE = 200
MIX = ("search", "entity", "neighbours", "paths")  # the concurrency mix


@dataclass
class Request:
    path: str
    params: dict[str, Any]
    call: RepoCall
    queries: Queries = field(default_factory=list)  # what the repository sent, for the driver


@dataclass
class Case:
    label: str
    requests: list[Request]
    took: dict[str, list[float]] = field(default_factory=dict)  # layer -> seconds
    cpu: dict[str, float] = field(default_factory=dict)  # layer -> CPU seconds, all rounds
    error: str | None = None  # why it could not be measured


def _entity(id: str, limit: int = 200) -> Request:
    return Request(f"/entities/{id}", {"limit": limit}, lambda r: r.entity(id, None, limit, 0))


def _neighbours(id: str) -> Request:
    return Request(f"/entities/{id}/neighbors", {}, lambda r: r.neighbours(id, 1, None, None, 100))


def _paths(a: str, b: str) -> Request:
    params = {"from": a, "to": b, "max_hops": 6}
    return Request("/paths", params, lambda r: r.paths(a, b, 6, None, None, 10))


def _search(name: str) -> Request:
    from graph import text

    forms = text.query_forms(name)
    return Request("/search", {"q": name}, lambda r: r.search(name, forms, None, 20))


async def _rows(driver: AsyncDriver, database: str, name: str, **params: Any) -> list[Any]:
    """One named query through the bare driver, the cheapest way it offers: an auto-commit
    transaction (RUN and PULL in one round trip; `execute_query` takes two)."""
    async with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        result = await session.run(cypher.load(name), params)
        keys = result.keys()
        return [dict(zip(keys, record, strict=True)) async for record in result]


async def _unconnected(repo: Repository, driver: AsyncDriver, database: str) -> list[Request]:
    """Pairs among the least connected entities that no path of 6 hops joins."""
    found_rows = await _rows(driver, database, "bench/api_loners", size=40, max_degree=2)
    loners = [row["id"] for row in found_rows]
    found: list[Request] = []
    for a, b in itertools.combinations(loners, 2):
        if len(found) >= 3:
            break
        if not (await repo.paths(a, b, 6, None, None, 1)).paths:
            found.append(_paths(a, b))
    return found


async def cases(repo: Repository, driver: AsyncDriver, database: str, seed: int) -> list[Case]:
    rng = random.Random(seed)
    sample = await _rows(driver, database, "bench/api_sample", size=SAMPLE)
    rng.shuffle(sample)
    ids = [row["id"] for row in sample]
    hubs = await _rows(driver, database, "bench/api_hubs", size=4, min_degree=100)
    out = [
        Case("search", [_search(row["name"]) for row in sample]),
        Case("entity", [_entity(i) for i in ids]),
        Case("neighbours", [_neighbours(i) for i in ids]),
        Case("paths", [_paths(a, b) for a, b in zip(ids, ids[1:] + ids[:1], strict=True)]),
    ]
    unconnected = await _unconnected(repo, driver, database)
    if unconnected:
        out.append(Case("unconnected", unconnected))
    for hub in hubs:
        out.append(Case(f"hub {hub['degree']} page", [_entity(hub["id"], 50)]))
        out.append(Case(f"hub {hub['degree']} neigh", [_neighbours(hub["id"])]))
    for case in out:  # what the repository sends, replayed through the bare driver
        try:
            for request in case.requests[:SAMPLE]:
                request.queries = await _capture(repo, request.call)
        except Exception as error:  # reported; the other kinds still run
            case.error = f"{type(error).__name__}: {str(error)[:120]}"
    return out


async def _capture(repo: Repository, call: RepoCall) -> Queries:
    """The named queries and parameters the repository sends for one call (it looks under
    the repository on purpose: the driver then replays exactly these)."""
    reader = repo._db
    rows, batch, seen = reader.rows, reader.batch, []
    depth = 0  # a `rows` that runs through `batch` is recorded once

    async def recording_rows(name: str, timeout: float, **params: Any) -> list[Any]:
        nonlocal depth
        seen.append((name, params))
        depth += 1
        try:
            return await rows(name, timeout, **params)
        finally:
            depth -= 1

    async def recording_batch(queries: Queries, timeout: float) -> list[list[Any]]:
        if not depth:
            seen.extend(queries)
        return await batch(queries, timeout)

    reader.rows, reader.batch = recording_rows, recording_batch  # type: ignore[method-assign]
    try:
        await call(repo)
    finally:
        del reader.rows, reader.batch
    return seen


async def _driver(driver: AsyncDriver, database: str, queries: Queries) -> None:
    for name, params in queries:
        await _rows(driver, database, name, **params)


async def _api(http: httpx.AsyncClient, request: Request) -> None:
    response = await http.get(request.path, params=request.params)
    response.raise_for_status()
    response.content  # noqa: B018 - read in full


async def timed(work: Awaitable[Any]) -> float:
    started = time.perf_counter()
    await work
    return time.perf_counter() - started


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used, from /proc (clock ticks of 10 ms)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def latency(
    all_cases: list[Case],
    repo: Repository,
    driver: AsyncDriver,
    http: httpx.AsyncClient,
    database: str,
    rounds: int,
    api_pid: int,
) -> None:
    """Wall time of each layer, interleaved; and CPU time: of this process for the driver
    and the repository, of the API's process for the API. On a loaded machine wall times
    carry the scheduler's delays (the API adds two processes' wake-ups per request); CPU
    time is what each layer costs."""
    working = [case for case in all_cases if not case.error]
    for case in working:
        case.took = {layer: [] for layer in ("driver", "repo", "api")}
        case.cpu = dict.fromkeys(case.took, 0.0)
    for n in range(rounds + 2):
        for case in working:
            request = case.requests[n % len(case.requests)]
            cpu = time.process_time()
            driver_took = await timed(_driver(driver, database, request.queries))
            driver_cpu, cpu = time.process_time() - cpu, time.process_time()
            repo_took = await timed(request.call(repo))
            repo_cpu, cpu = time.process_time() - cpu, cpu_seconds(api_pid)
            api_took = await timed(_api(http, request))
            api_cpu = cpu_seconds(api_pid) - cpu
            if n >= 2:  # the first rounds warm the plan cache and the pools
                for layer, took, used in (
                    ("driver", driver_took, driver_cpu),
                    ("repo", repo_took, repo_cpu),
                    ("api", api_took, api_cpu),
                ):
                    case.took[layer].append(took)
                    case.cpu[layer] += used


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def throughput(
    run: Callable[[Request], Awaitable[Any]],
    requests: Iterator[Request],
    clients: int,
    seconds: float,
) -> float:
    done = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await run(next(requests))
            done += 1

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return done / (time.perf_counter() - started)


def _mix(all_cases: list[Case]) -> Iterator[Request]:
    chosen = [c for c in all_cases if c.label in MIX]
    return itertools.cycle([r for n in range(40) for c in chosen for r in c.requests[n : n + 1]])


async def measure(
    settings: Neo4jSettings, base: str, api_pid: int, args: argparse.Namespace
) -> dict[str, Any]:
    repo = Repository.connect(settings, ApiSettings())
    driver = make_async_driver(settings)
    limits = httpx.Limits(max_keepalive_connections=args.clients * 2)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        try:
            all_cases = await cases(repo, driver, settings.database, args.seed)
            await latency(all_cases, repo, driver, http, settings.database, args.rounds, api_pid)
            floor = [await timed(http.get("/health")) for _ in range(200)]
            rates = {}
            for layer in ("api", "driver"):

                def run(r: Request, layer: str = layer) -> Awaitable[Any]:
                    if layer == "api":
                        return _api(http, r)
                    return _driver(driver, settings.database, r.queries)

                for clients in (1, args.clients):
                    rates[(layer, clients)] = await throughput(
                        run, _mix(all_cases), clients, args.seconds
                    )
        finally:
            await repo.close()
            await driver.close()
    return report(all_cases, floor, rates, args.clients)


def report(
    all_cases: list[Case], floor: list[float], rates: dict[tuple[str, int], float], clients: int
) -> dict[str, Any]:
    print(
        f"{'request':<20}{'driver p50/p99':>16}{'repo p50/p99':>16}{'API p50/p99':>16}"
        f"{'API/driver':>11}{'CPU ms/request: driver repo API':>34}"
    )
    figures: dict[str, Any] = {"cases": {}}
    for case in all_cases:
        if case.error:
            figures["cases"][case.label] = {"error": case.error}
            print(f"{case.label:<20}failed: {case.error}")
            continue
        row = {layer: (pct(t, 0.5), pct(t, 0.99)) for layer, t in case.took.items()}
        cpu = {layer: used * 1000 / len(case.took[layer]) for layer, used in case.cpu.items()}
        ratio = row["api"][0] / row["driver"][0]
        figures["cases"][case.label] = {**row, "ratio": ratio, "cpu_ms": cpu}
        cells = "".join(f"{row[layer][0]:8.1f}/{row[layer][1]:5.0f} ms" for layer in row)
        used = "".join(f"{cpu[layer]:8.1f}" for layer in cpu)
        print(f"{case.label:<20}{cells}{ratio:10.2f}x{used:>34}")
    print(f"HTTP floor (GET /health): p50 {pct(floor, 0.5):.2f} ms, p99 {pct(floor, 0.99):.2f} ms")
    for layer in ("api", "driver"):
        one, many = rates[(layer, 1)], rates[(layer, clients)]
        figures[f"{layer}_throughput"] = {"1": one, str(clients): many, "ratio": many / one}
        print(
            f"{layer:>6} throughput on the mix: 1 client {one:6.1f}/s, {clients} clients "
            f"{many:6.1f}/s = {many / one:.2f}x"
        )
    figures["http_floor_ms"] = pct(floor, 0.5)
    return figures


def prepare(settings: Neo4jSettings, entities: int, seed: int) -> None:
    run_ingest(settings)
    if entities:
        with make_driver(settings) as driver:
            started = time.perf_counter()
            api_graph.build(driver, settings.database, entities, seed)
            print(f"synthetic graph of {entities} entities: {time.perf_counter() - started:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.api_overhead", description=__doc__)
    parser.add_argument("--entities", type=int, default=100_000, help="synthetic size; 0: none")
    parser.add_argument("--rounds", type=int, default=60, help="timed requests per kind")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=10.0, help="per throughput run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    with neo4j_for_soak() as (settings, _, _local):
        if not neo4j_uri_is_set():
            prepare(settings, args.entities, args.seed)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        api = serve(settings, port)
        try:
            wait_for_api(base, api)
            figures = asyncio.run(measure(settings, base, api.pid, args))
        finally:
            api.terminate()
            api.wait(timeout=30)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(figures, out, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
