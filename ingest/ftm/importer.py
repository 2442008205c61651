"""`kg import-ftm FILE`: FtM entities into the graph, as a unit that `--remove NAME` takes away.

The whole file is read and mapped first (import_read, import_map, import_links); any problem
stops the import before anything is written. Then, in one transaction (import_write.py): a
previous import of the same name is taken off, the ids the file names are looked up, and what
the graph lacks is created while what it holds is only cited (the import's name joins
`ftm_dataset`, its new citations are appended). An `FtmImport` node records what was created
or cited, so a removal takes exactly that away and the graph's fingerprint is what it was
before (docs/ftm.md).
"""

from __future__ import annotations

from pathlib import Path

from graph.ftm.mapping import from_ftm_id, rel_id_from_record, status_from_record
from ingest.ftm.import_links import LinkMapper, Resolve, Statement
from ingest.ftm.import_map import (
    SOURCE,
    STATUS,
    Cite,
    Mapped,
    dataset_source,
    dataset_source_id,
    map_nodes,
)
from ingest.ftm.import_read import FtmInputError, Line, read_entities, read_xref
from ingest.ftm.import_write import Outcome, import_exists, remove_import, write_import

__all__ = ["FtmInputError", "Outcome", "import_exists", "map_file", "remove_import", "write_import"]
LINKS = {"Membership", "Directorship", "Representation", "Employment", "Family", "Associate",
         "UnknownLink", "Sanction", "Documentation"}  # fmt: skip


# ---------------------------------------------------------------- mapping (no database)
def map_file(path: Path, name: str, xref_path: Path | None = None) -> Mapped:
    """Everything the file states, in our model; FtmInputError if anything is wrong."""
    repeated: list[str] = []
    lines = read_entities(path, repeated)
    xref = read_xref(xref_path) if xref_path else {}
    mapped = map_nodes(lines, xref, name, path)
    mapped.repeated = repeated
    _skip_unmapped(mapped, lines)
    by_id = {line.id: line for line in lines}
    for ftm_id, (ours, no) in xref.items():
        node = mapped.nodes.get(ours) if ftm_id in by_id else None
        if node is not None:  # an xref merges with an entity the graph must hold
            mapped.required.setdefault(ours, (f"{xref_path}:{no}: entity_id", node.label))
    links = LinkMapper(mapped, _resolver(mapped, xref, set(by_id), path), name, str(path))
    for line in lines:
        schema = line.proxy.schema.name
        if schema == "Documentation":
            links.documentation(line)
        elif schema == "Sanction":
            (links.interval if _rel_record(line) else links.status)(line)
        elif schema == "Event" and _status_record(line):
            links.status(line)
        elif schema in LINKS:
            links.interval(line)
    links.finish()
    _add_dataset_sources(mapped, lines, name, path)
    _mentions(mapped)  # after the dataset citations: every citation is a MENTIONED_IN
    if mapped.problems:
        raise FtmInputError(mapped.problems[:50])
    return mapped


def _skip_unmapped(mapped: Mapped, lines: list[Line]) -> None:
    """Entities of schemata we have no counterpart for: counted, and links to them skipped."""
    for line in lines:
        schema = line.proxy.schema.name
        status_event = schema == "Event" and _status_record(line)
        if line.id not in mapped.ids and schema not in LINKS and not status_event:
            mapped.skipped_ids.add(line.id)
            mapped.skipped[schema] += 1


def _resolver(
    mapped: Mapped, xref: dict[str, tuple[str, int]], in_file: set[str], path: Path
) -> Resolve:
    """FtM id named by a line -> our id: an entity of the file; else through the xref or an
    eg- id, an entity the graph must hold (checked when writing); None: skip or problem."""

    def resolve(ftm_id: str, line: Line, name: str) -> str | None:
        if not ftm_id:
            mapped.problems.append(f"{path}:{line.no}: {name}: missing")
            return None
        if ftm_id in mapped.ids:
            return mapped.ids[ftm_id]
        if ftm_id in mapped.skipped_ids:
            return None
        ours = xref[ftm_id][0] if ftm_id in xref else from_ftm_id(ftm_id)
        if ours is None or ftm_id in in_file:
            mapped.problems.append(
                f"{path}:{line.no}: {name}: {ftm_id} is not an entity of this file"
            )
            return None
        mapped.required.setdefault(ours, (f"{path}:{line.no}: {name}", None))
        return ours

    return resolve


def _rel_record(line: Line) -> bool:
    return rel_id_from_record(line.first("recordId") or "") is not None


def _status_record(line: Line) -> bool:
    return status_from_record(line.first("recordId") or "") is not None


def _add_dataset_sources(mapped: Mapped, lines: list[Line], name: str, path: Path) -> None:
    """Entities of other publishers cite their datasets; ours (eg- ids, restored) cite the
    Sources they had, and a dataset only where they have none."""
    for line in lines:
        ours = mapped.ids.get(line.id)
        node = mapped.nodes.get(ours) if ours else None
        if node is None or node.label in (SOURCE, STATUS) or node.line != line.no:
            continue
        if node.cites and from_ftm_id(line.id):
            continue
        for dataset in line.datasets or [name]:
            note = f"Imported from FtM dataset {dataset} (entity {line.id})"
            node.cites.append(Cite(dataset_source_id(dataset), "note", note))
    cited = {c.source for n in mapped.nodes.values() for c in n.cites}
    cited |= {c.source for s in mapped.relations.values() for c in s.cites}
    datasets = {d for line in lines for d in (line.datasets or [name])}
    for dataset in sorted(datasets):
        source = dataset_source(dataset, path)
        if source.id in cited and source.id not in mapped.nodes:
            mapped.nodes[source.id] = source


def _mentions(mapped: Mapped) -> None:
    """Each entity's citations as MENTIONED_IN statements, one per (entity, source)."""
    for node in mapped.nodes.values():
        if node.label in (SOURCE, STATUS):
            continue
        for cite in node.cites:
            rel_id = f"MENTIONED_IN:{node.id}->{cite.source}"
            statement = mapped.relations.setdefault(
                rel_id, Statement(rel_id, "MENTIONED_IN", node.id, cite.source, {}, node.line)
            )
            statement.cites.append(cite)
