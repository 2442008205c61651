"""Generated parts of docs/model.md: the relation table and the status vocabulary, written
from graph/relations.py and graph/schema.py between marker comments (`kg docs` rewrites
them; a unit test checks that the committed text is current)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from graph.relations import RELATION_TABLE, Shape
from graph.schema import DEFAULT_START_NOTE, EVENT_DATE_STARTS, STATUS_RULES, NodeType

MODEL_DOC = Path(__file__).resolve().parents[1] / "docs" / "model.md"


def _end(types: frozenset[NodeType], kinds: frozenset[str] | None) -> str:
    text = " \\| ".join(t.value for t in NodeType if t in types)
    if kinds is not None:
        text += f" (kind: {', '.join(sorted(kinds))})"
    return text


def _shapes(shapes: tuple[Shape, ...], side: str) -> str:
    ends = [
        _end(s.tail, s.tail_kinds) if side == "tail" else _end(s.head, s.head_kinds) for s in shapes
    ]
    return "; ".join(ends) if len(set(ends)) > 1 else ends[0]


def relation_table() -> str:
    lines = ["| type | meaning | from | to |", "| --- | --- | --- | --- |"]
    for rel_type, rule in sorted(RELATION_TABLE.items()):
        if len(rule.shapes) > 1 and len({s.tail for s in rule.shapes}) > 1:
            # Paired ends (PART_OF: an organisation of an organisation, ...): one pair a line.
            for s in rule.shapes:
                lines.append(
                    f"| `{rel_type}` | {rule.meaning} | {_end(s.tail, s.tail_kinds)} "
                    f"| {_end(s.head, s.head_kinds)} |"
                )
            continue
        lines.append(
            f"| `{rel_type}` | {rule.meaning} | {_shapes(rule.shapes, 'tail')} "
            f"| {_shapes(rule.shapes, 'head')} |"
        )
    starts = ", ".join(f"`{t}`" for t in sorted(EVENT_DATE_STARTS))
    lines += ["", f"{DEFAULT_START_NOTE} {starts}."]
    return "\n".join(lines)


def status_table() -> str:
    lines = ["| status | facet | of |", "| --- | --- | --- |"]
    for status, (facet, types) in STATUS_RULES.items():
        of = " \\| ".join(t.value for t in NodeType if t in types)
        lines.append(f"| `{status}` | {facet} | {of} |")
    return "\n".join(lines)


SECTIONS = {"relation-table": relation_table, "status-table": status_table}


def _replacement(body: str) -> Callable[[re.Match[str]], str]:
    """Keep both markers, put `body` between them (a function: `body` is not a pattern)."""

    def replace(match: re.Match[str]) -> str:
        return f"{match.group(1)}{body}\n{match.group(2)}"

    return replace


def rendered(text: str) -> str:
    """`text` with every generated section replaced by its current content."""
    for name, make in SECTIONS.items():
        pattern = re.compile(rf"(<!-- {name}:start[^\n]*-->\n).*?(<!-- {name}:end -->)", re.S)
        if not pattern.search(text):
            raise ValueError(
                f"docs/model.md has no <!-- {name}:start --> ... <!-- {name}:end --> markers"
            )
        text = pattern.sub(_replacement(make()), text)
    return text


def write_docs(path: Path = MODEL_DOC) -> list[str]:
    """Rewrite the generated sections; returns the files that changed."""
    old = path.read_text(encoding="utf-8")
    new = rendered(old)
    if new == old:
        return []
    path.write_text(new, encoding="utf-8")
    return [path.name]
