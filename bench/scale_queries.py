"""Query figures at one size, through bench/api_timing.py.

That module times each kind of request through the API (a `kg serve` child on loopback),
the repository and the bare driver replaying the very Cypher the repository sent, and the
throughput of 4 clients against 1. This module starts the API child for the size's
throwaway server, runs it, and maps its figures onto bench-scale's (bench/scale_metrics.py).
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from bench.api_timing import measure as api_measure
from bench.scale_metrics import Value
from bench.servers import serve
from graph.settings import Neo4jSettings
from kg.local.throwaway import free_port, wait_for_api

ROUNDS = 60  # timed requests per kind of query (after two warm-up rounds)
CLIENTS = 4
SECONDS = 10.0  # per throughput run
# bench/api_cases.py labels its hub cases "hub <degree> page" and "hub <degree> neigh".


def _case(out: dict[str, Value], case: dict[str, Any], key: str, at: int = 0) -> None:
    """One case's API, driver and ratio figures; a failed case's error under each."""
    if "error" in case or "api" not in case:
        failed = f"failed: {case.get('error', 'no figures')}"
        out[f"{key}_ms"] = out[f"{key}_driver_ms"] = out[f"{key}_ratio"] = failed
        return
    out[f"{key}_ms"] = float(case["api"][at])
    out[f"{key}_driver_ms"] = float(case["driver"][at])
    out[f"{key}_ratio"] = float(case["ratio"])


def figures(found: dict[str, Any]) -> dict[str, Value]:
    """bench/api_timing.py's figures as bench-scale's: p50s, the paths' p99, the ratios."""
    cases: dict[str, Any] = found["cases"]
    out: dict[str, Value] = {}
    for label, key, at in (
        ("search", "search", 0),
        ("entity", "entity", 0),
        ("paths", "path", 1),
        ("neighbours", "neighbours", 0),
        ("unconnected", "unconnected", 0),
    ):
        if label in cases:
            _case(out, cases[label], key, at)
    out.setdefault("unconnected_ms", "skipped: no unconnected pair found")
    hubs = [(int(label.split()[1]), label) for label in cases if label.endswith(" page")]
    if hubs:
        degree, label = max(hubs)
        out["hub_degree"] = float(degree)
        _case(out, cases[label], "hub")
    else:
        out["hub_ms"] = "skipped: no hub found"
    out["concurrency_x"] = float(found["api_throughput"]["ratio"])
    return out


def measure(settings: Neo4jSettings) -> dict[str, Value]:
    """Every query figure at the loaded size; the API runs in a child for the duration."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    args = argparse.Namespace(rounds=ROUNDS, clients=CLIENTS, seconds=SECONDS, seed=7)
    api = serve(settings, port)
    try:
        wait_for_api(base, api)
        return figures(asyncio.run(api_measure(settings, base, api.pid, args)))
    finally:
        api.terminate()
        api.wait(timeout=30)
