"""`make bench-analysis`: what brokers, communities, common neighbours, changes and the
hub-avoiding paths cost, from the curated graph to 100k synthetic entities.

Each size runs against its own throwaway Neo4j (bench-scale's heap and page cache,
bench/scale_steps.py): the curated data through `kg ingest`, or N synthetic entities
(bench/synthetic.py) through `kg ingest`, as bench-scale loads them up to 100k. Then,
through the API (a `kg serve` child per request kind, bench/analysis_time.py): each request
of bench/analysis_cases.py cold (first call of a fresh process) and warm (p50/p95), against
two baselines in the same runs, an entity page and the bare driver read of the projection's
rows; and the API's peak RSS. A route that does not exist yet shows as "missing". Figures
are printed, never asserted; on a shared machine the ratios are the point.

    .venv/bin/python -m bench.analysis [--sizes curated,10k,100k] [--quick]

Writes docs/analysis-performance.md from docs/analysis-performance.json, which keeps the
figures of sizes run before (a run replaces the sizes it ran; `--fresh` drops the others).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import analysis_report, analysis_time
from bench.load import measured
from bench.scale_steps import DOCS, first_ingest, generate, machine_memory, throwaway
from ingest.validate import DEFAULT_DATA_DIR
from kg.local import server
from kg.local.throwaway import rss_mb

DEFAULT_SIZES = "curated,10k,100k"
LOGS = Path("/tmp/kg-analysis-logs")
ROUNDS, BUDGET, COLD_TIMEOUT = 30, 60.0, 300.0  # warm calls; s of warm calls; s for a cold one


def entities(label: str) -> int:
    """0 for the curated data, else the synthetic size ("10k", "100k", "1m", "2500")."""
    if label == "curated":
        return 0
    scale = {"k": 1_000, "m": 1_000_000}.get(label[-1].lower(), 1)
    return int(float(label[:-1] if scale > 1 else label) * scale)


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def machine(memory: tuple[str, str]) -> dict[str, Any]:
    total_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return {
        "cores": os.cpu_count(),
        "ram_gb": total_kb / 2**20,
        "heap": memory[0],
        "pagecache": memory[1],
    }


def one_size(label: str, memory: tuple[str, str], limits: tuple[int, float, float]) -> Any:
    size = entities(label)
    work = Path(tempfile.mkdtemp(prefix=f"kg-analysis-{label}-", dir="/tmp"))
    logs = LOGS / label
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    out: dict[str, Any] = {"cases": {}, "commit": analysis_report.commit()}
    print(f"\n== {label} (work in {work}, logs in {logs}) ==", flush=True)
    started = time.monotonic()
    try:
        data = DEFAULT_DATA_DIR
        if size:
            data = work / "yaml"
            print(f"  generating {size:,} entities ...", flush=True)
            generate(work, size, "--yaml", str(data))
        with throwaway(work / "neo4j", *memory) as local:
            print("  kg ingest ...", flush=True)
            out["load_s"] = first_ingest(data, local, work)["ingest_s"]
            out["load_start"] = load_average()
            with measured() as load:
                print(f"  load average {out['load_start']}; timing the requests ...", flush=True)
                out |= analysis_time.measure(server.connection(local), logs, *limits)
            out["load_end"], out["busy"] = load_average(), load.busy
            print(f"  timed ({load})", flush=True)
            out["neo4j_rss_mb"] = rss_mb(server.server_pid(local), "VmHWM")
    except Exception as error:  # a size that cannot be loaded: recorded, the run goes on
        out["error"] = f"failed: {type(error).__name__}: {str(error)[:300]}"
        print(f"    {out['error']}", flush=True)
    finally:
        for log in work.glob("*.log"):
            shutil.copy(log, logs)
        shutil.rmtree(work, ignore_errors=True)
    print(f"  ({(time.monotonic() - started) / 60:.1f} min for this size)", flush=True)
    return out


def order(labels: list[str]) -> list[str]:
    return sorted(labels, key=entities)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.analysis", description=__doc__)
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="curated and/or 10k, 100k, …")
    parser.add_argument("--quick", action="store_true", help="a smoke run: curated, few calls")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="warm calls per request")
    parser.add_argument("--fresh", action="store_true", help="forget figures of earlier runs")
    parser.add_argument("--out", type=Path, default=DOCS, help="where analysis-performance.* go")
    parser.add_argument("--render", action="store_true", help="only rewrite the page")
    args = parser.parse_args(argv)
    labels = ["curated"] if args.quick else [s.strip() for s in args.sizes.split(",") if s.strip()]
    limits = (5, 10.0, COLD_TIMEOUT) if args.quick else (args.rounds, BUDGET, COLD_TIMEOUT)
    memory = machine_memory()
    store = args.out / "analysis-performance.json"
    saved = {} if args.fresh or not store.exists() else json.loads(store.read_text())
    results: dict[str, Any] = saved.get("results", {})
    if args.render:
        labels = []
    else:
        uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
        print(f"bench-analysis: sizes {labels}; Neo4j heap {memory[0]}, page cache {memory[1]}")
        print(f"uptime: {uptime}", flush=True)
        saved["machine"] = machine(memory) | {
            "uptime": uptime,
            "commit": analysis_report.commit(),
            "date": datetime.date.today().isoformat(),
        }
    for label in labels:
        results[label] = one_size(label, memory, limits)
        saved["results"] = results
        args.out.mkdir(parents=True, exist_ok=True)
        store.write_text(json.dumps(saved, indent=1, sort_keys=True) + "\n")
    print()
    for label in order(list(results)):
        if "error" in results[label]:
            print(f"== {label}: {results[label]['error']}")
        else:
            print(analysis_report.text_table(label, results[label]) + "\n")
    page = analysis_report.write(saved, order(list(results)), args.out)
    print(f"wrote {page} and {store}; each size's logs are in {LOGS}/<size>/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
