"""The writer lock: which process made the local Neo4j writable, and what to restore.

A writer (`kg ingest`, `kg import-ftm`, `kg bulk load`, `kg run`'s load) records its pid,
its process start time (a pid can be reused) and whether the server must be read-only
again afterwards. It removes the lock once read-only is restored. A lock whose holder is
gone is stale: the writer died (SIGKILL, a crash) before restoring, and `kg run`'s
supervisor or the next command restores read-only (kg/local/supervise.py, kg/local/server.py).
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from kg.local import process
from kg.local.runtime import ServerError


@dataclass(frozen=True)
class Writer:
    pid: int
    started: str | None  # field 22 of /proc/<pid>/stat; None where there is no /proc
    restore_read_only: bool
    purpose: str


def _start_time(pid: int) -> str | None:
    stat = process._proc(pid, "stat")
    return None if stat is None else stat.rpartition(")")[2].split()[19]


def read(lock: Path) -> Writer | None:
    """The recorded writer; None without a lock. An unreadable lock is a dead writer's that
    wanted read-only back (the safe reading). process.Unknown if it cannot be read now."""
    try:
        text = lock.read_text()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise process.Unknown(error.errno, f"cannot read {lock}: {error}") from error
    try:
        data = json.loads(text)
        return Writer(int(data["pid"]), data["started"], bool(data["restore_read_only"]),
                      str(data["purpose"]))  # fmt: skip
    except (ValueError, KeyError, TypeError):
        return Writer(0, None, True, "an unknown writer")


def holder_alive(writer: Writer) -> bool:
    """Its process still runs (the same one: same start time)."""
    if writer.pid <= 0 or not process.running(writer.pid):
        return False
    return writer.started is None or _start_time(writer.pid) == writer.started


def stale(lock: Path) -> Writer | None:
    """The lock of a writer that died without cleaning up, if any."""
    writer = read(lock)
    return writer if writer is not None and not holder_alive(writer) else None


def acquire(lock: Path, restore_read_only: bool, purpose: str) -> None:
    """Record this process as the writer; ServerError while another live writer holds it.
    A stale lock is taken over, keeping its wish for read-only."""
    held = read(lock)
    if held is not None and held.pid != os.getpid() and holder_alive(held):
        raise ServerError(
            f"another command ({held.purpose}, pid {held.pid}) is writing to Neo4j; "
            "wait until it ends"
        )
    restore = restore_read_only or (held is not None and held.restore_read_only)
    me = Writer(os.getpid(), _start_time(os.getpid()), restore, purpose)
    lock.parent.mkdir(parents=True, exist_ok=True)
    partial = lock.with_name(f"{lock.name}.{os.getpid()}")
    partial.write_text(json.dumps(asdict(me)) + "\n")
    os.replace(partial, lock)  # never half a lock


def release(lock: Path) -> None:
    """Remove this process's lock (after read-only, if wanted, is back)."""
    held = read(lock)
    if held is not None and held.pid == os.getpid():
        lock.unlink(missing_ok=True)


def clear_stale(lock: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        if stale(lock) is not None:
            lock.unlink()
