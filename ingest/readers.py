"""Read many data files fast: libyaml, a process per core for a large dataset, and no cyclic
garbage collector while millions of objects that are never garbage are being made.

Validation owns the meaning (ingest/validate.py); this module only turns files into plain
data. A file that cannot be read fast comes back as None, and is read again, with its lines,
by the caller.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import Any

from ingest import yamlio

# A pool pays off from about this much YAML on (a worker starts in milliseconds by fork, and
# a file's data crosses back as a pickle, far cheaper than parsing it).
POOL_MIN_BYTES = 4_000_000
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
WORKERS = min(4, CORES or 1)


def read_plain(path: Path) -> Any:
    """The file's plain data (yamlio.load_plain), or None if it must be read with lines."""
    try:
        return yamlio.load_plain(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yamlio.NeedsLines):
        return None


@contextmanager
def plain_data(paths: list[Path], workers: int = WORKERS) -> Iterator[Iterator[tuple[Path, Any]]]:
    """Each file with its plain data, in order. A context: the pool of readers is forked on
    entering, before the caller starts threads of its own (a progress bar), and ends on exit."""
    if workers < 2 or not _can_fork() or _size(paths) < POOL_MIN_BYTES:
        yield ((path, read_plain(path)) for path in paths)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield _pooled(pool, paths, 4 * workers)


def _pooled(pool: Pool, paths: list[Path], window: int) -> Iterator[tuple[Path, Any]]:
    """A bounded window of files in flight, so a slow consumer never holds more than a few
    files' data."""
    pending: deque[tuple[Path, AsyncResult[Any]]] = deque()
    queued = iter(paths)
    for path in queued:
        pending.append((path, pool.apply_async(read_plain, (path,))))
        if len(pending) >= window:
            break
    while pending:
        path, result = pending.popleft()
        following = next(queued, None)
        if following is not None:
            pending.append((following, pool.apply_async(read_plain, (following,))))
        yield path, result.get()


def _can_fork() -> bool:
    """Fork only a process with one thread (a forked thread could hold a lock forever)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _size(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        with suppress(OSError):
            total += path.stat().st_size
        if total >= POOL_MIN_BYTES:
            break
    return total


# The fields whose values recur most across files: the ids at both ends, and dates.
_RECURRING = {
    "relations": ("from", "to", "valid_from", "valid_to"),
    "mentions": ("id",),
    "statuses": ("entity", "valid_from"),
}


def share_strings(data: Any, shared: dict[str, str]) -> None:
    """One string object for each recurring value (models keep the object they are given):
    a tenth less memory for the models of a large dataset."""
    if not isinstance(data, dict):
        return
    for section, names in _RECURRING.items():
        items = data.get(section)
        if not isinstance(items, list):
            continue
        for item in items:
            if type(item) is dict:
                for name in names:
                    value = item.get(name)
                    if type(value) is str:
                        item[name] = shared.setdefault(value, value)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic collection inside: parsing, models and rows make no cycles worth finding,
    and each full collection walks every object made so far (it tripled validation time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
