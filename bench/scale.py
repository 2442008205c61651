"""`make bench-scale`: ingest and query figures from 1k to 1M synthetic entities.

Each size runs against its own throwaway Neo4j (free ports, a home under /tmp, the heap
below): generate the data (bench/synthetic.py), `kg validate`, `kg ingest` into the empty
database, the same again with no change, again after a 1% change, the queries through the
API and the driver (bench/scale_queries.py), and batched against one-row-per-transaction
writes (bench/scale_write.py). Sizes from `--bulk-from` up take the bulk path instead:
`kg bulk load` of the JSON-lines files, then the queries. A step that fails or runs out of
time is recorded as such and the run goes on. Figures are printed, never asserted.

    .venv/bin/python -m bench.scale [--sizes 1000,10000] [--quick]

Writes docs/performance.md and docs/performance.png (bench/charts.py), from
docs/performance.json, which keeps the figures of sizes run before (a run replaces the
sizes it ran; `--fresh` drops the others).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench import charts, scale_queries, scale_write
from bench.scale_metrics import Results, Value
from bench.scale_run import env_for, run, server_pid_of
from bench.scale_steps import (
    DOCS,
    MINUTES,
    add_island,
    attempt,
    checked,
    first_ingest,
    generate,
    machine_memory,
    mib,
    rerun,
    throwaway,
    validate,
)
from bench.servers import kg
from graph.settings import Neo4jSettings
from kg.local import server

DEFAULT_SIZES = "1000,10000,100000,1000000"
BULK_FROM = 1_000_000
LOGS = Path("/tmp/kg-scale-logs")


QUERY_KEYS = ["search_ms", "entity_ms", "path_ms", "hub_ms", "unconnected_ms", "concurrency_x"]
AFTER_INGEST = ["rerun_s", "change_s", *QUERY_KEYS, "nodes_x", "rels_x"]


def skip(out: dict[str, Value], keys: list[str], why: str) -> None:
    for key in keys:
        out.setdefault(key, f"skipped: {why}")


def queries_and_writes(out: dict[str, Value], settings: Neo4jSettings, writes: bool) -> None:
    print("  queries (API and driver) ...", flush=True)
    attempt(out, ["unconnected_ms"], lambda: add_island(settings))
    attempt(out, QUERY_KEYS, lambda: scale_queries.measure(settings))
    if writes:
        print("  batched against one row per transaction ...", flush=True)
        attempt(out, ["nodes_x", "rels_x"], lambda: scale_write.write_ratios(settings))


def curated(size: int, work: Path, out: dict[str, Value], memory: tuple[str, str]) -> None:
    data, changed = work / "yaml", work / "yaml-1pct"
    print(f"  generating {size:,} entities ...", flush=True)
    if not attempt(out, ["generate_s"], lambda: generate(work, size, "--yaml", str(data))):
        return
    out["input_mb"] = mib(data)
    print("  kg validate ...", flush=True)
    attempt(out, ["validate_s", "validate_rps"], lambda: validate(work, data))
    with throwaway(work / "neo4j", *memory) as local:
        print("  kg ingest into the empty database ...", flush=True)
        if not attempt(out, ["ingest_s"], lambda: first_ingest(data, local, work)):
            skip(out, AFTER_INGEST, "the first ingest gave no graph")
            return
        print("  kg ingest again, no change ...", flush=True)
        attempt(out, ["rerun_s"], lambda: rerun(data, local, work, "rerun"))
        print("  kg ingest again, 1% changed ...", flush=True)
        change = ["--change", "0.01", "--yaml", str(changed)]
        gen: dict[str, Value] = {}  # its generation time is not a figure of the table
        if attempt(gen, ["change_s"], lambda: generate(work, size, *change, name="generate-1pct")):
            attempt(out, ["change_s"], lambda: rerun(changed, local, work, "change"))
        else:
            out["change_s"] = gen["change_s"]
        queries_and_writes(out, server.connection(local), writes=True)


def bulk(size: int, work: Path, out: dict[str, Value], memory: tuple[str, str]) -> None:
    data = work / "bulk"
    print(f"  generating {size:,} entities (bulk format) ...", flush=True)
    if not attempt(out, ["generate_s"], lambda: generate(work, size, "--bulk", str(data))):
        return
    out["input_mb"] = mib(data)
    for key, name in (("entities", "entities.jsonl"), ("relations", "relations.jsonl")):
        with contextlib.suppress(OSError), (data / name).open("rb") as lines:
            out[key] = float(sum(1 for _ in lines))
    with throwaway(work / "neo4j", *memory) as local:
        print("  kg bulk load ...", flush=True)

        def load() -> dict[str, Value]:
            command = [*kg(), "bulk", "load", str(data)]
            env = env_for(None, local)
            ran = run(command, MINUTES["bulk"] * 60, work / "bulk.log", env, server_pid_of(local))
            checked(ran)
            if not server.is_running(local):  # a loader that leaves the server stopped
                server.start(local)
            return {
                "bulk_s": ran.seconds,
                "bulk_kg_rss_mb": ran.peak_mb or "unknown",
                "bulk_neo4j_rss_mb": ran.others_mb or "unknown",
            }

        if not bulk_available():
            skip(out, ["bulk_s", *QUERY_KEYS], "no `kg bulk load` here")
        elif attempt(out, ["bulk_s"], load):
            queries_and_writes(out, server.connection(local), writes=False)
        else:
            skip(out, QUERY_KEYS, "the bulk load gave no graph")


@functools.cache
def bulk_available() -> bool:
    done = subprocess.run([*kg(), "bulk", "--help"], capture_output=True, check=False)
    return done.returncode == 0


def one_size(size: int, bulk_from: int, memory: tuple[str, str]) -> dict[str, Value]:
    out: dict[str, Value] = {}
    work = Path(tempfile.mkdtemp(prefix=f"kg-scale-{size}-", dir="/tmp"))
    path = "bulk" if size >= bulk_from else "curated"
    print(f"\n== {size:,} entities, {path} path (work in {work}) ==", flush=True)
    started = time.monotonic()
    try:
        (bulk if path == "bulk" else curated)(size, work, out, memory)
    except Exception as error:  # outside a step (a server that will not start): this size ends
        reason = f"failed: {type(error).__name__}: {error}"
        print(f"    {reason[:300]}", flush=True)
        out.setdefault("bulk_s" if path == "bulk" else "ingest_s", reason[:160])
    finally:
        keep = LOGS / str(size)  # the data goes; each step's output stays, for a failure
        shutil.rmtree(keep, ignore_errors=True)
        keep.mkdir(parents=True)
        for log in work.glob("*.log"):
            shutil.copy(log, keep)
        shutil.rmtree(work, ignore_errors=True)
    print(f"  ({(time.monotonic() - started) / 60:.1f} min for this size)", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="entities, comma-separated")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 1,000 entities only")
    parser.add_argument("--bulk-from", type=int, default=BULK_FROM, help="bulk path from here")
    parser.add_argument("--fresh", action="store_true", help="forget figures of earlier runs")
    parser.add_argument("--out", type=Path, default=DOCS, help="where performance.* go")
    parser.add_argument(
        "--render", action="store_true", help="only rewrite the page from performance.json"
    )
    args = parser.parse_args(argv)
    sizes = [1_000] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    memory = machine_memory()
    print(f"bench-scale: sizes {sizes}; Neo4j heap {memory[0]}, page cache {memory[1]}")
    store = args.out / "performance.json"
    saved = {} if args.fresh or not store.exists() else json.loads(store.read_text())
    results: Results = {int(k): v for k, v in saved.get("results", {}).items()}
    if args.render:
        sizes, memory = [], (saved.get("heap", memory[0]), saved.get("pagecache", memory[1]))
    for size in sizes:
        results[size] = one_size(size, args.bulk_from, memory)
        saved = {"results": results, "heap": memory[0], "pagecache": memory[1]}
        args.out.mkdir(parents=True, exist_ok=True)
        store.write_text(json.dumps(saved, indent=1, sort_keys=True) + "\n")
    print()
    print(charts.table(results, markdown=False))
    charts.write(results, memory, args.out)
    print(f"\nwrote {args.out / 'performance.md'} and {args.out / 'performance.png'}")
    print(f"the output of every step is in {LOGS}/<size>/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
