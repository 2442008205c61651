"""Check every data file and report every problem, each with its file, line and field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from graph.schema import FACT_TYPES, NodeType, RelType
from ingest import yamlio
from ingest.models import DataFile, EntityIn, MentionIn, RelationIn, SourceIn

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


# Relationship types whose target must be of one node type.
TARGET_TYPES: dict[RelType, set[NodeType]] = {
    RelType.FACT_CHECKED: {NodeType.CLAIM},
    RelType.MADE: {NodeType.CLAIM, NodeType.EVENT},
    RelType.IMPRISONED_IN: {NodeType.PLACE},
    RelType.LIVES_IN: {NodeType.PLACE},
    RelType.BASED_IN: {NodeType.PLACE},
    RelType.LOCATED_IN: {NodeType.PLACE},
    RelType.SUBJECT_OF: {NodeType.EVENT},
    RelType.PARTICIPATED_IN: {NodeType.EVENT},
}


def data_files(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.glob("*.y*ml") if p.suffix in {".yaml", ".yml"})


def parse_file(path: Path, problems: list[Problem]) -> Parsed | None:
    name = path.name
    try:
        located = yamlio.load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        problems.append(Problem(name, 1, "", f"is not UTF-8 text ({error.reason})"))
        return None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        what = getattr(error, "problem", None) or str(error)
        problems.append(Problem(name, line, "", f"is not valid YAML: {what}"))
        return None
    problems.extend(Problem(name, line, fld, msg) for line, fld, msg in located.problems)
    data = located.data
    if not isinstance(data, dict):
        problems.append(Problem(name, 1, "", "should be a mapping with `source`, `entities`, "
                                             "`mentions` and `relations`"))
        return None
    for key in data:
        if key not in ("source", *SECTIONS):
            problems.append(Problem(name, located.line_of((key,)), str(key),
                                    "is not a known section (source, entities, mentions, "
                                    "relations)"))
    if "source" not in data:
        problems.append(Problem(name, 1, "source", "is required"))
    source = _item(SourceIn, data.get("source"), ("source",), name, located, problems)
    sections: dict[str, list[Any]] = {}
    positions: dict[str, list[int]] = {}
    broken_ids: set[str] = set()
    for section, model in SECTIONS.items():
        raw = data.get(section) or []
        if not isinstance(raw, list):
            problems.append(Problem(name, located.line_of((section,)), section,
                                    "should be a list"))
            raw = []
        # Each item on its own, so one bad entity doesn't hide the file's other problems.
        sections[section], positions[section] = [], []
        for i, entry in enumerate(raw):
            item = _item(model, entry, (section, i), name, located, problems)
            if item is not None:
                sections[section].append(item)
                positions[section].append(i)
            elif section == "entities" and isinstance(entry, dict):
                broken_ids.add(str(entry.get("id")))
    if source is None:
        return None
    model = DataFile.model_construct(source=source, **sections)
    return Parsed(path, model, located, positions, broken_ids)


SECTIONS: dict[str, type[BaseModel]] = {
    "entities": EntityIn, "mentions": MentionIn, "relations": RelationIn,
}


def _item(model: type[BaseModel], entry: Any, prefix: tuple[str | int, ...], name: str,
          located: yamlio.Located, problems: list[Problem]) -> Any:
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


def _sentence(item: Any, loc: tuple[Any, ...]) -> str:
    kind, msg = item["type"], item["msg"]
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
    return msg.removeprefix("Value error, ")


def check_references(parsed: list[Parsed]) -> list[Problem]:
    """What no single file can see: duplicates, dangling ids, disagreeing repeats."""
    problems: list[Problem] = []
    sources: dict[str, tuple[str, int]] = {}
    entities: dict[str, tuple[str, int, NodeType]] = {}
    broken = set().union(*(p.broken_ids for p in parsed))
    for p in parsed:
        line = p.located.line_of(("source", "id"))
        sid = p.model.source.id
        if sid in sources:
            first = sources[sid]
            problems.append(Problem(p.name, line, "source.id",
                                    f"source {sid} is also defined in {first[0]}:{first[1]}"))
        sources.setdefault(sid, (p.name, line))
        for i, entity in zip(p.positions["entities"], p.model.entities, strict=True):
            line = p.located.line_of(("entities", i, "id"))
            if entity.id in entities:
                first_file, first_line, _ = entities[entity.id]
                problems.append(Problem(p.name, line, f"entities[{i}].id",
                                        f"{entity.id} is already defined in "
                                        f"{first_file}:{first_line}"))
            entities.setdefault(entity.id, (p.name, line, entity.type))

    facts: dict[str, tuple[str, int, RelationIn, str]] = {}
    for p in parsed:
        file_kind = p.model.source.evidence
        for section, items in (("entities", p.model.entities), ("mentions", p.model.mentions),
                               ("relations", p.model.relations)):
            for i, item in zip(p.positions[section], items, strict=True):
                here = (section, i)

                def report(fld: str, message: str, here: tuple[str, int] = here,
                           p: Parsed = p) -> None:
                    path = (*here, fld) if fld else here
                    problems.append(Problem(p.name, p.located.line_of(path),
                                            yamlio.dotted(path), message))

                cited = item.source or p.model.source.id
                if item.source and item.source not in sources:
                    report("source", f"cites {item.source}, which no data file defines")
                kind, _ = item.evidence
                cited_kind = file_kind if not item.source else _kind_of(parsed, item.source)
                if cited_kind and kind != cited_kind:
                    report(kind, f"{cited} has `evidence: {cited_kind}`, so write `{cited_kind}`"
                                 f" here, not `{kind}`")
                if section == "mentions" and item.id not in entities and item.id not in broken:
                    report("id", f"mentions {item.id}, which no data file defines")
                if section == "relations":
                    assert isinstance(item, RelationIn)
                    for end, fld in ((item.from_, "from"), (item.to, "to")):
                        if end not in entities and end not in broken:
                            report(fld, f"{end} is not defined in any data file")
                    wanted = TARGET_TYPES.get(item.type)
                    target = entities.get(item.to)
                    if wanted and target and target[2] not in wanted:
                        names = " or ".join(sorted(wanted))
                        report("to", f"{item.type} points to a {names}, not a {target[2]}")
                    _check_repeat(item, cited, p, i, facts, report)
    return problems


def _kind_of(parsed: Iterable[Parsed], source_id: str) -> str | None:
    return next((p.model.source.evidence for p in parsed if p.model.source.id == source_id), None)


def _check_repeat(item: RelationIn, cited: str, p: Parsed, i: int,
                  facts: dict[str, tuple[str, int, RelationIn, str]], report: Any) -> None:
    """A statement repeated by another source must agree; disagreements need their own key."""
    line = p.located.line_of(("relations", i))
    if item.fact_id not in facts:
        facts[item.fact_id] = (p.name, line, item, cited)
        return
    first_file, first_line, first, first_cited = facts[item.fact_id]
    if first_cited == cited:
        report("", f"{item.fact_id} is stated twice by {cited} (also {first_file}:{first_line})")
        return
    # Repeats may complement each other (one source gives the start, another the end);
    # only two different values for one field are a disagreement.
    differ = [f for f in MERGED_FIELDS if _conflict(getattr(first, f), getattr(item, f))]
    differ += [f"figures.{k}" for k in sorted(set(first.figures) & set(item.figures))
               if first.figures[k] != item.figures[k]]
    if differ:
        report("key", f"{item.fact_id} repeats {first_file}:{first_line} with another "
                      f"{' and '.join(differ)}: give each statement its own `key`")


MERGED_FIELDS = ("role", "verdict", "valid_from", "valid_to")


def _conflict(a: object, b: object) -> bool:
    return a is not None and b is not None and a != b


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
