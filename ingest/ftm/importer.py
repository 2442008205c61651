"""`kg import-ftm FILE`: FtM entities into the graph, as a unit that `--remove NAME` takes away.

Three stages, each calling only forward:
- read (read.py): the file and the --xref CSV as Lines; any problem stops the import;
- map (map_entities.py, then map_links.py per line, then map_sources.py; both use
  map_cites.py): everything the file states, in our model, with no database; any problem
  stops the import before anything is written;
- write (write.py, planned by write_plan.py): in one transaction, a previous import of the
  same name is taken off, the ids the file names are looked up, and what the graph lacks is
  created while what it holds is only cited (the import's name joins `ftm_dataset`, its new
  citations are appended). An `FtmImport` node records what was created or cited, so a
  removal takes exactly that away and the graph's fingerprint is what it was before
  (docs/ftm.md).
types.py holds what the stages hand each other.
"""

from __future__ import annotations

from pathlib import Path

from ingest.ftm.map_cites import Links, resolver
from ingest.ftm.map_entities import map_entities
from ingest.ftm.map_links import map_line
from ingest.ftm.map_sources import add_dataset_sources, finish, mentions
from ingest.ftm.read import read_entities, read_xref
from ingest.ftm.types import FtmInputError, Mapped
from ingest.ftm.write import import_exists, remove_import, write_import
from ingest.ftm.write_plan import Outcome

__all__ = ["FtmInputError", "Outcome", "import_exists", "map_file", "remove_import", "write_import"]


def map_file(path: Path, name: str, xref_path: Path | None = None) -> Mapped:
    """Everything the file states, in our model; FtmInputError if anything is wrong."""
    repeated: list[str] = []
    lines = read_entities(path, repeated)
    xref = read_xref(xref_path) if xref_path else {}
    mapped = map_entities(lines, xref, name, path, xref_path)
    mapped.repeated = repeated
    in_file = {line.id for line in lines}
    links = Links(mapped, resolver(mapped, xref, in_file, path), name, str(path))
    for line in lines:
        map_line(links, line)
    finish(links)
    add_dataset_sources(mapped, lines, name, path)
    mentions(mapped)  # after the dataset citations: every citation is a MENTIONED_IN
    if mapped.problems:
        raise FtmInputError(mapped.problems[:50])
    return mapped
