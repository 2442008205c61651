"""Read a YAML data file into plain Python, remembering the line of every field.

Dates stay strings (the models parse them), and a key given twice in one mapping is an
error rather than PyYAML's silent "last one wins".

Two readers give the same data: `load` (pure-Python PyYAML, a line for every field, its
error messages) and `load_plain` (libyaml, no lines, about ten times faster). Validation
reads every file with `load_plain` and reads a file again with `load` only to say where
its problems are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ingest.bounds import Refused, check_yaml

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


class NeedsLines(Exception):
    """`load_plain` cannot read this text as `load` would: read it with `load`."""


_STR = "tag:yaml.org,2002:str"


class _FastLoader(yaml.CSafeLoader):
    """libyaml's parser with `_Loader`'s resolvers, called on every node: kept short (no path
    resolvers exist, so only a plain scalar needs the implicit ones)."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                if regexp.match(value):
                    return str(tag)
            return _STR
        return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
assert not _FastLoader.yaml_path_resolvers and None not in _Loader.yaml_implicit_resolvers


def load_plain(text: str) -> Any:
    """What `load(text).data` is, without lines; raises NeedsLines where `load` would report
    a problem (bad syntax, a repeated key), or on a tab (where libyaml and PyYAML differ)."""
    if "\t" in text:
        raise NeedsLines
    try:
        check_yaml(text)  # before libyaml's composer, which recurses (and can crash)
    except Refused as refused:
        raise NeedsLines from refused
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _plain(loader, node)
    except Exception as error:  # whatever it is, `load` reports it (or fails) as before
        raise NeedsLines from error
    finally:
        loader.dispose()


def _plain(loader: _FastLoader, node: yaml.Node) -> Any:
    """As `_build`, without lines; a str scalar (nearly all of them) is its own value."""
    kind = type(node)
    if kind is yaml.ScalarNode and node.tag == _STR:
        return node.value
    if kind is yaml.MappingNode:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is yaml.ScalarNode and key_node.tag == _STR:
                key = key_node.value
            else:
                key = loader.construct_object(key_node, deep=True)
            if key in result:
                raise NeedsLines
            result[key] = _plain(loader, value_node)
        return result
    if kind is yaml.SequenceNode:
        return [_plain(loader, item) for item in node.value]
    return loader.construct_object(node, deep=True)


def load(text: str) -> Located:
    """Parse one YAML document; raises yaml.YAMLError (with a mark) on bad syntax, and
    bounds.Refused (with a line) on anchors, aliases or nesting deeper than the bound."""
    check_yaml(text)
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
