"""Check every data file and report every problem, each with its file, line and field.

A file is read fast first (libyaml, no lines; each section validated as one list). Only a
file with a problem of its own is read again with a line for every field, and checked item
by item, so that every problem it has is reported with its place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from graph.schema import FACT_TYPES
from ingest import readers, yamlio
from ingest.bounds import Refused
from ingest.cache import FileCache
from ingest.crosscheck import check_references
from ingest.models import (
    DataFile,
    EntityIn,
    MentionIn,
    RelationIn,
    SourceIn,
    StatusIn,
    share_field_sets,
)
from ingest.parsed import InvalidData, Parsed, Problem
from ingest.progress import progress

__all__ = [
    "DEFAULT_DATA_DIR",
    "InvalidData",
    "Parsed",
    "Problem",
    "check_references",
    "data_files",
    "parse_file",
    "validate",
]

DEFAULT_DATA_DIR = Path(__file__).with_name("data")
_UNREAD: Any = object()


def data_files(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.glob("*.y*ml") if p.suffix in {".yaml", ".yml"})


def _read(path: Path, problems: list[Problem]) -> yamlio.Located | None:
    try:
        return yamlio.load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        problems.append(Problem(path.name, 1, "", f"is not UTF-8 text ({error.reason})"))
    except Refused as refused:
        problems.append(Problem(path.name, refused.line, "", f"is refused: {refused.message}"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        what = getattr(error, "problem", None) or str(error)
        problems.append(Problem(path.name, line, "", f"is not valid YAML: {what}"))
    return None


def parse_file(
    path: Path,
    problems: list[Problem],
    data: Any = _UNREAD,
    shared: dict[str, str] | None = None,
) -> Parsed | None:
    """One file as its model, or None; its own problems go to `problems`. `data` is the
    file's plain data if already read (readers.plain_data); `shared` holds one copy of the
    ids and dates that files repeat."""
    if data is _UNREAD:
        data = readers.read_plain(path)
    if shared is not None:
        readers.share_strings(data, shared)
    parsed = _parse_fast(path, data) or _parse_located(path, problems)
    if parsed is not None:
        for section in SECTIONS:
            share_field_sets(getattr(parsed.model, section))
    return parsed


def _parse_fast(path: Path, data: Any) -> Parsed | None:
    """The file's model if it has no problem of its own, else None (then it is read again
    with its lines). Accepts exactly what `_parse_located` accepts without a problem."""
    if not isinstance(data, dict) or data.get("source") is None or not data.keys() <= _KEYS:
        return None
    sections: dict[str, list[Any]] = {}
    try:
        source = SourceIn.model_validate(data["source"])
        for section, adapter in _LISTS.items():
            raw = data.get(section) or []
            if not isinstance(raw, list):
                return None
            sections[section] = adapter.validate_python(raw)  # an empty item fails: read again
    except ValidationError:
        return None
    positions = {section: range(len(items)) for section, items in sections.items()}
    model = DataFile.model_construct(source=source, **sections)  # type: ignore[arg-type]
    return Parsed(path, model, None, positions)


def _parse_located(path: Path, problems: list[Problem]) -> Parsed | None:
    name = path.name
    located = _read(path, problems)
    if located is None:
        return None
    problems.extend(Problem(name, line, fld, msg) for line, fld, msg in located.problems)
    data = located.data
    if not isinstance(data, dict):
        problems.append(
            Problem(
                name,
                1,
                "",
                "should be a mapping with `source`, `entities`, "
                "`mentions`, `relations` and `statuses`",
            )
        )
        return None
    _check_keys(name, located, data, problems)
    source = _item(SourceIn, data.get("source"), ("source",), name, located, problems)
    sections: dict[str, list[Any]] = {}
    positions: dict[str, list[int]] = {}
    broken_ids: set[str] = set()
    for section in SECTIONS:
        sections[section], positions[section] = _section(
            section, data, name, located, problems, broken_ids
        )
    if source is None:
        return None
    model = DataFile.model_construct(source=source, **sections)  # type: ignore[arg-type]
    return Parsed(path, model, located, positions, broken_ids)


def _check_keys(
    name: str, located: yamlio.Located, data: dict[Any, Any], problems: list[Problem]
) -> None:
    """Unknown sections, and a missing source."""
    for key in data:
        if key not in ("source", *SECTIONS):
            problems.append(
                Problem(
                    name,
                    located.line_of((key,)),
                    str(key),
                    "is not a known section (source, entities, mentions, relations, statuses)",
                )
            )
    if "source" not in data:
        problems.append(Problem(name, 1, "source", "is required"))


def _section(
    section: str,
    data: dict[Any, Any],
    name: str,
    located: yamlio.Located,
    problems: list[Problem],
    broken_ids: set[str],
) -> tuple[list[Any], list[int]]:
    """The section's valid items and their positions; the ids of entities that are not."""
    raw = data.get(section) or []
    if not isinstance(raw, list):
        problems.append(Problem(name, located.line_of((section,)), section, "should be a list"))
        raw = []
    # Each item on its own, so one bad entity doesn't hide the file's other problems.
    items: list[Any] = []
    positions: list[int] = []
    for i, entry in enumerate(raw):
        item = _item(SECTIONS[section], entry, (section, i), name, located, problems)
        if item is not None:
            items.append(item)
            positions.append(i)
        elif section == "entities" and isinstance(entry, dict):
            broken_ids.add(str(entry.get("id")))
    return items, positions


SECTIONS: dict[str, type[BaseModel]] = {
    "entities": EntityIn,
    "mentions": MentionIn,
    "relations": RelationIn,
    "statuses": StatusIn,
}
_KEYS = frozenset(("source", *SECTIONS))
_LISTS = {section: TypeAdapter(list[model]) for section, model in SECTIONS.items()}  # type: ignore[valid-type]


def _item(
    model: type[BaseModel],
    entry: Any,
    prefix: tuple[str | int, ...],
    name: str,
    located: yamlio.Located,
    problems: list[Problem],
) -> Any:
    if entry is None:
        return None
    try:
        return model.model_validate(entry)
    except ValidationError as error:
        for item in error.errors():
            loc = (*prefix, *item["loc"])
            problems.append(
                Problem(name, located.line_of(loc), yamlio.dotted(loc), _sentence(item, loc))
            )
        return None


MOVED = ("status", "status_date")


def _sentence(item: Any, loc: tuple[Any, ...]) -> str:
    kind, msg = item["type"], item["msg"]
    if kind == "extra_forbidden" and loc[0] == "entities" and loc[-1] in MOVED:
        return "is no longer an entity field: write a `statuses:` entry (docs/data-format.md)"
    if kind == "extra_forbidden":
        return "is not a known field (see docs/data-format.md)"
    if kind == "missing":
        return "is required"
    if kind == "enum" and loc and loc[-1] == "type" and loc[0] == "relations":
        vocab = ", ".join(sorted(t.value for t in FACT_TYPES))
        return f"{item['input']!r} is not in the relationship vocabulary ({vocab})"
    if kind == "string_too_short":
        return "is empty"
    if kind == "string_pattern_mismatch":
        return f"{item['input']!r} is not of the expected form ({item['ctx']['pattern']})"
    return str(msg).removeprefix("Value error, ")


def validate(data_dir: Path = DEFAULT_DATA_DIR, cache: FileCache | None = None) -> list[Parsed]:
    """Every file, parsed and cross-checked; raises InvalidData listing all problems. With
    a cache, an unchanged file's model comes from it (the cross-file checks see it all)."""
    if not data_dir.is_dir():
        raise InvalidData([Problem(str(data_dir), 1, "", "is not a folder of data files")])
    paths = data_files(data_dir)
    if not paths:
        raise InvalidData([Problem(str(data_dir), 1, "", "holds no .yaml data files")])
    problems: list[Problem] = []
    with readers.paused_gc():
        digests = {path: cache.digest(path) for path in paths} if cache is not None else {}
        found = _cached(paths, cache, digests)
        unread = [path for path in paths if path not in found]
        shared: dict[str, str] = {}
        with (
            readers.plain_data(unread) as read,
            progress("validating", total=len(paths), unit="files") as advance,
        ):
            advance(len(found))
            for path, data in read:
                p = parse_file(path, problems, data, shared)
                if p is not None:
                    p.digest = digests.get(path)
                    found[path] = p
                advance(1)
        parsed = [found[path] for path in paths if path in found]  # in the files' order
        problems.extend(check_references(parsed))
    if problems:
        raise InvalidData(problems)
    return parsed


def _cached(
    paths: list[Path], cache: FileCache | None, digests: dict[Path, str | None]
) -> dict[Path, Parsed]:
    """The files the cache holds as they are now (by `digests`), as parsed files."""
    found: dict[Path, Parsed] = {}
    if cache is None:
        return found
    for path in paths:
        digest = digests[path]
        entry = cache.get(digest)
        if entry is not None:
            positions = {s: range(len(getattr(entry.model, s))) for s in SECTIONS}
            found[path] = Parsed(path, entry.model, None, positions)
            found[path].digest, found[path].entity_props = digest, entry.entity_props
    return found
