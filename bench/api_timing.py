"""What the API costs over the driver: each case of bench/api_cases.py timed through the
bare driver, the repository and a `kg serve` child, interleaved; CPU time per layer; the
HTTP floor; and the throughput of several clients against one.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
from neo4j import AsyncDriver

from api.repository import Repository
from api.settings import ApiSettings
from bench.api_cases import Case, Queries, Request, cases, rows
from bench.load import Load, measured
from bench.scale_run import descendants
from graph.driver import make_async_driver
from graph.settings import Neo4jSettings

MIX = ("search", "entity", "neighbours", "paths")  # the concurrency mix


async def _driver(driver: AsyncDriver, database: str, queries: Queries) -> None:
    for name, params in queries:
        await rows(driver, database, name, **params)


async def _api(http: httpx.AsyncClient, request: Request) -> None:
    response = await http.get(request.path, params=request.params)
    response.raise_for_status()
    response.content  # noqa: B018 - read in full


async def timed(work: Awaitable[Any]) -> float:
    started = time.perf_counter()
    await work
    return time.perf_counter() - started


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process and its live descendants (the API's workers) have
    used, from /proc (clock ticks of 10 ms)."""
    ticks = 0
    for one in (pid, *descendants(pid)):
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


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
            with measured() as latency_load:
                await latency(
                    all_cases, repo, driver, http, settings.database, args.rounds, api_pid
                )
            floor = [await timed(http.get("/health")) for _ in range(200)]
            rates, loads = {}, {}
            for layer in ("api", "driver"):

                def run(r: Request, layer: str = layer) -> Awaitable[Any]:
                    if layer == "api":
                        return _api(http, r)
                    return _driver(driver, settings.database, r.queries)

                for clients in (1, args.clients):
                    with measured() as loads[(layer, clients)]:
                        rates[(layer, clients)] = await throughput(
                            run, _mix(all_cases), clients, args.seconds
                        )
        finally:
            await repo.close()
            await driver.close()
    return report(all_cases, floor, (rates, loads), args.clients, latency_load)


def report(
    all_cases: list[Case],
    floor: list[float],
    throughputs: tuple[dict[tuple[str, int], float], dict[tuple[str, int], Load]],
    clients: int,
    latency_load: Load,
) -> dict[str, Any]:
    rates, loads = throughputs
    print(
        f"{'request':<20}{'driver p50/p99':>16}{'repo p50/p99':>16}{'API p50/p99':>16}"
        f"{'API/driver':>11}{'CPU ms/request: driver repo API':>34}"
    )
    figures: dict[str, Any] = {"cases": {}, "latency_load": latency_load.as_dict()}
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
    print(f"(the latency rounds above, interleaved: {latency_load})")
    print(f"HTTP floor (GET /health): p50 {pct(floor, 0.5):.2f} ms, p99 {pct(floor, 0.99):.2f} ms")
    for layer in ("api", "driver"):
        one, many = rates[(layer, 1)], rates[(layer, clients)]
        figures[f"{layer}_throughput"] = {"1": one, str(clients): many, "ratio": many / one}
        figures[f"{layer}_throughput"]["load"] = {
            str(n): loads[(layer, n)].as_dict() for n in (1, clients)
        }
        print(
            f"{layer:>6} throughput on the mix: 1 client {one:6.1f}/s "
            f"({loads[(layer, 1)]}), {clients} clients {many:6.1f}/s "
            f"({loads[(layer, clients)]}) = {many / one:.2f}x"
        )
    figures["http_floor_ms"] = pct(floor, 0.5)
    return figures
