"""The import graph of our packages: no cycle between modules, and only the allowed arrows
between packages (kg above api, ingest and newsroom; graph below them all; cypher for all).
Every import counts: inside functions and under TYPE_CHECKING too."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("graph", "api", "ingest", "kg", "newsroom")
SHARED = "cypher"  # the query files: imported by all
ALLOWED = {
    "kg": {"api", "ingest", "newsroom", "graph"},
    "api": {"newsroom", "graph"},
    "ingest": {"graph"},
    "newsroom": {"graph"},
    "graph": set(),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    found = {}
    for package in (*PACKAGES, SHARED):
        for path in sorted((REPO / package).rglob("*.py")):
            found[module_name(path)] = path
    return found


def resolve(name: str) -> str | None:
    """The module of ours that `name` (a module, or a name in one) is, if any."""
    known = modules()
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imported(module: str) -> set[str]:
    """Modules of ours that `module` imports, anywhere in its body."""
    path = modules()[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from a import b` names the module a.b if there is one, else a name in a.
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules() else base
                for alias in node.names
            ]
        for name in names:
            target = resolve(name)
            if target is not None and target != module:
                found.add(target)
    return found


@cache
def graph() -> dict[str, frozenset[str]]:
    return {module: frozenset(imported(module)) for module in modules()}


def top(module: str) -> str:
    return module.partition(".")[0]


def test_modules_are_found() -> None:
    assert {"graph.schema", "kg.cli", "api.main", "ingest.pipeline", "newsroom.gateway"} <= set(
        modules()
    )
    assert "graph.schema" in graph()["ingest.pipeline"] or any(
        top(m) == "graph" for m in graph()["ingest.pipeline"]
    )


def cycles() -> list[list[str]]:
    """One chain per cycle found (depth first, each back edge closes one)."""
    edges, found = graph(), []
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                found.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module)
    return found


def test_no_import_cycle_between_modules() -> None:
    found = cycles()
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_packages_import_only_downwards() -> None:
    wrong = []
    for module, targets in graph().items():
        source = top(module)
        if source == SHARED:
            continue
        for target in sorted(targets):
            to = top(target)
            if to not in (source, SHARED) and to not in ALLOWED[source]:
                wrong.append(f"{module} -> {target} ({source} may not import {to})")
    assert not wrong, "imports against the package order:\n" + "\n".join(wrong)
