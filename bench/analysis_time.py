"""The timing of `python -m bench.analysis` at one loaded size.

Every endpoint gets a fresh API process (`kg serve` on loopback, as bench/servers.py starts
it; its startup warm-up off unless the endpoint asks for it), so that its first request is
cold: nothing cached in the API, the analysis projection built by that request. Then warm
requests, each after a baseline request (an entity page) in the same process, interleaved
so that the machine's noise hits both alike; p50/p95 of each, and the peak RSS (VmHWM) of
the API process and of the workers it started, at the end. The other baseline, the bare
Cypher read of the projection's rows through the driver, runs in this process.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from neo4j import READ_ACCESS, Driver

import cypher
from bench.analysis_cases import ENDPOINTS, Endpoint, Params, Targets, fact_types, pick, undeclared
from bench.scale_run import descendants
from bench.servers import kg
from graph.driver import make_driver
from graph.settings import Neo4jSettings
from kg.local.throwaway import free_port, rss_mb, wait_for_api

Figures = dict[str, Any]
ANSWERS = ("brokers", "communities", "neighbours", "items", "paths")  # what answers hold
# The projection's read, as the default /analysis request makes it: the API's own query
# (one row: every pair of ends), else the benchmark's (a row per relationship).
PROJECTIONS: list[tuple[str, dict[str, Any]]] = [
    ("api/analysis/projection", {"types": None, "as_of": None, "include_attributed": False}),
    ("bench/analysis_projection", {"types": fact_types()}),
]


def _projection_query() -> tuple[str, str, dict[str, Any]]:
    for name, params in PROJECTIONS:
        with contextlib.suppress(cypher.UnknownQuery):
            return name, cypher.load(name), params
    raise cypher.UnknownQuery(PROJECTIONS[-1][0])


def _read(driver: Driver, database: str, query: str, params: dict[str, Any]) -> int:
    """Run the read to its end; the relationships it gave."""
    with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        records = list(session.run(query, params))
    first = records[0].data() if len(records) == 1 else {}
    if "pairs" in first:
        return len(first["pairs"])
    return len(records)


@contextlib.contextmanager
def api(
    settings: Neo4jSettings, log: Path, timeout: float, warm_up: bool = False
) -> Iterator[tuple[httpx.Client, int]]:
    """A `kg serve` child on a free port, and a keep-alive client for it; `warm_up`: with
    the API's startup computation of the unfiltered analysis (off: requests start cold)."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")},
        "NEO4J_URI": settings.uri,
        "NEO4J_USER": settings.user,
        "NEO4J_PASSWORD": settings.secret,
        "KG_ANALYSIS_WARM": "true" if warm_up else "false",
    }
    command = [*kg(), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("ab") as out:
        child = subprocess.Popen(command, env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_api(base, child, log)
        with httpx.Client(base_url=base, timeout=timeout) as http:
            yield http, child.pid
    finally:
        child.terminate()
        try:
            child.wait(timeout=30)
        except Exception:  # a stuck server: end it
            child.kill()
            child.wait(timeout=30)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def _get(http: httpx.Client, route: str, params: Params) -> httpx.Response:
    answer = http.get(route, params=tuple(params))
    answer.content  # noqa: B018 - read in full
    return answer


def _timed(http: httpx.Client, route: str, params: Params) -> float:
    started = time.perf_counter()
    answer = _get(http, route, params)
    took = time.perf_counter() - started
    if answer.status_code != 200:
        raise RuntimeError(_said(answer))
    return took


def _said(answer: httpx.Response) -> str:
    try:
        detail = answer.json().get("detail") or answer.json().get("title")
    except ValueError:
        detail = answer.text
    return f"failed: {answer.status_code} {str(detail)[:140]}"


def _size(answer: httpx.Response) -> str:
    """How much the answer holds: its longest list, else its bytes."""
    try:
        body = answer.json()
    except ValueError:
        return f"{len(answer.content):,} bytes"
    if not isinstance(body, dict):
        return f"{len(answer.content) / 1024:,.0f} KB"
    lists = {k: len(v) for k, v in body.items() if isinstance(v, list) and k in ANSWERS}
    if lists:
        key = next(iter(lists))
        return f"{lists[key]:,} {key}, {len(answer.content) / 1024:,.0f} KB"
    return f"{len(answer.content) / 1024:,.0f} KB"


def time_case(
    http: httpx.Client, route: str, params: Params, sample: list[str], rounds: int, budget: float
) -> Figures:
    """Cold, then warm calls interleaved with entity pages; stop at `rounds` or `budget` s."""
    started = time.perf_counter()
    try:
        answer = _get(http, route, params)
    except httpx.TimeoutException:
        return {"status": f"timed out ({time.perf_counter() - started:.0f} s)"}
    cold = time.perf_counter() - started
    if answer.status_code != 200:
        return {"status": _said(answer), "cold_ms": cold * 1000}
    warm: list[float] = []
    entity: list[float] = []
    deadline = time.perf_counter() + budget
    try:
        for n in range(rounds):
            entity.append(_timed(http, f"/entities/{sample[n % len(sample)]}", []))
            warm.append(_timed(http, route, params))
            if n >= 2 and time.perf_counter() > deadline:
                break
    except (RuntimeError, httpx.HTTPError) as error:
        return {"status": f"failed on a warm call: {str(error)[:140]}", "cold_ms": cold * 1000}
    return {
        "status": "ok",
        "answer": _size(answer),
        "cold_ms": cold * 1000,
        "p50_ms": pct(warm, 0.5),
        "p95_ms": pct(warm, 0.95),
        "calls": len(warm),
        "entity_p50_ms": pct(entity, 0.5),
        "ratio_entity": pct(warm, 0.5) / pct(entity, 0.5),
    }


def projection(driver: Driver, database: str, rounds: int, budget: float) -> Figures:
    """The bare read of the projection's rows through the driver: first and p50."""
    took: list[float] = []
    rows = 0
    name, query, params = _projection_query()
    deadline = time.perf_counter() + budget
    for _ in range(rounds):
        started = time.perf_counter()
        rows = _read(driver, database, query, params)
        took.append(time.perf_counter() - started)
        if len(took) >= 3 and time.perf_counter() > deadline:
            break
    return {
        "query": name,
        "rows": rows,
        "first_ms": took[0] * 1000,
        "p50_ms": pct(took[1:] or took, 0.5),
        "calls": len(took),
    }


def counts(driver: Driver, database: str) -> Figures:
    """Entities and relationships between them (through the driver: /stats may time out
    on a large graph on a loaded machine)."""
    records, _, _ = driver.execute_query(cypher.load("bench/analysis_counts"), database_=database)
    return {"entities": records[0]["entities"], "relations": records[0]["relations"]}


def measure(
    settings: Neo4jSettings, logs: Path, rounds: int, budget: float, cold_timeout: float
) -> Figures:
    """Every endpoint at the loaded size, and the baselines."""
    out: Figures = {"cases": {}}
    with make_driver(settings) as driver, api(settings, logs / "api.log", 120) as (http, _):
        spec = http.get("/openapi.json").json()
        out |= counts(driver, settings.database)
        targets = pick(driver, settings.database, http)
        out["targets"] = targets.notes
        out["projection"] = projection(driver, settings.database, rounds, budget)
        print(f"    {out['entities']:,} entities, {out['relations']:,} fact relations", flush=True)
        print(f"    projection read: {out['projection']}", flush=True)
    timed_out: set[str] = set()
    for endpoint in ENDPOINTS:
        out["cases"][endpoint.key] = one(endpoint, settings, spec, targets, logs, timed_out, (
            rounds, budget, cold_timeout))  # fmt: skip
        print(f"    {endpoint.label}: {out['cases'][endpoint.key]}", flush=True)
    return out


def one(
    endpoint: Endpoint,
    settings: Neo4jSettings,
    spec: dict[str, Any],
    targets: Targets,
    logs: Path,
    timed_out: set[str],
    limits: tuple[int, float, float],
) -> Figures:
    rounds, budget, cold_timeout = limits
    params = endpoint.params(targets)
    why = undeclared(spec, endpoint, params)
    if why:
        return {"status": why}
    if endpoint.group in timed_out:
        return {"status": f"skipped: the first {endpoint.group} request timed out"}
    try:
        with api(settings, logs / "api.log", cold_timeout, endpoint.startup_warm) as (http, pid):
            figures = time_case(http, endpoint.route, params, targets.sample, rounds, budget)
            figures["rss_mb"] = rss_mb(pid, "VmHWM")
            # large projections are computed in worker processes the API starts
            workers = [rss_mb(child, "VmHWM") for child in descendants(pid)]
            figures["workers_rss_mb"] = sum(w for w in workers if w)
    except Exception as error:  # one endpoint must not end the run
        figures = {"status": f"failed: {type(error).__name__}: {str(error)[:140]}"}
    if str(figures["status"]).startswith("timed out"):
        timed_out.add(endpoint.group)
    return figures
