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
of N entities (bench/synthetic_data.py, through the real ingest) and an island. Targets
(ids, names, hubs, an unconnected pair) are sampled from the graph. It prints figures; it
never fails on speed. Targets: API p50 <= 1.3x driver; 4 clients >= 1.7x one; at 100k
entities search and entity p50 < 10 ms, paths p99 < 100 ms, unconnected < 100 ms, hub page
p50 < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import tempfile
import time
from pathlib import Path

from bench.api_timing import measure
from bench.scale_steps import add_island
from bench.servers import neo4j_for_bench, serve
from bench.synthetic_data import generate, write_yaml
from graph.settings import Neo4jSettings, neo4j_uri_is_set
from ingest.pipeline import run_ingest
from ingest.validate import DEFAULT_DATA_DIR, data_files
from kg.local.throwaway import free_port, wait_for_api


def prepare(settings: Neo4jSettings, entities: int, seed: int) -> None:
    """The curated data, with `entities` synthetic ones beside it, through the real ingest;
    and an island, so that there is an unconnected pair to time."""
    if not entities:
        run_ingest(settings)
        return
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        for path in data_files(DEFAULT_DATA_DIR):
            shutil.copy(path, data)
        write_yaml(generate(entities, seed), data)
        run_ingest(settings, data)
    add_island(settings)
    print(f"curated and {entities} synthetic entities: {time.perf_counter() - started:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.api_overhead", description=__doc__)
    parser.add_argument("--entities", type=int, default=100_000, help="synthetic size; 0: none")
    parser.add_argument("--rounds", type=int, default=60, help="timed requests per kind")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=10.0, help="per throughput run")
    parser.add_argument("--workers", type=int, default=1, help="API processes (kg serve)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    with neo4j_for_bench() as neo4j:
        settings = neo4j.settings
        if not neo4j_uri_is_set():
            prepare(settings, args.entities, args.seed)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        api = serve(settings, port, args.workers)
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
