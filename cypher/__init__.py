"""Named Cypher queries, read from this package's `.cypher` files and cached.

`load("api/entity/relations")` is the text of `cypher/api/entity/relations.cypher`;
`query(name)` the same with its header and its body (the text without the header), for the
Browser guide and links; `names(folder)` every name under a folder (the ingest applies
`names("schema")` in order). An unknown name raises UnknownQuery.

Each file starts with a `//` header that says what the query does and which parameters it
takes. The API, the ingest, the tests, the benchmarks and the Browser guide all read these same
files.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import LiteralString


class UnknownQuery(LookupError):
    """No .cypher file has that name."""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    header: str  # the leading // comment, without the slashes
    text: LiteralString  # the whole file, header included (Cypher accepts // comments)

    @property
    def body(self) -> str:
        """The query without its `//` header (for the Browser, where the header is shown
        as a caption or would be typed into the editor)."""
        lines = self.text.splitlines()
        while lines and lines[0].startswith("//"):
            lines.pop(0)
        return "\n".join(lines).strip()


def _path(name: str) -> resources.abc.Traversable:
    node = resources.files(__package__)
    *folders, stem = name.split("/")
    for part in folders:
        node = node / part
    return node / f"{stem}.cypher"


@cache
def query(name: str) -> NamedQuery:
    if not name or ".." in name or name.startswith("/"):
        raise UnknownQuery(f"not a query name: {name!r}")
    path = _path(name)
    if not path.is_file():
        raise UnknownQuery(f"no query named {name!r} (expected cypher/{name}.cypher)")
    text = path.read_text(encoding="utf-8")
    header_lines = []
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        header_lines.append(line[2:].strip())
    # The files are part of the package, never built from input: their text is literal Cypher.
    return NamedQuery(name=name, header="\n".join(header_lines), text=text)


def load(name: str) -> LiteralString:
    """The text of the named query."""
    return query(name).text


def names(folder: str = "") -> list[str]:
    """Every query name, optionally only those under one folder (e.g. "schema")."""
    root = resources.files(__package__)
    found: list[str] = []

    def walk(node: resources.abc.Traversable, prefix: str) -> None:
        for child in node.iterdir():
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith(".cypher"):
                found.append(prefix + child.name.removesuffix(".cypher"))

    start = root
    prefix = ""
    if folder:
        for part in folder.split("/"):
            start = start / part
        prefix = folder.rstrip("/") + "/"
    if start.is_dir():
        walk(start, prefix)
    return sorted(found)
