"""Read a YAML data file into plain Python, remembering the line of every field.

Dates stay strings (the models parse them), and a key given twice in one mapping is an
error rather than PyYAML's silent "last one wins".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: `2023-11-23` stays the string it reads as."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Located:
    """A parsed document and the 1-based line of each field path in it."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # line, field, message

    def line_of(self, path: Path_) -> int:
        """The line of the deepest known part of `path`."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


def load(text: str) -> Located:
    """Parse one YAML document; raises yaml.YAMLError (with a mark) on bad syntax."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        located = Located(data=None)
        if node is not None:
            located.data = _build(loader, node, (), located)
        return located
    finally:
        loader.dispose()


def _build(loader: _Loader, node: yaml.Node, path: Path_, out: Located) -> Any:
    out.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in result:
                out.problems.append((line, _dotted((*path, key)), "this key is given twice"))
            out.lines[(*path, key)] = line
            result[key] = _build(loader, value_node, (*path, key), out)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), out) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def _dotted(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


dotted = _dotted
