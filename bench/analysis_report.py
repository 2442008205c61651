"""The figures of `python -m bench.analysis` as tables, for the terminal and for
docs/analysis-performance.md (from docs/analysis-performance.json)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from bench.analysis_cases import ENDPOINTS
from bench.servers import ROOT

SECOND = 1000.0  # the target: each answers on the curated graph in under a second
NOTES = ROOT / "bench" / "analysis_notes.md"
PROJECTED = ("brokers", "communities")  # the requests that compute on the projection


def ms(value: Any) -> str:
    if not isinstance(value, int | float):
        return ""
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def ratio(value: Any) -> str:
    if not isinstance(value, int | float):
        return ""
    return f"{value:.1f}x" if value < 100 else f"{value:,.0f}x"


def _rss(case: dict[str, Any]) -> str:
    if not case.get("rss_mb"):
        return ""
    workers = case.get("workers_rss_mb")
    return f"{case['rss_mb']:,.0f}" + (f" + {workers:,.0f} in workers" if workers else "")


def _entity_p50(size: dict[str, Any]) -> float | None:
    found = sorted(c["entity_p50_ms"] for c in size["cases"].values() if "entity_p50_ms" in c)
    return found[len(found) // 2] if found else None


def rows(size: dict[str, Any]) -> list[list[str]]:
    """One row per request at one size, the two baselines first."""
    read = size.get("projection", {})
    out = [
        ["entity page (baseline)", "", ms(_entity_p50(size)), "", "1.0x", "", "", ""],
        [
            f"projection read, driver (baseline; {read.get('rows', 0):,} rows)",
            ms(read.get("first_ms")),
            ms(read.get("p50_ms")),
            "",
            "",
            "1.0x",
            "",
            "",
        ],
    ]
    for endpoint in ENDPOINTS:
        case = size["cases"].get(endpoint.key, {"status": "not run"})
        if case.get("status") != "ok":
            out.append([endpoint.label, str(case.get("status"))[:90], *[""] * 6])
            continue
        on_projection = endpoint.group in PROJECTED and read.get("p50_ms")
        cold_x = case["cold_ms"] / read["p50_ms"] if on_projection else None
        out.append(
            [
                endpoint.label,
                ms(case["cold_ms"]),
                ms(case["p50_ms"]),
                ms(case["p95_ms"]),
                ratio(case["ratio_entity"]),
                ratio(cold_x),
                _rss(case),
                case.get("answer", ""),
            ]
        )
    return out


HEAD = [
    "request",
    "cold ms",
    "warm p50 ms",
    "warm p95 ms",
    "p50 / entity p50",
    "cold / projection read",
    "API peak RSS MB",
    "answer",
]


def text_table(label: str, size: dict[str, Any]) -> str:
    body = rows(size)
    widths = [max(len(r[i]) for r in [HEAD, *body]) for i in range(len(HEAD))]
    lines = [f"== {label}: {size.get('entities', 0):,} entities, {size.get('relations', 0):,} "
             f"fact relations =="]  # fmt: skip
    for row in [HEAD, *body]:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    return "\n".join(lines)


def md_table(size: dict[str, Any]) -> str:
    lines = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    lines += ["| " + " | ".join(row) + " |" for row in rows(size)]
    return "\n".join(lines)


def _pair(case: dict[str, Any] | None, cold: str = "cold_ms", warm: str = "p50_ms") -> str:
    if not case:
        return "not run"
    if case.get("status", "ok") != "ok":
        return str(case.get("status"))[:60]
    return f"{ms(case.get(cold))} / {ms(case.get(warm))}"


def _growth(small: dict[str, Any] | None, large: dict[str, Any] | None, keys: list[str]) -> str:
    """large / small for each key (cold, warm), where both sizes have the figure."""
    if not small or not large or small.get("status", "ok") != large.get("status", "ok"):
        return ""
    cells = [
        ratio(large[k] / small[k]) if small.get(k) and isinstance(large.get(k), float) else "?"
        for k in keys
    ]
    return " / ".join(cells)


def summary(results: dict[str, dict[str, Any]], order: list[str]) -> str:
    """Cold and warm p50 per request, one column per size, then the growth from the
    second-largest size to the largest: the scaling at a glance."""
    labels = [s for s in order if s in results and "error" not in results[s]]
    grow = f"{labels[-1]} / {labels[-2]}" if len(labels) > 1 else ""
    lines = ["| request | " + " | ".join(f"{s}: cold / warm p50 ms" for s in labels)]
    lines[0] += f" | growth {grow}: cold / warm |" if grow else " |"
    lines.append("|" + "---|" * (len(labels) + 1 + bool(grow)))
    rows: list[tuple[str, list[dict[str, Any] | None], list[str]]] = [
        ("projection read, driver (baseline)",
         [results[s].get("projection") for s in labels], ["first_ms", "p50_ms"]),
    ]  # fmt: skip
    rows += [
        (e.label, [results[s]["cases"].get(e.key) for s in labels], ["cold_ms", "p50_ms"])
        for e in ENDPOINTS
    ]
    for label, cases, keys in rows:
        cells = [_pair(case, *keys) for case in cases]
        if grow:
            cells.append(_growth(cases[-2], cases[-1], keys))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def under_a_second(curated: dict[str, Any] | None) -> str:
    """The target on the curated graph, warm (p95) and cold, as measured."""
    cases = (curated or {}).get("cases", {})
    done = [e for e in ENDPOINTS if cases.get(e.key, {}).get("status") == "ok"]
    if not done:
        return "No request answered on the curated graph in this run."
    warm = [e.label for e in done if cases[e.key]["p95_ms"] >= SECOND]
    cold = [f"{e.label} ({ms(cases[e.key]['cold_ms'])} ms)" for e in done
            if cases[e.key]["cold_ms"] >= SECOND]  # fmt: skip
    said = [
        f"On the curated graph {len(done)} of {len(ENDPOINTS)} requests answered; "
        + (
            f"warm, these took a second or more at p95: {', '.join(warm)}."
            if warm
            else "warm, every one in under a second at p95 (the target)."
        )
    ]
    if cold:
        said.append(
            f"Cold (the first request of a fresh API process, which builds the projection "
            f"and pays Neo4j's query planning), a second or more: {'; '.join(cold)}; the "
            f"load average was {curated.get('load_start', '?') if curated else '?'}."
        )
    else:
        said.append("Cold, every one in under a second too.")
    return " ".join(said)


def commit() -> str:
    """The commit the run measures, and whether the tree had uncommitted changes."""
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    said = " plus uncommitted changes" if dirty.stdout else ""
    return (done.stdout.strip() or "unknown") + said


def page(saved: dict[str, Any], order: list[str]) -> str:
    results: dict[str, dict[str, Any]] = saved["results"]
    machine = saved["machine"]
    parts = [
        "# Network analysis at scale",
        "",
        f"Generated by `make bench-analysis` (bench/analysis.py) on "
        f"{machine.get('date', '?')} at commit {machine.get('commit', '?')}, on a machine with "
        f"{machine['cores']} cores and {machine['ram_gb']:.0f} GB of RAM, shared with other "
        f"work while it ran. Each size ran against its own throwaway Neo4j "
        f"(free ports, home under /tmp) with a **{machine['heap']} heap and a "
        f"{machine['pagecache']} page cache**; `uptime` as the last run began: "
        f"`{machine.get('uptime', '?')}`. The curated size is the project's own data "
        "(`kg ingest`); the others are synthetic (bench/synthetic.py, seed 7, about five "
        "dated relationships per entity and a few hubs whose degree grows with the size), "
        "loaded with `kg ingest` as `make bench-scale` does up to 100k.",
        "",
        "**Absolute times are noisy; the ratios are the point.** The machine has two cores "
        "shared with other processes (the load average is given per size below). Each "
        "request's warm calls alternate with an entity page in the same API process, so "
        "noise hits the request and its baseline alike.",
        "",
        "- *cold*: the first request to a freshly started API process (`kg serve` on "
        "loopback) with its startup warm-up off (`KG_ANALYSIS_WARM=false`): nothing cached "
        "in the API, so an analysis request builds its projection, as the first request "
        "after an ingest does. Each request below gets its own fresh process. The row "
        "*startup warm-up on* is the API as it ships: it computes the unfiltered brokers "
        "and communities as it starts, and the first request waits for what is left.",
        "- *warm p50 / p95*: the same request repeated in that process (cached where the "
        "API caches).",
        "- *p50 / entity p50*: warm p50 over the p50 of `GET /entities/{id}` interleaved with it.",
        "- *cold / projection read*: the cold request over the p50 of the bare Cypher read "
        "of the projection's rows (every fact relationship between two entities) through "
        "the driver, in the benchmark's own process.",
        "- *API peak RSS*: VmHWM of the API process at the end of that request's run, plus "
        "that of the worker processes it started for large computations, where it did.",
        "",
        "    make bench-analysis                                  # curated, 10k, 100k",
        "    .venv/bin/python -m bench.analysis --sizes curated,10k",
        "    .venv/bin/python -m bench.analysis --quick           # curated only, few calls",
        "",
        under_a_second(results.get("curated")),
        "",
        "## Summary",
        "",
        summary(results, order),
    ]
    if NOTES.exists():  # the reading, written by hand after a run
        parts += ["", "## Reading the figures", "", NOTES.read_text().strip()]
    for label in [s for s in order if s in results]:
        size = results[label]
        parts += [
            "",
            f"## {label}: {size.get('entities', 0):,} entities, "
            f"{size.get('relations', 0):,} fact relations",
            "",
            f"Measured at commit {size.get('commit', '?')}. "
            f"Load average at the start: {size.get('load_start', '?')}; at the end: "
            f"{size.get('load_end', '?')}. Loading took {size.get('load_s', 0):.0f} s. "
            + (f"Targets: {'; '.join(size['targets'])}." if size.get("targets") else ""),
            "",
            size["error"] if "error" in size else md_table(size),
        ]
    parts += [
        "",
        'A cell reads "missing" when the API had no such route, "failed: …" or '
        '"timed out" when the request gave no figure; the run went on. The figures are in '
        "docs/analysis-performance.json.",
        "",
    ]
    return "\n".join(parts)


def write(saved: dict[str, Any], order: list[str], out: Path) -> Path:
    target = out / "analysis-performance.md"
    target.write_text(page(saved, order))
    return target
