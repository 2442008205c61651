"""The local server writable for the duration of one write, and read-only again after it,
whatever way the write ends (SIGTERM included)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from graph.settings import LocalServerSettings, neo4j_uri_is_set
from kg.local import server, writer


@contextmanager
def writable(purpose: str, *, always: bool = False, restart: bool = True) -> Iterator[None]:
    """The local server writable for the duration of a write (`kg ingest`, `kg import-ftm`,
    `kg bulk load`). Community cannot lift read-only at run time: a server in newsroom mode
    is restarted writable, and read-only again on every way out (SIGTERM too). The writer
    lock (kg/local/writer.py) records this process, so that after a SIGKILL the supervisor or
    the next command restores read-only. `always`: writable now and read-only after, however
    it runs (`kg run`); `restart=False`: the caller starts and stops the server itself."""
    if neo4j_uri_is_set():
        yield
        return
    local = LocalServerSettings()
    lock = server.Paths(local.home).writer_file
    dead = writer.stale(lock)
    running = server.is_running(local)
    newsroom = always or (running and server.recorded_read_only(local))
    newsroom = newsroom or (dead is not None and dead.restore_read_only)
    writer.acquire(lock, newsroom, purpose)
    if dead is not None:
        print(f"A writer ({dead.purpose}, pid {dead.pid}) ended without cleaning up.")
    previous = _sigterm_as_exit()
    try:
        if restart and running and server.recorded_read_only(local):
            print(
                f"Neo4j is in newsroom (read-only) mode: restarting it writable to {purpose} ...",
                flush=True,
            )
            server.start(local, read_only=False)
        elif restart and always:
            server.start(local, read_only=False)
        yield
    finally:
        try:
            if newsroom:
                print("Restarting Neo4j in newsroom (read-only) mode ...", flush=True)
                server.start(local, read_only=True)
            writer.release(lock)  # kept when read-only failed: the next one retries
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


def _sigterm_as_exit() -> Any:
    """SIGTERM ends Python without running `finally`; as SystemExit it does (main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    return signal.signal(signal.SIGTERM, stop)
