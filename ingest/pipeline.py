"""validate -> transform -> write: the whole ingest, as `kg ingest` runs it."""

from __future__ import annotations

from pathlib import Path

from graph.driver import check_connection, make_driver
from graph.settings import Neo4jSettings
from ingest.load import Notice, Summary, write
from ingest.transform import Rows, transform
from ingest.validate import DEFAULT_DATA_DIR, validate


def prepare(data_dir: Path = DEFAULT_DATA_DIR) -> Rows:
    """Validate every file and build the rows; InvalidData if any file has a problem."""
    return transform(validate(data_dir))


def write_rows(settings: Neo4jSettings, rows: Rows, notice: Notice | None = None) -> Summary:
    with make_driver(settings) as driver:
        check_connection(driver, settings)
        return write(driver, settings.database, rows, notice)


def run_ingest(
    settings: Neo4jSettings, data_dir: Path = DEFAULT_DATA_DIR, notice: Notice | None = None
) -> Summary:
    """Validate every file first; write nothing unless all of them are valid."""
    return write_rows(settings, prepare(data_dir), notice)
