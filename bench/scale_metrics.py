"""What `make bench-scale` measures: the figures, how they print, and their targets.

A figure is a float, or a text: "nothing" for a re-run that wrote nothing, or a failure
("failed: …", "timed out", "skipped: …"). Targets are printed next to the figures, never
asserted; each applies at the size it names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Value = float | str
Results = dict[int, dict[str, Value]]  # entities -> figure key -> value
Check = Callable[[float], bool]


@dataclass(frozen=True)
class Target:
    text: str  # the target, in words
    check: Check
    at: int | None = None  # the size it applies at; None: every size


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str = ""  # "s", "ms", "x", "MB", "/s", or "" for a count
    targets: tuple[Target, ...] = ()

    @property
    def target(self) -> str:
        return "; ".join(t.text for t in self.targets)


def _under(text: str, limit: float, at: int | None = None) -> Target:
    return Target(text, lambda v: v < limit, at)


def _at_least(text: str, limit: float, at: int | None = None) -> Target:
    return Target(text, lambda v: v >= limit, at)


K10, K100, M1 = 10_000, 100_000, 1_000_000
API_RATIO = (Target("<= 1.3x", lambda v: v <= 1.3),)
METRICS: list[Metric] = [
    Metric("entities", "entities (generated)"),
    Metric("relations", "relations (generated)"),
    Metric("generate_s", "generate data", "s"),
    Metric("input_mb", "input files", "MB"),
    Metric("validate_s", "kg validate", "s"),
    Metric("validate_rps", "kg validate, relations", "/s", (_at_least(">= 30,000/s", 30_000),)),
    Metric(
        "ingest_s",
        "kg ingest, empty db",
        "s",
        (_under("< 30 s at 10k", 30, K10), _under("< 5 min at 100k", 300, K100)),
    ),
    Metric("ingest_rows", "rows written"),
    Metric("ingest_rps", "kg ingest, rows", "/s"),
    Metric("ingest_rss_mb", "kg ingest peak RSS", "MB"),
    Metric("ingest_rss_x", "  peak RSS / input size", "x", (_under("< 3x", 3),)),
    Metric("neo4j_rss_mb", "Neo4j peak RSS (ingest)", "MB"),
    Metric("rerun_s", "re-run, no change", "s", (_under("< 30 s at 100k", 30, K100),)),
    Metric("rerun_wrote", "  re-run wrote", "", (Target("nothing", lambda v: v == 0),)),
    Metric("change_s", "re-run, 1% changed", "s", (_under("< 30 s at 100k", 30, K100),)),
    Metric("change_wrote", "  1% re-run wrote"),
    Metric("nodes_x", "batched / row per tx, nodes", "x", (_at_least(">= 50x", 50),)),
    Metric("rels_x", "batched / row per tx, rels", "x", (_at_least(">= 20x", 20),)),
    Metric("bulk_s", "kg bulk load", "s", (_under("< 5 min at 1M", 300, M1),)),
    Metric("bulk_kg_rss_mb", "  kg bulk peak RSS", "MB"),
    Metric("bulk_neo4j_rss_mb", "  Neo4j + import tool peak RSS", "MB"),
    Metric("search_ms", "API search p50", "ms", (_under("< 10 ms at 100k", 10, K100),)),
    Metric("entity_ms", "API entity p50", "ms", (_under("< 10 ms at 100k", 10, K100),)),
    Metric("path_ms", "API paths p99 (6 hops)", "ms", (_under("< 100 ms at 100k", 100, K100),)),
    Metric("unconnected_ms", "API no-path pair", "ms", (_under("< 100 ms at 100k", 100, K100),)),
    Metric("neighbours_ms", "API neighbours p50", "ms"),
    Metric("hub_ms", "API hub page p50", "ms", (_under("< 50 ms at 100k", 50, K100),)),
    Metric("hub_degree", "  hub degree"),
    Metric("search_driver_ms", "driver search p50", "ms"),
    Metric("entity_driver_ms", "driver entity p50", "ms"),
    Metric("path_driver_ms", "driver paths p99", "ms"),
    Metric("hub_driver_ms", "driver hub page p50", "ms"),
    Metric("search_ratio", "API/driver, search p50", "x", API_RATIO),
    Metric("entity_ratio", "API/driver, entity p50", "x", API_RATIO),
    Metric("path_ratio", "API/driver, paths p50", "x", API_RATIO),
    Metric("hub_ratio", "API/driver, hub page p50", "x", API_RATIO),
    Metric("concurrency_x", "4 clients / 1, throughput", "x", (_at_least(">= 1.7x", 1.7),)),
]
BY_KEY = {m.key: m for m in METRICS}
FAILED = ("failed", "timed out", "skipped")


def fmt(metric: Metric, value: Value | None) -> str:
    """A figure as printed: failures and texts as they are, numbers with their unit."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    unit = metric.unit
    if unit == "s":
        return f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "x":
        return f"{value:.2f}x" if value < 10 else f"{value:.0f}x"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "/s":
        return f"{value:,.0f}/s"
    return f"{value:,.0f}" + (f" {unit}" if unit else "")


def verdict(metric: Metric, size: int, value: Value | None) -> str:
    """Met, missed, or "" when no target applies here (or the step failed)."""
    if metric.key == "rerun_wrote" and isinstance(value, str) and not value.startswith(FAILED):
        return "met" if value == "nothing" else "missed"
    if isinstance(value, str) or value is None:
        return ""
    for target in metric.targets:
        if target.at is None or target.at == size:
            return "met" if target.check(float(value)) else "missed"
    return ""


def growth(results: Results) -> tuple[str, str] | None:
    """time(100k) / time(10k) for the curated ingest, and its verdict (target <= 12)."""
    small = results.get(K10, {}).get("ingest_s")
    large = results.get(K100, {}).get("ingest_s")
    if not isinstance(small, float | int) or not isinstance(large, float | int) or not small:
        return None
    ratio = float(large) / float(small)
    return f"{ratio:.1f}", "met" if ratio <= 12 else "missed"
