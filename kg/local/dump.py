"""A dump of the local database for journalists, and loading one back.

`neo4j-admin database dump` writes the one file Neo4j Desktop imports ("Import dump" in a
project) and `neo4j-admin database load` of the 5.x line reads. Community can dump or load a
database only while it is offline, so the server is stopped for it and started again after,
in the mode it had (newsroom or writable).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.settings import LocalServerSettings
from kg.local import server
from kg.local.conf import DATABASE
from kg.local.runtime import ServerError


def _admin(local: LocalServerSettings, *args: str) -> None:
    done = server.run_admin(local, "database", *args)
    if done.returncode != 0:
        said = [ln for ln in (done.stdout + done.stderr).splitlines() if ln.strip()]
        tail = "\n  ".join(said[-6:])
        what = f"neo4j-admin database {args[0]}"
        raise ServerError(f"{what} failed (exit {done.returncode}):\n  {tail}")


@contextmanager
def _offline(local: LocalServerSettings) -> Iterator[None]:
    """The server stopped for the duration, then started again if it ran, in its mode."""
    if not (server.Paths(local.home).conf_dir / "neo4j.conf").exists():
        raise ServerError(
            f"no local Neo4j in {local.home}: start it once with `kg neo4j start` "
            "(a dump needs the project's own server, not NEO4J_URI)"
        )
    was_running = server.is_running(local)
    read_only = server.recorded_read_only(local)
    server.stop(local)
    try:
        yield
    finally:
        if was_running:
            server.start(local, read_only=read_only)


def dump(local: LocalServerSettings, target: Path) -> Path:
    """Write the database to `target` (a .dump file), replacing it if it exists."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with _offline(local), tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        _admin(local, "dump", DATABASE, f"--to-path={tmp}", "--overwrite-destination=true")
        shutil.move(str(Path(tmp) / f"{DATABASE}.dump"), target)
    return target


def load(local: LocalServerSettings, source: Path) -> None:
    """Replace the local database with the dump in `source`."""
    source = source.resolve()
    if not source.is_file():
        raise ServerError(f"{source}: no such dump file")
    with _offline(local), tempfile.TemporaryDirectory() as tmp:
        # load reads <database>.dump from a folder
        os.symlink(source, Path(tmp) / f"{DATABASE}.dump")
        _admin(local, "load", DATABASE, f"--from-path={tmp}", "--overwrite-destination=true")
