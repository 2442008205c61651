"""Read an FtM JSON lines file and an --xref CSV; every problem as `FILE:LINE: field: what`.

Each line is an entity as Aleph and OpenSanctions publish them: `{"id", "schema",
"properties": {name: [values]}, "datasets": [...], "referents": [...], ...}`. The
`followthemoney` library builds the proxy; it drops unknown properties and values that do
not clean quietly, so both are checked here first: an import must not lose what a file says
without saying so.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.schema import Schema

from graph.schema import ENTITY_ID_PATTERN, SOURCE_ID_PATTERN
from ingest.bounds import json_depth_problem
from ingest.chars import has_surrogate
from ingest.chars import problem as char_problem
from ingest.ftm.types import FtmInputError, Line

# The properties the import stores as our one-line fields and our texts (ingest/chars.py);
# FtM's cleaning keeps line breaks in `string` properties, and tabs and \r everywhere.
ONE_LINE = frozenset({"name", "alias", "title", "publisher", "role", "relationship", "program",
                      "fileName", "full"})  # fmt: skip
TEXTS = frozenset({"description", "notes", "summary"})
MAX_PROBLEMS = 50  # enough to see a pattern; a broken file would print thousands
Report = Callable[[str, str], None]


def _strings(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def _check_properties(schema: Schema, properties: dict[str, Any], report: Report) -> bool:
    """Every property of the schema, every value one FtM accepts (it would drop the rest)."""
    good = True
    for name, raw in properties.items():
        prop = schema.get(name)
        values = _strings(raw)
        if prop is None:
            report(f"properties.{name}", f"not a property of {schema.name}")
        elif values is None:
            report(f"properties.{name}", "not a list of strings")
        else:
            wrong = [v for v in values if prop.type.clean(v) is None]
            broken = [v for v in values if has_surrogate(v)]  # FtM would drop it silently
            if wrong:
                report(f"properties.{name}", f"{wrong[0]!r} is not a valid {prop.type.name}")
            elif broken:
                report(f"properties.{name}", f"{broken[0][:40]!r} holds a lone surrogate")
                wrong = broken
            elif name in ONE_LINE or name in TEXTS:
                why = _char_problem(name, [prop.type.clean(v) or "" for v in values])
                if why:
                    report(f"properties.{name}", why)
                wrong = [why] if why else []
            good = good and not wrong
            continue
        good = False
    return good


def _char_problem(name: str, cleaned: list[str]) -> str | None:
    for value in cleaned:
        why = char_problem(value, one_line=name in ONE_LINE)
        if why:
            return f"{value[:40]!r}{'...' if len(value) > 40 else ''} {why}"
    return None


def _check(data: Any, report: Report) -> Line | None:
    """One decoded line -> a Line, or None after reporting what is wrong with it."""
    if not isinstance(data, dict):
        report("line", "not a JSON object")
        return None
    ftm_id, schema_name = data.get("id"), data.get("schema")
    if not isinstance(ftm_id, str) or not ftm_id.strip():
        report("id", "missing, or not a non-empty string")
        return None
    schema = model.get(schema_name) if isinstance(schema_name, str) else None
    if schema is None:
        report("schema", f"{schema_name!r} is not an FtM schema")
        return None
    properties = data.get("properties", {})
    if not isinstance(properties, dict):
        report("properties", "not an object")
        return None
    bad = not _check_properties(schema, properties, report)
    lists = {}
    for name in ("datasets", "referents"):
        values = data.get(name, [])
        if not isinstance(values, list) or _strings(values) is None:
            report(name, "not a list of strings")
            bad = True
        lists[name] = values or []
    if bad:
        return None
    try:
        proxy = model.get_proxy(
            {"id": ftm_id, "schema": schema.name, "properties": properties}, cleaned=False
        )
    except InvalidData as error:
        report("line", str(error))
        return None
    return Line(0, proxy, lists["datasets"], lists["referents"])


_BAD: Any = object()


def _decode(text: str, report: Report) -> Any:
    """One line's JSON, or _BAD after reporting why not."""
    too_deep = json_depth_problem(text)  # before json.loads, which recurses per level
    if too_deep:
        report("line", f"refused: {too_deep}")
        return _BAD
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        report("json", f"not valid JSON ({error.msg}, column {error.colno})")
        return _BAD


def read_entities(path: Path, repeats: list[str] | None = None) -> list[Line]:
    """Every entity of the file; FtmInputError lists what is wrong (up to MAX_PROBLEMS).
    An id stated again is merged into the first (FtM fragments) and said in `repeats`."""
    problems: list[str] = []
    lines: list[Line] = []
    first_seen: dict[str, Line] = {}
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise FtmInputError([f"{path}: file: {error.strerror or error}"]) from error
    with handle:
        try:
            for no, text in enumerate(handle, 1):
                if not text.strip():
                    continue

                def report(name: str, what: str, no: int = no) -> None:
                    problems.append(f"{path}:{no}: {name}: {what}")

                line = _read_line(text, no, report)
                earlier = first_seen.get(line.id) if line else None
                if line is None:
                    continue
                if earlier is None:
                    first_seen[line.id] = line
                    lines.append(line)
                else:
                    _merge(earlier, line, f"{path}:{no}", repeats, report)
        except UnicodeDecodeError as error:
            problems.append(f"{path}: file: not UTF-8 ({error.reason})")
    if problems:
        raise FtmInputError(problems[:MAX_PROBLEMS])
    return lines


def _read_line(text: str, no: int, report: Report) -> Line | None:
    """One line of the file as a Line, or None after reporting what is wrong with it."""
    data = _decode(text, report)
    line = None if data is _BAD else _check(data, report)
    if line is not None:
        line.no = no
    return line


def _merge(
    earlier: Line, line: Line, where: str, repeats: list[str] | None, report: Report
) -> None:
    """FtM streams may hold fragments of one entity: they merge, and are said."""
    if repeats is not None:
        repeats.append(
            f"{where}: id: {line.id} again (first at line {earlier.no}): merged into one entity"
        )
    try:
        earlier.proxy.merge(line.proxy)
    except InvalidData as error:
        report("schema", f"{line.id} again (line {earlier.no}), {error}")
    earlier.datasets += [d for d in line.datasets if d not in earlier.datasets]


_OUR_ID = f"({ENTITY_ID_PATTERN})|({SOURCE_ID_PATTERN})"


def read_xref(path: Path) -> dict[str, tuple[str, int]]:
    """`ftm_id,entity_id` rows -> {ftm id: (our id, line)}; a problem names line and column."""
    problems: list[str] = []
    out: dict[str, tuple[str, int]] = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or not {"ftm_id", "entity_id"} <= set(reader.fieldnames):
                raise FtmInputError([f"{path}:1: header: expected the columns ftm_id,entity_id"])
            for row in reader:
                no = reader.line_num
                ftm_id = (row.get("ftm_id") or "").strip()
                our_id = (row.get("entity_id") or "").strip()
                if not ftm_id:
                    problems.append(f"{path}:{no}: ftm_id: empty")
                elif not re.match(_OUR_ID, our_id):
                    problems.append(f"{path}:{no}: entity_id: {our_id!r} is not an entity id")
                elif ftm_id in out and out[ftm_id][0] != our_id:
                    problems.append(
                        f"{path}:{no}: ftm_id: {ftm_id} already maps to {out[ftm_id][0]} "
                        f"(line {out[ftm_id][1]})"
                    )
                else:
                    out[ftm_id] = (our_id, no)
    except OSError as error:
        raise FtmInputError([f"{path}: file: {error.strerror or error}"]) from error
    if problems:
        raise FtmInputError(problems[:MAX_PROBLEMS])
    return out
