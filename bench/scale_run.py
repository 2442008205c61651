"""Child processes for `make bench-scale`: timed, bounded, with their peak memory.

`run` starts a command in its own process group, polls it (and the Neo4j server, whose
pid may change when a loader restarts it) for peak RSS, and kills the whole group when its
time is up. The peak of the command itself is its VmHWM from /proc, or the kernel's
ru_maxrss from wait4 when it ended between two polls; its descendants (such as the
`neo4j-admin import` JVM a loader starts) are counted apart, with Neo4j.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.load import Load, now
from bench.servers import ROOT
from graph.settings import LocalServerSettings, Neo4jSettings
from kg.local import server
from kg.local.throwaway import rss_mb

POLL = 0.25
KEYWORDS = ("Error", "error:", "Exception", "refuse", "cannot", "Traceback")


@dataclass
class Ran:
    seconds: float
    code: int | None  # None: killed at its time limit
    out: str  # stdout and stderr, interleaved
    peak_mb: float | None = None  # the command itself
    others_mb: float | None = None  # the Neo4j server and the command's descendants

    def problem(self) -> str | None:
        """None when it succeeded; else the text the table shows."""
        if self.code is None:
            return f"timed out ({self.seconds:.0f} s)"
        if self.code != 0:
            return f"failed: exit {self.code}: {self.reason()[:120]}"
        return None

    def reason(self) -> str:
        """The line of the output most likely to say what went wrong."""
        lines = [line.strip() for line in self.out.splitlines() if line.strip()]
        said = [line for line in lines if not line.startswith("at ")]  # not a stack frame
        cli = [line for line in said if line.startswith("kg:")]  # the CLI's own error line
        keyword = [line for line in said if any(w in line for w in KEYWORDS)]
        for found in (cli, keyword, said, lines):
            if found:
                return found[-1]
        return ""


def env_for(settings: Neo4jSettings | None, local: LocalServerSettings | None) -> dict[str, str]:
    """The environment of a `kg` child: either NEO4J_URI (a remote-style connection) or the
    throwaway local server's KG_* settings (for loaders that drive the local server)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KG_"))}
    env["KG_PROGRESS"] = "plain"
    if settings is not None:
        env |= {
            "NEO4J_URI": settings.uri,
            "NEO4J_USER": settings.user,
            "NEO4J_PASSWORD": settings.secret,
        }
    if local is not None:
        env |= {
            "KG_STATE_DIR": str(local.state_dir),
            "KG_BOLT_PORT": str(local.bolt_port),
            "KG_HTTP_PORT": str(local.http_port),
            "KG_HEAP": local.heap,
            "KG_PAGECACHE": local.pagecache,
            "KG_TX_TIMEOUT": local.tx_timeout,
            "KG_START_TIMEOUT": str(local.start_timeout),
        }
    return env


def server_pid_of(local: LocalServerSettings | None) -> Callable[[], int | None]:
    def pid() -> int | None:
        return server.server_pid(local) if local is not None else None

    return pid


def _children() -> dict[int, list[int]]:
    """ppid -> pids, from /proc (a snapshot)."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def descendants(pid: int) -> list[int]:
    tree, found, todo = _children(), [], [pid]
    while todo:
        kids = tree.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def _max(*values: float | None) -> float | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None


def run(
    command: list[str],
    timeout: float,
    log: Path,
    env: dict[str, str] | None = None,
    server_pid: Callable[[], int | None] = lambda: None,
) -> Ran:
    """Run `command` for at most `timeout` seconds; its output goes to `log` too. Prints its
    time with the load average before and after."""
    load = Load(now())
    started = time.perf_counter()
    with log.open("wb") as out:
        child = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True, cwd=ROOT
        )
    peak: float | None = None
    others: float | None = None
    status: int | None = None
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            child.returncode = os.waitstatus_to_exitcode(status)
            peak = _max(peak, usage.ru_maxrss / 1024)
            break
        peak = _max(peak, rss_mb(child.pid, "VmHWM"))
        others = _max(others, rss_mb(server_pid(), "VmHWM"))
        others = _max(others, *(rss_mb(p, "VmHWM") for p in descendants(child.pid)))
        if time.perf_counter() - started > timeout:
            _kill_group(child)
            load.after = now()
            print(f"    killed at {timeout:.0f} s ({load})", flush=True)
            return Ran(time.perf_counter() - started, None, _read(log), peak, others)
        time.sleep(POLL)
    seconds = time.perf_counter() - started
    load.after = now()
    print(f"    {seconds:.1f} s ({load})", flush=True)
    others = _max(others, rss_mb(server_pid(), "VmHWM"))
    return Ran(seconds, child.returncode, _read(log), peak, others)


def _kill_group(child: subprocess.Popen[bytes]) -> None:
    """End the child's own process group (it was started in a new session), then reap it."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(child.pid, sig)
        except ProcessLookupError:
            break
        try:
            child.wait(timeout=15)
            break
        except subprocess.TimeoutExpired:
            continue


def _read(log: Path) -> str:
    return log.read_text(errors="replace") if log.exists() else ""
