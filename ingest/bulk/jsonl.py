"""Reading the bulk format: JSON lines in chunks, each line checked by the item models.

A chunk is a byte range of one file that starts at a line start, with the number of its
first line, so workers can read and check chunks on their own and still name file:line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ingest import yamlio
from ingest.bounds import json_depth_problem
from ingest.parsed import Problem
from ingest.validate import _sentence

# The files of a bulk folder, in the order they are read; sources.jsonl and
# entities.jsonl are required. Each maps to its YAML section (for the same messages).
FILES: dict[str, str] = {
    "sources.jsonl": "source",
    "mentions.jsonl": "mentions",
    "entities.jsonl": "entities",
    "relations.jsonl": "relations",
    "statuses.jsonl": "statuses",
}
REQUIRED = ("sources.jsonl", "entities.jsonl")
CHUNK_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Chunk:
    path: Path
    start: int  # byte offset of the first line
    end: int  # byte offset after the last line
    first_line: int  # 1-based number of the first line
    count: int  # lines in it

    @property
    def name(self) -> str:
        return self.path.name


def chunks(path: Path, size: int = CHUNK_BYTES) -> list[Chunk]:
    """Cut a file into byte ranges of about `size` that end at line ends."""
    total = path.stat().st_size
    found: list[Chunk] = []
    with path.open("rb") as handle:
        start, line = 0, 1
        while start < total:
            handle.seek(min(start + size, total))
            if handle.tell() < total:
                handle.readline()  # move to the end of the line we landed in
            end = handle.tell()
            handle.seek(start)
            count = handle.read(end - start).count(b"\n")
            found.append(Chunk(path, start, end, line, count))
            line += count
            start = end
    return found


def lines(chunk: Chunk) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of every non-blank line of the chunk."""
    with chunk.path.open("rb") as handle:
        handle.seek(chunk.start)
        data = handle.read(chunk.end - chunk.start)
    for number, raw in enumerate(data.split(b"\n"), start=chunk.first_line):
        if raw.strip():
            yield number, raw


def parse(raw: bytes, file: str, line: int, problems: list[Problem]) -> dict[str, Any] | None:
    """One line as a JSON object, or None with the problem recorded."""
    too_deep = json_depth_problem(raw)  # before json.loads, which recurses per level
    if too_deep:
        problems.append(Problem(file, line, "", f"is refused: {too_deep}"))
        return None
    try:
        value = json.loads(raw)
    except UnicodeDecodeError as error:
        problems.append(Problem(file, line, "", f"is not UTF-8 text ({error.reason})"))
        return None
    except json.JSONDecodeError as error:
        problems.append(
            Problem(file, line, "", f"is not valid JSON: {error.msg} (column {error.colno})")
        )
        return None
    if not isinstance(value, dict):
        problems.append(Problem(file, line, "", "should be one JSON object per line"))
        return None
    return value


def item(
    model: type[BaseModel],
    value: dict[str, Any],
    section: str,
    file: str,
    line: int,
    problems: list[Problem],
    need_source: bool = True,
) -> Any:
    """The line through the same pydantic model as a YAML item, with the same messages;
    in bulk every item names its `source`."""
    found: list[Problem] = []
    if need_source and value.get("source") is None:
        found.append(Problem(file, line, "source", "is required"))
    try:
        result = model.model_validate(value)
    except ValidationError as error:
        for err in error.errors():
            loc = tuple(err["loc"])
            where = (section, 0, *loc) if section != "source" else ("source", *loc)
            found.append(Problem(file, line, yamlio.dotted(loc), _sentence(err, where)))
        result = None
    problems.extend(found)
    return None if found else result
