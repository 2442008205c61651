"""A bulk folder -> checked CSV files for the import, or every problem with file:line:field.

Order: sources.jsonl and mentions.jsonl here, then entities.jsonl, relations.jsonl and
statuses.jsonl in chunks (ingest/bulk/work.py). Each file is checked against what the
files before it define; what needs a later file (an event's `attributed_to`, a mention's
entity) is checked once that file is read. A statement stated by two lines is a problem
naming both.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.bulk import jsonl
from ingest.bulk.catalog import Catalog, check_cited, check_entity_late, check_mention
from ingest.bulk.csvout import Fixup, Part, Sink
from ingest.bulk.dupes import duplicates
from ingest.bulk.rows import entity_row, mention_row
from ingest.bulk.work import ChunkResult, Facts, _reporter, _write, run_file
from ingest.dates import PartialDate
from ingest.models import MentionIn, SourceIn
from ingest.parsed import InvalidData, Problem
from ingest.progress import progress
from ingest.rules import Defined
from ingest.transform import source_row

DEFAULT_FILE = "sources.jsonl"


@dataclass
class Converted:
    folder: Path
    parts: list[Part] = field(default_factory=list)
    fixups: list[Fixup] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    lines: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class _Run:
    data: Path
    out: Converted
    cat: Catalog = field(default_factory=Catalog)
    problems: list[Problem] = field(default_factory=list)
    facts: Facts = field(default_factory=Facts)
    made: Facts = field(default_factory=Facts)
    status_facts: Facts = field(default_factory=Facts)

    def sink(self, tag: str) -> Sink:
        return Sink(self.out.folder, tag)

    def keep(self, sink: Sink) -> None:
        self.out.parts += sink.close()
        self.out.fixups += sink.fixups
        self.out.counts.update(sink.counts)

    def merge(self, res: ChunkResult) -> None:
        self.problems += res.problems
        self.out.parts += res.parts
        self.out.fixups += res.fixups
        self.out.counts.update(res.counts)
        self.out.lines += res.lines


def _lines(path: Path) -> list[tuple[int, bytes]]:
    return [pair for chunk in jsonl.chunks(path) for pair in jsonl.lines(chunk)]


def _sources(run: _Run, path: Path) -> None:
    sink, cat = run.sink("sources"), run.cat
    for line, raw in _lines(path):
        run.out.lines += 1
        value = jsonl.parse(raw, path.name, line, run.problems)
        if value is None:
            continue
        file_name = value.pop("file", DEFAULT_FILE)
        if not isinstance(file_name, str) or not file_name.strip():
            run.problems.append(Problem(path.name, line, "file", "should be a file name"))
        source = jsonl.item(SourceIn, value, "source", path.name, line, run.problems, False)
        if source is None:
            continue
        if source.id in cat.sources:
            first = cat.sources[source.id]
            run.problems.append(
                Problem(
                    path.name,
                    line,
                    "id",
                    f"source {source.id} is also defined in {path.name}:{first}",
                )
            )
            continue
        cat.sources[source.id] = line
        cat.evidence[source.id] = source.evidence
        cat.published[source.id] = source.published
        cat.published_dates[source.id] = (
            PartialDate.parse(source.published) if source.published else None
        )
        sink.write("sources", source_row(source, str(file_name)))
    run.keep(sink)


def _mentions(run: _Run, path: Path) -> list[tuple[int, MentionIn]]:
    sink, cat, found = run.sink("mentions"), run.cat, []
    for line, raw in _lines(path):
        run.out.lines += 1
        value = jsonl.parse(raw, path.name, line, run.problems)
        if value is None:
            continue
        item: MentionIn | None = jsonl.item(
            MentionIn, value, "mentions", path.name, line, run.problems
        )
        if item is None:
            continue
        source = check_cited(cat, item, _reporter(path.name, line, run.problems))
        first = cat.mention_lines.setdefault((item.id, source), line)
        if first != line:
            run.problems.append(
                Problem(
                    path.name,
                    line,
                    "",
                    f"MENTIONED_IN:{item.id}->{source} is also stated at {path.name}:{first}",
                )
            )
            continue
        cat.mentioned_by.setdefault(item.id, []).append(source)
        found.append((line, item))
        _write(
            sink,
            "mentions",
            mention_row(item.id, source, item),
            _reporter(path.name, line, run.problems),
        )
    run.keep(sink)
    return found


def _define(run: _Run, res: ChunkResult) -> None:
    cat = run.cat
    for line, entity_id, type_, kind, name, start in res.defined:
        first = cat.entities.get(entity_id)
        if first is not None:
            run.problems.append(
                Problem(
                    "entities.jsonl",
                    line,
                    "id",
                    f"{entity_id} is already defined in entities.jsonl:{first.at}",
                )
            )
            continue
        cat.entities[entity_id] = Defined("entities.jsonl", line, type_, kind)
        cat.names[entity_id] = name
        if start is not None:
            cat.event_start[entity_id] = start
    cat.broken.update(res.broken)


def _step(run: _Run, name: str, each: Callable[[ChunkResult], None]) -> None:
    path = run.data / name
    if not path.exists():
        return
    total = sum(c.count for c in jsonl.chunks(path))
    with progress(f"checking {name}", total=total, unit="lines") as advance:
        for res in run_file(run.cat, run.out.folder, path, name.split(".")[0]):
            run.merge(res)
            each(res)
            advance(res.lines)


def convert(data: Path, out: Path) -> Converted:
    """Check every file and write the CSV files into `out`; raises InvalidData listing
    every problem (the CSV files are then incomplete and must not be loaded)."""
    missing = [n for n in jsonl.REQUIRED if not (data / n).is_file()]
    if not data.is_dir() or missing:
        what = "is not a folder" if not data.is_dir() else f"has no {', '.join(missing)}"
        raise InvalidData([Problem(str(data), 1, "", f"{what} (docs/bulk-format.md)")])
    out.mkdir(parents=True, exist_ok=True)
    run = _Run(data, Converted(out))
    started = time.monotonic()
    _sources(run, data / "sources.jsonl")
    mentions = _mentions(run, data / "mentions.jsonl") if (data / "mentions.jsonl").exists() else []
    pending: list[tuple[int, Any]] = []

    def entities(res: ChunkResult) -> None:
        _define(run, res)
        pending.extend(res.pending)

    _step(run, "entities.jsonl", entities)
    sink = run.sink("late")
    for line, entity in pending:
        report = _reporter("entities.jsonl", line, run.problems)
        check_entity_late(run.cat, entity, report)
        _write(sink, "entities", entity_row(run.cat, entity), report)
        _write(sink, "mentions", mention_row(entity.id, entity.source, entity), report)
    run.keep(sink)
    for line, item in mentions:
        check_mention(run.cat, item, _reporter("mentions.jsonl", line, run.problems))
    run.out.seconds["check: sources, entities"] = time.monotonic() - started

    started = time.monotonic()

    def relations(res: ChunkResult) -> None:
        run.facts.extend(res.facts)
        run.made.extend(res.made)

    _step(run, "relations.jsonl", relations)
    _step(run, "statuses.jsonl", lambda res: run.status_facts.extend(res.facts))
    run.problems += duplicates(data, run.facts, run.made, run.status_facts)
    run.out.seconds["check: relations, statuses"] = time.monotonic() - started
    if run.problems:
        raise InvalidData(run.problems)
    return run.out


def groups(converted: Converted) -> dict[str, list[Part]]:
    found: dict[str, list[Part]] = defaultdict(list)
    for part in converted.parts:
        found[part.group].append(part)
    return found
