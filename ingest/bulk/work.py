"""Checking and converting chunks of one bulk file, in worker processes.

The catalog (what sources.jsonl, mentions.jsonl and entities.jsonl define) is set before
the pool is forked, so every worker reads it without copying. A worker writes its chunk's
CSV parts itself and returns only problems, part names, counts and the hashes of the
statements it saw (the parent finds a statement stated twice by comparing those).
"""

from __future__ import annotations

import multiprocessing
import os
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.schema import NodeType
from ingest.bulk import jsonl
from ingest.bulk.catalog import Catalog, check_entity, check_relation, check_status
from ingest.bulk.csvout import Fixup, ListDelimiterInText, Part, Sink
from ingest.bulk.rows import entity_row, has_status_row, mention_row, relation_row, status_row
from ingest.dates import PartialDate
from ingest.models import EntityIn, RelationIn, StatusIn
from ingest.parsed import Problem
from ingest.rules import Report

# (line, id, type, kind, name, event start) of each valid entity definition
Defined = tuple[int, str, NodeType, str | None, str, Any]


@dataclass
class Facts:
    """Hashes of statement ids and their lines; equal hashes are checked for real."""

    hashes: array[int] = field(default_factory=lambda: array("q"))
    lines: array[int] = field(default_factory=lambda: array("q"))

    def add(self, fact_id: str, line: int) -> None:
        self.hashes.append(hash(fact_id))
        self.lines.append(line)

    def extend(self, other: Facts) -> None:
        self.hashes.extend(other.hashes)
        self.lines.extend(other.lines)


@dataclass
class ChunkResult:
    lines: int = 0
    problems: list[Problem] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    fixups: list[Fixup] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    facts: Facts = field(default_factory=Facts)  # relations, or statuses
    made: Facts = field(default_factory=Facts)  # statuses made by DESIGNATED relations
    defined: list[Defined] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    pending: list[tuple[int, EntityIn]] = field(default_factory=list)  # attributed events


_STATE: dict[str, Any] = {}


def _reporter(file: str, line: int, problems: list[Problem]) -> Report:
    return lambda fld, message: problems.append(Problem(file, line, fld, message))


def event_start(entity: EntityIn) -> Any:
    return PartialDate.parse(entity.date).start if entity.date else None


def _write(sink: Sink, table: str, row: dict[str, Any], report: Report) -> None:
    try:
        sink.write(table, row)
    except ListDelimiterInText as error:
        report("", f"{error} (the bulk loader separates list items with it)")


def _entity(
    cat: Catalog, value: dict[str, Any], file: str, line: int, sink: Sink, res: ChunkResult
) -> None:
    entity = jsonl.item(EntityIn, value, "entities", file, line, res.problems)
    if entity is None:
        res.broken.append(str(value.get("id")))
        return
    report = _reporter(file, line, res.problems)
    check_entity(cat, entity, report)
    own = entity.source or ""
    mentioned = cat.mention_lines.get((entity.id, own))
    if mentioned is not None:
        report(
            "source",
            f"MENTIONED_IN:{entity.id}->{own} is also stated at "
            f"mentions.jsonl:{mentioned}: in bulk a statement has one line",
        )
    res.defined.append(
        (line, entity.id, entity.type, entity.kind, entity.name, event_start(entity))
    )
    if entity.attributed_to is not None:  # needs every name: written by the parent
        res.pending.append((line, entity))
        return
    _write(sink, "entities", entity_row(cat, entity), report)
    _write(sink, "mentions", mention_row(entity.id, own, entity), report)


def _relation(
    cat: Catalog, value: dict[str, Any], file: str, line: int, sink: Sink, res: ChunkResult
) -> None:
    rel = jsonl.item(RelationIn, value, "relations", file, line, res.problems)
    if rel is None:
        return
    report = _reporter(file, line, res.problems)
    derived = check_relation(cat, rel, report)
    res.facts.add(rel.fact_id, line)
    _write(sink, "facts", relation_row(cat, rel), report)
    if derived is not None:
        res.made.add(derived.fact_id, line)
        _write_status(sink, status_row(cat, rel), report)


def _status(
    cat: Catalog, value: dict[str, Any], file: str, line: int, sink: Sink, res: ChunkResult
) -> None:
    item = jsonl.item(StatusIn, value, "statuses", file, line, res.problems)
    if item is None:
        return
    report = _reporter(file, line, res.problems)
    check_status(cat, item, report)
    res.facts.add(item.fact_id, line)
    _write_status(sink, status_row(cat, item), report)


def _write_status(sink: Sink, row: dict[str, Any], report: Report) -> None:
    """A Status node and its HAS_STATUS edge."""
    _write(sink, "statuses", row, report)
    _write(sink, "has_status", has_status_row(row), report)


Handler = Callable[[Catalog, dict[str, Any], str, int, Sink, ChunkResult], None]
HANDLERS: dict[str, Handler] = {
    "entities.jsonl": _entity,
    "relations.jsonl": _relation,
    "statuses.jsonl": _status,
}


def run_chunk(task: tuple[jsonl.Chunk, str]) -> ChunkResult:
    chunk, tag = task
    cat: Catalog = _STATE["catalog"]
    sink = Sink(_STATE["folder"], tag)
    res = ChunkResult()
    handle = HANDLERS[chunk.name]
    for line, raw in jsonl.lines(chunk):
        res.lines += 1
        value = jsonl.parse(raw, chunk.name, line, res.problems)
        if value is not None:
            handle(cat, value, chunk.name, line, sink, res)
    res.parts, res.fixups, res.counts = sink.close(), sink.fixups, sink.counts
    return res


def workers() -> int:
    return max(1, int(os.environ.get("KG_BULK_WORKERS") or os.cpu_count() or 1))


def run_file(cat: Catalog, folder: Path, path: Path, kind: str) -> Iterator[ChunkResult]:
    """Every chunk's result, in file order: in worker processes when there are several."""
    _STATE.update(catalog=cat, folder=folder)
    parts = jsonl.chunks(path)
    tasks = [(chunk, f"{kind}{i:05d}") for i, chunk in enumerate(parts)]
    count = min(workers(), len(tasks))
    if count <= 1:
        yield from map(run_chunk, tasks)
        return
    # fork: the workers see the catalog as it is now, without pickling it
    with multiprocessing.get_context("fork").Pool(count) as pool:
        yield from pool.imap(run_chunk, tasks)
