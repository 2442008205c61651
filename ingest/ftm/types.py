"""What the stages of `kg import-ftm` hand each other, and the two conversions they share.

read.py makes Lines; the map_* modules turn them into a Mapped (Nodes, Statements, their
Cites); write_plan.py and write.py compare it with the graph and write it. `slug` and `day`
are how an FtM id and an FtM date become ours, wherever a stage meets one.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ingest.dates import PartialDate

if TYPE_CHECKING:  # followthemoney is the optional `ftm` extra: kg imports this without it
    from followthemoney.proxy import EntityProxy

Row = dict[str, Any]
SOURCE = "Source"
STATUS = "Status"


class FtmInputError(Exception):
    """The file (or the xref CSV) is not valid input; nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class Line:
    """One entity of the file, with the line it was read from."""

    no: int
    proxy: EntityProxy
    datasets: list[str] = field(default_factory=list)
    referents: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.proxy.id)

    def first(self, prop: str) -> str | None:
        values = self.proxy.get(prop, quiet=True)
        return values[0] if values else None


@dataclass
class Cite:
    source: str
    kind: str  # quote | note
    text: str


@dataclass
class Node:
    """An entity, source or status the import states."""

    id: str
    label: str  # a NodeType value, SOURCE or STATUS
    props: Row
    line: int
    cites: list[Cite] = field(default_factory=list)
    merged: bool = False  # named by --xref or an eg- id: may be a curated node


@dataclass
class Statement:
    """One relationship, accumulating the citations of every interval that states it."""

    id: str
    type: str  # the storage type (CLAIMED_<TYPE> when attributed)
    start: str
    end: str
    props: Row
    line: int
    cites: list[Cite] = field(default_factory=list)


@dataclass
class Mapped:
    nodes: dict[str, Node] = field(default_factory=dict)
    relations: dict[str, Statement] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)  # FtM id (and referents) -> our id
    skipped_ids: set[str] = field(default_factory=set)
    skipped: Counter[str] = field(default_factory=Counter)
    # our ids the import names but does not define: each must be in the graph
    required: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)  # ids stated on more than one line


Resolve = Callable[[str, Line, str], str | None]  # FtM id, line, field -> our id (None: skip)


def slug(value: str) -> str:
    """An FtM id or a dataset name as the slug of one of our ids."""
    plain = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "x"
    if plain != value.lower().replace("_", "-"):  # two ids must not meet in one slug
        plain += "-" + hashlib.blake2b(value.encode(), digest_size=4).hexdigest()
    return plain


def dataset_source_id(dataset: str) -> str:
    return f"source:ftm-{slug(dataset)}"


def day(value: str | None) -> str | None:
    """An FtM date (`2022`, `2022-03`, `2022-03-01T10:00`) as our partial date."""
    if not value:
        return None
    value = value[:10]
    PartialDate.parse(value)  # FtM cleaned it; a year 0000 or the like still fails here
    return value
