"""The synthetic dataset (bench/synthetic.py describes its shape) and its two writers: the
curated YAML files and the bulk JSON-lines files.

Files are made one at a time from (seed, file number), so 1M entities stream through a few
megabytes; every writer gets each file as it is made.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from bench.synthetic_change import mutate
from bench.synthetic_facts import FileData, make_file
from bench.synthetic_vocab import Item
from bench.synthetic_world import BLOCK, World

SECTIONS = ("entities", "relations", "statuses")


@dataclass(frozen=True)
class Dataset:
    """What both writers read: N entities of one seed, optionally with a change applied."""

    entities: int
    seed: int = 7
    change: float = 0.0
    change_seed: int = 1

    @property
    def n_files(self) -> int:
        return -(-self.entities // BLOCK)

    def files(self) -> Iterator[FileData]:
        world = World(self.entities, self.seed)
        for f in range(self.n_files):
            data = make_file(world, f, self.n_files)
            if self.change:
                mutate(world, data, f, self.n_files, self.change, self.change_seed)
            yield data


def generate(entities: int, seed: int = 7) -> Dataset:
    if entities < BLOCK:
        raise ValueError(f"at least {BLOCK} entities (one source file), got {entities}")
    return Dataset(entities, seed)


def changed(data: Dataset, fraction: float, seed: int | None = None) -> Dataset:
    """The same dataset with about `fraction` of its statements edited."""
    return replace(data, change=fraction, change_seed=data.seed + 1 if seed is None else seed)


# ------------------------------------------------------------------------------ YAML
_PLAIN = re.compile(r"[A-Za-z\u0400-\u04ff][\w .,()'/:«»-]*")
_RESERVED = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}


def scalar(value: str) -> str:
    """A plain scalar where YAML reads it back as the same string, else a quoted one."""
    if (
        _PLAIN.fullmatch(value)
        and ": " not in value
        and not value.endswith((":", " "))
        and value.lower() not in _RESERVED
    ):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return scalar(value)
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)  # lists and maps in flow style


# Fields whose values are ids or vocabulary words: plain as they are.
_BARE = frozenset({"id", "type", "from", "to", "kind", "status", "entity", "attributed_to"})


def _field(key: str, value: Any) -> str:
    return f"{key}: {value if key in _BARE else _value(value)}\n"


def yaml_text(data: FileData) -> str:
    out = ["source:\n"]
    out.extend(f"  {_field(k, v)}" for k, v in data.source.items())
    for section in SECTIONS:
        items: list[Item] = getattr(data, section)
        if not items:
            continue
        out.append(f"\n{section}:\n")
        for item in items:
            lead = "  - "
            for k, v in item.items():
                out.append(lead + _field(k, v))
                lead = "    "
    return "".join(out)


@dataclass
class Counts:
    files: int = 0
    entities: int = 0
    relations: int = 0
    statuses: int = 0

    def add(self, data: FileData) -> None:
        self.files += 1
        self.entities += len(data.entities)
        self.relations += len(data.relations)
        self.statuses += len(data.statuses)


class YamlWriter:
    """One YAML file per source; at the end, older synthetic files in `directory` go."""

    def __init__(self, directory: Path) -> None:
        self.directory, self.written = directory, set[str]()
        directory.mkdir(parents=True, exist_ok=True)

    def write(self, file: FileData) -> None:
        (self.directory / file.name).write_text(yaml_text(file), encoding="utf-8")
        self.written.add(file.name)

    def close(self) -> None:
        for stale in self.directory.glob("*_syn-*.yaml"):
            if stale.name not in self.written:
                stale.unlink()


def _line(item: Item, source: str) -> str:
    row = item if "source" in item else {**item, "source": source}
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"


class BulkWriter:
    """sources.jsonl, entities.jsonl, relations.jsonl, statuses.jsonl: every item once."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.handles: dict[str, IO[str]] = {
            n: (directory / f"{n}.jsonl").open("w", encoding="utf-8")
            for n in ("sources", *SECTIONS)
        }

    def write(self, file: FileData) -> None:
        sid = file.source["id"]
        self.handles["sources"].write(json.dumps(file.source, ensure_ascii=False) + "\n")
        for section in SECTIONS:
            self.handles[section].writelines(_line(item, sid) for item in getattr(file, section))

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()


def write(data: Dataset, writers: list[YamlWriter | BulkWriter]) -> Counts:
    """Make each file once and hand it to every writer."""
    counts = Counts()
    try:
        for file in data.files():
            for writer in writers:
                writer.write(file)
            counts.add(file)
    finally:
        for writer in writers:
            writer.close()
    return counts


def write_yaml(data: Dataset, directory: Path) -> Counts:
    return write(data, [YamlWriter(directory)])


def write_bulk(data: Dataset, directory: Path) -> Counts:
    return write(data, [BulkWriter(directory)])
