"""validate -> transform -> write: the whole ingest, as `kg ingest` runs it."""

from __future__ import annotations

from pathlib import Path

from graph.driver import check_connection, make_driver
from graph.settings import Neo4jSettings
from ingest.cache import Entry, FileCache
from ingest.load import Notice, Summary, write
from ingest.parsed import Parsed
from ingest.transform import Rows, entity_props, memo_key, transform
from ingest.validate import DEFAULT_DATA_DIR, validate


def prepare(data_dir: Path = DEFAULT_DATA_DIR, cache: FileCache | None = None) -> Rows:
    """Validate every file and build the rows; InvalidData if any file has a problem. With
    a cache (ingest/cache.py), unchanged files are neither validated nor transformed again."""
    return rows_from(validate(data_dir, cache), cache)


def rows_from(parsed: list[Parsed], cache: FileCache | None = None) -> Rows:
    """The rows of validated files, storing in the cache what it did not have. Pass the only
    reference to `parsed`: the models are let go of once read (ingest/transform.py)."""
    if cache is not None:
        _store(parsed, cache)
    return transform(parsed)


def _store(parsed: list[Parsed], cache: FileCache) -> None:
    """Every file the cache did not have, with its entities' properties (made here rather
    than in the transform, so that they are stored before the transform adds to them)."""
    memo = cache.keys_memo()
    for p in parsed:
        if p.entity_props is not None:  # from the cache: its entities' keys stay in use
            for entity, props in zip(p.model.entities, p.entity_props, strict=True):
                memo.keep(memo_key(entity), props["search_keys"])
        elif p.digest is not None:
            p.entity_props = [entity_props(entity, memo) for entity in p.model.entities]
            cache.put(p.digest, Entry(p.model, p.entity_props))
    cache.save_keys(memo)
    cache.prune()


def write_rows(settings: Neo4jSettings, rows: Rows, notice: Notice | None = None) -> Summary:
    with make_driver(settings) as driver:
        check_connection(driver, settings)
        return write(driver, settings.database, rows, notice)


def run_ingest(
    settings: Neo4jSettings, data_dir: Path = DEFAULT_DATA_DIR, notice: Notice | None = None
) -> Summary:
    """Validate every file first; write nothing unless all of them are valid."""
    return write_rows(settings, prepare(data_dir), notice)
