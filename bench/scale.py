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
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import cypher
from bench import charts, scale_queries, scale_write
from bench.scale_metrics import Results, Value
from bench.scale_run import ROOT, Ran, env_for, kg, python, run, server_pid_of
from graph.driver import make_driver
from graph.settings import LocalServerSettings, Neo4jSettings
from kg.local import server
from tests.helpers import start_throwaway

DEFAULT_SIZES = "1000,10000,100000,1000000"
BULK_FROM = 1_000_000
MINUTES = {"generate": 30, "validate": 15, "ingest": 15, "bulk": 20}
DOCS = ROOT / "docs"
LOGS = Path("/tmp/kg-scale-logs")


class StepFailed(Exception):
    """A step that could not give its figures; the message is what the table shows."""


def machine_memory() -> tuple[str, str]:
    """Neo4j's heap and page cache for this machine: a sixth and an eighth of its RAM,
    each between 1 and 4 GB, the same at every size so that the sizes compare."""
    total_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    gb = total_kb / 2**20
    return f"{max(1, min(4, int(gb / 6)))}g", f"{max(1, min(4, int(gb / 8)))}g"


def attempt(out: dict[str, Value], keys: list[str], work: Callable[[], dict[str, Value]]) -> bool:
    """Run one step; on failure record why under each of its figures. True if it worked."""
    try:
        out.update(work())
        return True
    except StepFailed as error:
        reason = str(error)
    except Exception as error:  # a benchmark step must not end the run
        reason = f"failed: {type(error).__name__}: {error}"
    print(f"    {reason[:300]}", flush=True)
    for key in keys:
        out.setdefault(key, reason[:160])
    return False


def checked(ran: Ran) -> Ran:
    problem = ran.problem()
    if problem:
        raise StepFailed(problem)
    return ran


def mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def generate(work: Path, size: int, *args: str, name: str = "generate") -> dict[str, Value]:
    command = [python(), "-m", "bench.synthetic", "--entities", str(size), *args]
    ran = checked(run(command, MINUTES["generate"] * 60, work / f"{name}.log"))
    return {"generate_s": ran.seconds}


def validate(work: Path, data: Path) -> dict[str, Value]:
    command = [*kg(), "validate", "--data", str(data)]
    ran = checked(run(command, MINUTES["validate"] * 60, work / "validate.log"))
    said = re.search(r"([\d,]+) entities, ([\d,]+) relations", ran.out)
    if not said:
        raise StepFailed("failed: kg validate did not say how many relations")
    entities, relations = (float(x.replace(",", "")) for x in said.groups())
    return {
        "entities": entities,
        "relations": relations,
        "validate_s": ran.seconds,
        "validate_rps": relations / ran.seconds,
    }


def written(out: str) -> int:
    """Rows the ingest wrote, from its summary ("N rows written …", else the table)."""
    said = re.search(r"(\d+) rows written", out)
    if said:
        return int(said.group(1))
    counts = re.findall(r"^\s+\S+\s+\d+\s+(\d+)\s+(\d+)\s+(\d+)\s*$", out, re.MULTILINE)
    if not counts:
        raise StepFailed("failed: no summary table in the output of kg ingest")
    return sum(int(n) for row in counts for n in row)


@contextlib.contextmanager
def throwaway(root: Path, heap: str, pagecache: str) -> Iterator[LocalServerSettings]:
    local = start_throwaway(root, heap=heap, pagecache=pagecache)
    try:
        yield local
    finally:
        server.stop(local)


def ingest(data: Path, local: LocalServerSettings, log: Path) -> tuple[Ran, int]:
    settings = server.connection(local)
    command = [*kg(), "ingest", "--data", str(data)]
    ran = run(command, MINUTES["ingest"] * 60, log, env_for(settings, None), server_pid_of(local))
    return checked(ran), written(ran.out)


def first_ingest(data: Path, local: LocalServerSettings, work: Path) -> dict[str, Value]:
    ran, rows = ingest(data, local, work / "ingest.log")
    size = mib(data)
    out: dict[str, Value] = {"ingest_s": ran.seconds, "ingest_rows": float(rows)}
    out["ingest_rps"] = rows / ran.seconds
    if ran.peak_mb is not None:
        out["ingest_rss_mb"] = ran.peak_mb
        out["ingest_rss_x"] = ran.peak_mb / size
    if ran.others_mb is not None:
        out["neo4j_rss_mb"] = ran.others_mb
    return out


def rerun(data: Path, local: LocalServerSettings, work: Path, key: str) -> dict[str, Value]:
    ran, rows = ingest(data, local, work / f"{key}.log")
    return {f"{key}_s": ran.seconds, f"{key}_wrote": "nothing" if rows == 0 else f"{rows} rows"}


QUERY_KEYS = ["search_ms", "entity_ms", "path_ms", "hub_ms", "unconnected_ms", "concurrency_x"]
AFTER_INGEST = ["rerun_s", "change_s", *QUERY_KEYS, "nodes_x", "rels_x"]


def skip(out: dict[str, Value], keys: list[str], why: str) -> None:
    for key in keys:
        out.setdefault(key, f"skipped: {why}")


def add_island(settings: Neo4jSettings) -> dict[str, Value]:
    """Two entities apart from the rest, so that there is an unconnected pair to time."""
    with make_driver(settings) as driver:
        driver.execute_query(cypher.load("bench/scale_island"), database_=settings.database)
    return {}


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
