"""Check every data file and report every problem, each with its file, line and field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from graph.schema import FACT_TYPES
from ingest import rules, yamlio
from ingest.models import DataFile, EntityIn, MentionIn, RelationIn, SourceIn, StatusIn
from ingest.repeats import Repeats

DEFAULT_DATA_DIR = Path(__file__).with_name("data")


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
    located: yamlio.Located
    # Where each valid item stood in its section (invalid ones are left out of the model).
    positions: dict[str, list[int]] = field(default_factory=dict)
    # Ids of entities defined here but invalid: known, so they don't cascade into more errors.
    broken_ids: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        return self.path.name


def data_files(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.glob("*.y*ml") if p.suffix in {".yaml", ".yml"})


def _read(path: Path, problems: list[Problem]) -> yamlio.Located | None:
    try:
        return yamlio.load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        problems.append(Problem(path.name, 1, "", f"is not UTF-8 text ({error.reason})"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        what = getattr(error, "problem", None) or str(error)
        problems.append(Problem(path.name, line, "", f"is not valid YAML: {what}"))
    return None


def parse_file(path: Path, problems: list[Problem]) -> Parsed | None:
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
    source = _item(SourceIn, data.get("source"), ("source",), name, located, problems)
    sections: dict[str, list[Any]] = {}
    positions: dict[str, list[int]] = {}
    broken_ids: set[str] = set()
    for section, item_model in SECTIONS.items():
        raw = data.get(section) or []
        if not isinstance(raw, list):
            problems.append(Problem(name, located.line_of((section,)), section, "should be a list"))
            raw = []
        # Each item on its own, so one bad entity doesn't hide the file's other problems.
        sections[section], positions[section] = [], []
        for i, entry in enumerate(raw):
            item = _item(item_model, entry, (section, i), name, located, problems)
            if item is not None:
                sections[section].append(item)
                positions[section].append(i)
            elif section == "entities" and isinstance(entry, dict):
                broken_ids.add(str(entry.get("id")))
    if source is None:
        return None
    model = DataFile.model_construct(source=source, **sections)  # type: ignore[arg-type]
    return Parsed(path, model, located, positions, broken_ids)


SECTIONS: dict[str, type[BaseModel]] = {
    "entities": EntityIn,
    "mentions": MentionIn,
    "relations": RelationIn,
    "statuses": StatusIn,
}


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


@dataclass
class _Known:
    """What every file defines, for the checks that look across files."""

    parsed: list[Parsed]
    sources: dict[str, tuple[str, int]] = field(default_factory=dict)
    published: dict[str, str | None] = field(default_factory=dict)
    entities: dict[str, rules.Defined] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)
    repeats: Repeats = field(default_factory=Repeats)


def _definitions(parsed: list[Parsed], problems: list[Problem]) -> _Known:
    known = _Known(parsed, broken=set().union(*(p.broken_ids for p in parsed)))
    for p in parsed:
        line = p.located.line_of(("source", "id"))
        sid = p.model.source.id
        if sid in known.sources:
            first = known.sources[sid]
            problems.append(
                Problem(
                    p.name,
                    line,
                    "source.id",
                    f"source {sid} is also defined in {first[0]}:{first[1]}",
                )
            )
        known.sources.setdefault(sid, (p.name, line))
        known.published.setdefault(sid, p.model.source.published)
        for i, entity in zip(p.positions["entities"], p.model.entities, strict=True):
            line = p.located.line_of(("entities", i, "id"))
            if entity.id in known.entities:
                first_def = known.entities[entity.id]
                problems.append(
                    Problem(
                        p.name,
                        line,
                        f"entities[{i}].id",
                        f"{entity.id} is already defined in {first_def.file}:{first_def.line}",
                    )
                )
            known.entities.setdefault(
                entity.id, rules.Defined(p.name, line, entity.type, entity.kind)
            )
    return known


def check_references(parsed: list[Parsed]) -> list[Problem]:
    """What no single file can see: duplicates, dangling ids, disagreeing repeats, and the
    meaning rules (ingest/rules.py) that need the entity at each end."""
    problems: list[Problem] = []
    known = _definitions(parsed, problems)
    for p in parsed:
        for section in SECTIONS:
            for i, item in zip(p.positions[section], getattr(p.model, section), strict=True):
                here = (section, i)

                def report(
                    fld: str, message: str, here: tuple[str, int] = here, p: Parsed = p
                ) -> None:
                    path = (*here, fld) if fld else here
                    problems.append(
                        Problem(p.name, p.located.line_of(path), yamlio.dotted(path), message)
                    )

                _check_item(known, p, here, item, report)
    return problems


def _check_item(
    known: _Known, p: Parsed, here: tuple[str, int], item: Any, report: rules.Report
) -> None:
    cited = item.source or p.model.source.id
    if item.source and item.source not in known.sources:
        report("source", f"cites {item.source}, which no data file defines")
    kind, _ = item.evidence
    file_kind = p.model.source.evidence
    cited_kind = file_kind if not item.source else _kind_of(known.parsed, item.source)
    if cited_kind and kind != cited_kind:
        report(
            kind,
            f"{cited} has `evidence: {cited_kind}`, so write `{cited_kind}` here, not `{kind}`",
        )
    entities, broken = known.entities, known.broken
    if isinstance(item, MentionIn) and item.id not in entities and item.id not in broken:
        report("id", f"mentions {item.id}, which no data file defines")
    if isinstance(item, EntityIn | RelationIn | StatusIn):
        rules.check_attribution(item, entities, broken, report)
    line = p.located.line_of(here)
    if isinstance(item, RelationIn):
        _check_relation(item, entities, broken, report)
        known.repeats.relation(item, cited, p.name, line, report)
        derived = rules.derived_status(item)
        if derived is not None:
            rules.check_status(derived, entities, broken, _on("status", report))
            known.repeats.status(derived, cited, p.name, line, report, made_by=item)
    if isinstance(item, StatusIn):
        rules.check_status(item, entities, broken, report)
        known.repeats.status(item, cited, p.name, line, report)
    if isinstance(item, RelationIn | StatusIn):
        rules.check_ended(item, cited, known.published, report)


def _on(fld: str, report: rules.Report) -> rules.Report:
    """Report every problem of a derived statement at one field of the item it comes from."""
    return lambda _, message: report(fld, message)


def _check_relation(
    item: RelationIn, entities: dict[str, rules.Defined], broken: set[str], report: rules.Report
) -> None:
    for end, fld in ((item.from_, "from"), (item.to, "to")):
        if end not in entities and end not in broken:
            report(fld, f"{end} is not defined in any data file")
    tail, head = entities.get(item.from_), entities.get(item.to)
    if tail and head:
        rules.check_shape(item, tail, head, report)
    rules.check_former(item, report)


def _kind_of(parsed: Iterable[Parsed], source_id: str) -> str | None:
    return next((p.model.source.evidence for p in parsed if p.model.source.id == source_id), None)


def validate(data_dir: Path = DEFAULT_DATA_DIR) -> list[Parsed]:
    """Every file, parsed and cross-checked; raises InvalidData listing all problems."""
    if not data_dir.is_dir():
        raise InvalidData([Problem(str(data_dir), 1, "", "is not a folder of data files")])
    paths = data_files(data_dir)
    if not paths:
        raise InvalidData([Problem(str(data_dir), 1, "", "holds no .yaml data files")])
    problems: list[Problem] = []
    parsed = [p for path in paths if (p := parse_file(path, problems)) is not None]
    problems.extend(check_references(parsed))
    if problems:
        raise InvalidData(problems)
    return parsed
