"""What validation reports and returns: problems with their place, and each parsed file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from ingest import yamlio
from ingest.bounds import Refused
from ingest.models import DataFile


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}: {where}{self.message}"


class InvalidData(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(f"{len(problems)} problem(s) in the data files")


@dataclass
class Parsed:
    path: Path
    model: DataFile
    # The lines of the file's fields; None for a file read fast (it had no problem of its
    # own): read again, on first use, only when another file's problem points into it.
    _located: yamlio.Located | None = field(default=None, repr=False)
    # Where each valid item stood in its section (invalid ones are left out of the model).
    positions: Mapping[str, Sequence[int]] = field(default_factory=dict)
    # Ids of entities defined here but invalid: known, so they don't cascade into more errors.
    broken_ids: set[str] = field(default_factory=set)
    # The file's digest (with an ingest cache, ingest/cache.py), and its entities'
    # properties when the cache had them: the transform then does not make them again.
    digest: str | None = None
    entity_props: list[dict[str, Any]] | None = field(default=None, repr=False)

    @cached_property
    def name(self) -> str:
        return self.path.name

    @property
    def located(self) -> yamlio.Located:
        if self._located is None:
            self._located = _relocate(self.path)
        return self._located

    def line_of(self, path: yamlio.Path_) -> int:
        return self.located.line_of(path)


def _relocate(path: Path) -> yamlio.Located:
    try:
        return yamlio.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, Refused):  # changed since read
        return yamlio.Located(data=None)
