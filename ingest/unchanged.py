"""A re-run with nothing to write, known without reading the graph or the files: the same
files (by their digests, ingest/cache.py), the same code, and a graph with no write since
the last ingest left it (the bookmark of its last transaction is the one recorded then).
Validation is skipped too: the same files and code were valid then, cross-file checks
included, and give the same answer now. Anything else, a
journalist's edit in Neo4j Browser or a failed write included, takes the full path: the
graph's ids and hashes compared row by row (ingest/plan.py)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

import neo4j
from neo4j import Driver

import cypher
from graph.driver import make_driver
from graph.settings import Neo4jSettings
from ingest.cache import FileCache, code_digest
from ingest.validate import data_files

RECORD = "graphs.json"  # in the cache's root: {"<uri> <database>": [files digest, bookmark]}


def files_digest(data_dir: Path) -> str | None:
    """The digest of every data file's name and bytes, with the code's (the same files and
    code validate and transform the same way); None if a file cannot be read."""
    digest = hashlib.sha256(code_digest().encode())
    if not data_dir.is_dir():
        return None
    for path in data_files(data_dir):
        file_digest = FileCache.digest(path)
        if file_digest is None:
            return None
        digest.update(f"{path.name}\0{file_digest}\0".encode())
    return digest.hexdigest()


def graph_bookmark(driver: Driver, database: str) -> str | None:
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        session.run(cypher.load("ingest/bookmark")).consume()
        values = session.last_bookmarks().raw_values
    return ",".join(sorted(values)) or None


def _key(settings: Neo4jSettings) -> str:
    return f"{settings.uri} {settings.database}"


def _records(cache: FileCache) -> dict[str, list[str]]:
    try:
        found = json.loads((cache.root / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def unchanged(cache: FileCache, settings: Neo4jSettings, files: str | None) -> bool:
    """True when the files (`files_digest`) and the graph are exactly as the last ingest
    left them."""
    if files is None:
        return False
    with make_driver(settings) as driver:
        bookmark = graph_bookmark(driver, settings.database)
    return bookmark is not None and _records(cache).get(_key(settings)) == [files, bookmark]


def remember(cache: FileCache, settings: Neo4jSettings, files: str | None) -> None:
    """After a write that succeeded: these files, and the graph's bookmark now."""
    with make_driver(settings) as driver:
        bookmark = graph_bookmark(driver, settings.database)
    records = _records(cache)
    if files is None or bookmark is None:
        records.pop(_key(settings), None)
    else:
        records[_key(settings)] = [files, bookmark]
    with contextlib.suppress(OSError):  # no cache written: the next run takes the full path
        cache.root.mkdir(parents=True, exist_ok=True)
        partial = cache.root / f"{RECORD}.{os.getpid()}.partial"
        partial.write_text(json.dumps(records, indent=1), encoding="utf-8")
        partial.replace(cache.root / RECORD)
