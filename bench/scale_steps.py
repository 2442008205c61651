"""The steps of `make bench-scale` and `make bench-analysis` at one size, each a child
process with a time limit (bench/scale_run.py): generate the data, `kg validate`,
`kg ingest`; and the throwaway server they load, sized for this machine.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import cypher
from bench.scale_metrics import Value
from bench.scale_run import Ran, env_for, run, server_pid_of
from bench.servers import ROOT, kg, python
from graph.driver import make_driver
from graph.settings import LocalServerSettings, Neo4jSettings
from kg.local import server
from kg.local.throwaway import throwaway as local_throwaway

MINUTES = {"generate": 30, "validate": 15, "ingest": 15, "bulk": 20}
DOCS = ROOT / "docs"


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
    """A throwaway local server with this heap and page cache, for one size."""
    with local_throwaway(root, heap=heap, pagecache=pagecache) as local:
        yield local


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


def add_island(settings: Neo4jSettings) -> dict[str, Value]:
    """Two entities apart from the rest, so that there is an unconnected pair to time."""
    with make_driver(settings) as driver:
        driver.execute_query(cypher.load("bench/scale_island"), database_=settings.database)
    return {}
