"""Bounds on hostile input, checked before any parser builds anything from it.

PyYAML's composers and Python's `json` recurse once per nesting level: thousands of levels
end in a RecursionError, tens of thousands crash the process (libyaml's composer overflows
the C stack). A YAML alias repeats a whole subtree, so ten levels of aliases make billions
of values. The data formats need neither deep nesting nor anchors, so both are refused
here, with the line, by a pass that keeps only a counter.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

# Levels of lists and mappings. The formats use 4 (a file, a section, an item, a list);
# FtM lines 3. Far below where any parser recurses too deep (about 1,000).
MAX_DEPTH = 64


class Refused(ValueError):
    """The text is refused before parsing; `line` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line, self.message = line, message


_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_NO_ANCHORS = "YAML anchors and aliases (& and *) are not part of the data format; write it out"


def check_yaml(text: str, max_depth: int = MAX_DEPTH) -> None:
    """Raise Refused at the first anchor, alias, or level deeper than `max_depth`.

    libyaml's event parser keeps its own stack (no recursion). Bad syntax is left to the
    loaders, which report it with their own messages.
    """
    loader = yaml.CSafeLoader(text)
    depth = 0
    try:
        while loader.check_event():
            event: Any = loader.get_event()
            kind = event.__class__
            if kind is yaml.ScalarEvent:
                if event.anchor is not None:
                    raise Refused(event.start_mark.line + 1, _NO_ANCHORS)
            elif kind is yaml.AliasEvent:
                raise Refused(event.start_mark.line + 1, _NO_ANCHORS)
            elif kind in _OPEN:
                depth += 1
                if event.anchor is not None:
                    raise Refused(event.start_mark.line + 1, _NO_ANCHORS)
                if depth > max_depth:
                    raise Refused(event.start_mark.line + 1, _too_deep(max_depth))
            elif kind in _CLOSE:
                depth -= 1
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth_problem(raw: str | bytes, max_depth: int = MAX_DEPTH) -> str | None:
    """What is wrong if one JSON text nests deeper than `max_depth`, else None.

    A text with fewer brackets than the limit cannot be too deep: that costs two counts in
    C, so ordinary lines are never scanned.
    """
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if data.count(b"[") + data.count(b"{") <= max_depth:
        return None
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub(b"", data)):
        depth += 1 if match.group() in (b"[", b"{") else -1
        if depth > max_depth:
            return _too_deep(max_depth)
    return None


def _too_deep(max_depth: int) -> str:
    return f"nested deeper than {max_depth} levels of lists and mappings"
