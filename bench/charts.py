"""The figures of `make bench-scale` as a table, a chart (PNG, matplotlib) and a page.

`table` renders the figures for the terminal or for Markdown, targets beside them;
`chart` draws ingest time and query latency against the number of entities (log axes);
`write` writes docs/performance.md and docs/performance.png. The page's analysis is
written by hand in bench/performance_analysis.md, one part under each
`<!-- analysis: … -->` marker, and set in its place on every render.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: write files only
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from bench.scale_metrics import METRICS, Metric, Results, fmt, growth, verdict

CELL = 60  # characters of a failure shown in the table
TIMES = [  # (figure, legend) on the left panel, seconds
    ("validate_s", "kg validate"),
    ("ingest_s", "kg ingest, empty database"),
    ("rerun_s", "re-run, no change"),
    ("change_s", "re-run, 1% changed"),
    ("bulk_s", "kg bulk load"),
]
LATENCIES = [  # (API figure, driver figure, legend) on the right panel, ms
    ("search_ms", "search_driver_ms", "search p50"),
    ("entity_ms", "entity_driver_ms", "entity p50"),
    ("path_ms", "path_driver_ms", "paths p99 (6 hops)"),
    ("hub_ms", "hub_driver_ms", "hub page p50"),
    ("unconnected_ms", None, "no-path pair"),
]


def _cell(metric: Metric, size: int, results: Results) -> str:
    value = results[size].get(metric.key)
    said = verdict(metric, size, value)
    shown = fmt(metric, value)
    shown = shown if len(shown) <= CELL else shown[: CELL - 1] + "…"  # the JSON has it all
    return shown + (f" ({said})" if said else "")


def table(results: Results, markdown: bool = True) -> str:
    """One row per figure that any size has, one column per size, the target last."""
    sizes = sorted(results)
    head = ["figure", *(f"{s:,}" for s in sizes), "target"]
    rows = [
        [m.label, *(_cell(m, s, results) for s in sizes), m.target]
        for m in METRICS
        if any(m.key in results[s] for s in sizes)
    ]
    ratio = growth(results)
    if ratio:
        said = f"{ratio[0]} ({ratio[1]}), <= 12"
        rows.append(["ingest time 100k / 10k", *([""] * len(sizes)), said])
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for row in rows:
            lines.append("| " + " | ".join(c.strip().replace("|", "\\|") for c in row) + " |")
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    lines = []
    for row in [head, *rows]:
        pairs = enumerate(zip(row, widths, strict=True))
        cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in pairs]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def _series(results: Results, key: str) -> tuple[list[int], list[float]]:
    points = [(s, v) for s in sorted(results) if isinstance(v := results[s].get(key), float | int)]
    return [p[0] for p in points], [float(p[1]) for p in points]


def _entities(value: float) -> str:
    for unit, name in ((1e6, "M"), (1e3, "k")):
        if value >= unit:
            return f"{value / unit:g}{name}"
    return f"{value:g}"


def chart(results: Results, path: Path) -> None:
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
    for key, label in TIMES:
        xs, ys = _series(results, key)
        if xs:
            left.plot(xs, ys, marker="o", label=label)
    left.set_title("Ingest and load time")
    left.set_ylabel("seconds")
    for api, driver, label in LATENCIES:
        xs, ys = _series(results, api)
        if not xs:
            continue
        (line,) = right.plot(xs, ys, marker="o", label=f"{label}, API")
        if driver:
            xs, ys = _series(results, driver)
            right.plot(xs, ys, marker="x", linestyle="--", color=line.get_color(), alpha=0.7)
    right.set_title("Query latency (solid: API, dashed: driver)")
    right.set_ylabel("milliseconds")
    for ax in (left, right):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _entities(v)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.tick_params(axis="y", which="minor", labelsize=7)
        ax.set_xlabel("entities")
        ax.grid(True, which="both", alpha=0.3)
        if ax.lines:
            ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or "unknown"


def _targets(results: Results) -> list[str]:
    lines = []
    for metric in METRICS:
        for size in sorted(results):
            said = verdict(metric, size, results[size].get(metric.key))
            if said:
                value = fmt(metric, results[size].get(metric.key))
                name = metric.label.strip()
                lines.append(f"- {name} at {size:,}: {value}, {said} ({metric.target})")
    ratio = growth(results)
    if ratio:
        lines.append(f"- ingest time 100k / 10k: {ratio[0]}, {ratio[1]} (<= 12)")
    return lines or ["- (no target applies at the sizes run)"]


def page(results: Results, memory: tuple[str, str]) -> str:
    today = datetime.date.today().isoformat()
    return PAGE.format(
        date=today,
        commit=_commit(),
        cores=os.cpu_count(),
        heap=memory[0],
        pagecache=memory[1],
        table=table(results),
        targets="\n".join(_targets(results)),
    )


ANALYSIS = Path(__file__).with_name("performance_analysis.md")
MARKER = re.compile(r"^<!-- analysis: .*? -->$", re.M)


def with_analysis(text: str, analysis: Path = ANALYSIS) -> str:
    """Each marker of the page followed by the hand-written part under the same marker."""
    if not analysis.exists():
        return text
    written = analysis.read_text(encoding="utf-8")
    markers = MARKER.findall(written)
    parts = MARKER.split(written)[1:]
    for marker, part in zip(markers, parts, strict=True):
        text = text.replace(marker, f"{marker}\n{part.strip()}", 1)
    return text


def write(results: Results, memory: tuple[str, str], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    chart(results, out / "performance.png")
    (out / "performance.md").write_text(with_analysis(page(results, memory)), encoding="utf-8")


PAGE = """\
# Performance at scale

Generated by `make bench-scale` (bench/scale.py) on {date} at commit {commit}, on a machine
with {cores} cores. Each size ran against its own throwaway Neo4j 5.26 Community (fresh
database, free ports, home under /tmp) with a **{heap} heap and a {pagecache} page cache**
(a sixth and an eighth of this machine's RAM, capped at 4 GB; the project's own default is
512m and 256m), and the project's default 60 s transaction timeout. The data is synthetic
(bench/synthetic.py, seed 7): persons with Cyrillic aliases, organisations, places, dated
events, claims, about five dated, sourced relationships per entity, disagreements and a few
hubs. Sizes up to 100k take the curated path (YAML files, `kg ingest`); 1M takes the bulk
path (JSON lines, `kg bulk load`).

Figures are printed, never asserted; the machine is shared, so absolute times are noisy.
The ratios (batched against one row per transaction, API against driver, 4 clients against
1) are measured in one process against one server, so most of that noise cancels.

    make bench-scale                                   # 1k, 10k, 100k, 1M
    .venv/bin/python -m bench.scale --sizes 1000,10000 # chosen sizes (others kept)
    .venv/bin/python -m bench.scale --quick            # smoke run, 1k only

## Figures

{table}

A cell reads "failed: …", "timed out" or "skipped: …" when that step did not give a figure;
the run went on with the next step. "(met)" and "(missed)" compare with the targets,
each at the size it names.

![Ingest time and query latency against the number of entities](performance.png)

## Targets

{targets}

<!-- analysis: for each target missed, what limits it -->

## What each cost is and how it grows

**Generating the data** writes the YAML (or JSON-lines) files; it is not part of the
product, and is shown so the other times can be read against it.

**`kg validate`** parses every file and checks it (models, the relation table, repeats,
dates), reporting file:line:field. Its work is per file and per statement, so it should grow
linearly with the data; the figure is relations checked per second of the whole command,
Python's start-up included (a second or two, which dominates at 1k).

<!-- analysis: validation -->

**`kg ingest` into an empty database** is validate + transform in Python, then the write:
the graph's ids and hashes are read (empty here), and every row is written in `UNWIND`
batches (one transaction up to `KG_INGEST_ATOMIC_ROWS`, committed batches beyond). Rows
written per second should stay flat as the graph grows if every look-up is an index seek.
Peak RSS is the `kg` process's high-water mark against the size of its input files.

<!-- analysis: curated ingest, and how its time grows from 10k to 100k -->

**A re-run with no change** validates and transforms again and reads the graph's ids and
hashes, then writes nothing; **a re-run after a 1% change** writes about 1% of the rows.
Both are dominated by the Python side and the one read of the graph's state, linear in
the size.

<!-- analysis: re-runs -->

**Batched against one row per transaction**: the same write queries, the curated dataset
copied with fresh ids into the graph just loaded, once in `UNWIND` batches and once a row
per transaction. The ratio is the cost of a round trip and a commit per row.

<!-- analysis: batching -->

**`kg bulk load`** writes the JSON-lines files into an empty database with the fastest
mechanism available (bench column "Neo4j + import tool peak RSS" includes the import
JVM), then applies the schema and waits for the indexes.

<!-- analysis: bulk load -->

**Queries** (bench/api_timing.py): through the API (`kg serve` on loopback, httpx), and
through the driver replaying the very Cypher and parameters the API's repository sent:
search (the full-text index, then a re-rank in Python) at p50 over a random sample of
names; an entity page (its first 200 relations with their sources) at p50; all shortest
paths between random pairs, at most 6 hops, at p99; a pair no path joins (the generated
data is one connected component, so the benchmark adds a two-entity island,
cypher/bench/scale_island.cypher, after its ingest runs); and the highest-degree entity's
first page of 50 relations at p50. API/driver is the ratio of the two p50s; concurrency
is the throughput of 4 clients against 1 on a mix of search, entity, neighbours and paths
requests.

<!-- analysis: queries, API overhead and concurrency -->
"""
