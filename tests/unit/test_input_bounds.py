"""Hostile YAML and JSON are refused before parsing, with file and line, never a crash:
anchors and aliases (an alias bomb), and nesting deeper than bounds.MAX_DEPTH."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.bounds import MAX_DEPTH, json_depth_problem
from ingest.bulk.jsonl import parse
from ingest.ftm.read import read_entities
from ingest.ftm.types import FtmInputError
from ingest.parsed import Problem
from ingest.validate import InvalidData, validate
from tests.helpers import REPO

GOOD = """source:
  id: source:a
  title: A
  publisher: P
  url: https://example.org/a
  published: 2024-01-01
  evidence: quote
"""
# Ten levels, each a list of nine of the one before: 9**10 strings once expanded.
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
    for p, c in zip("abcdefghi", "bcdefghij", strict=True)
)


def problems(folder: Path) -> list[str]:
    with pytest.raises(InvalidData) as caught:
        validate(folder)
    return [str(p) for p in caught.value.problems]


def folder_with(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.yaml").write_text(text, encoding="utf-8")
    return folder


def test_an_alias_bomb_is_refused_at_its_line(tmp_path: Path) -> None:
    found = problems(
        folder_with(tmp_path, GOOD + "x:\n" + "\n".join("  " + ln for ln in BOMB.splitlines()))
    )
    assert found == [
        "a.yaml:9: is refused: YAML anchors and aliases (& and *) are not part of the data "
        "format; write it out"
    ]


def test_a_single_anchor_is_refused_too(tmp_path: Path) -> None:
    text = GOOD + "entities:\n  - &p {id: person:a, type: Person, name: A, quote: q}\n"
    assert problems(folder_with(tmp_path, text))[0].startswith("a.yaml:9: is refused: YAML anchors")


def test_a_deep_mapping_is_refused_with_its_line(tmp_path: Path) -> None:
    deep = "".join(f"{'  ' * i}k{i}:\n" for i in range(3000)) + "  " * 3000 + "end\n"
    found = problems(folder_with(tmp_path, GOOD + deep))
    assert found == [f"a.yaml:{8 + MAX_DEPTH}: is refused: nested deeper than {MAX_DEPTH} levels "
                     "of lists and mappings"]  # fmt: skip


def test_fifty_thousand_brackets_do_not_crash_kg_validate(tmp_path: Path) -> None:
    """libyaml's composer overflowed the C stack here (exit 139); a subprocess, so a crash
    fails the test instead of ending the run. The memory cap keeps a regression cheap."""
    folder = folder_with(tmp_path, GOOD + "entities: " + "[" * 50_000 + "\n")
    cap = 1 << 31

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "validate", "--data", str(folder)],
        capture_output=True, text=True, cwd=REPO, timeout=120, preexec_fn=limit, check=False,
    )  # fmt: skip
    assert done.returncode == 1, (done.returncode, done.stderr[-500:])
    assert f"a.yaml:8: is refused: nested deeper than {MAX_DEPTH} levels" in done.stderr
    assert "unexpected" not in done.stderr


def test_kg_validate_of_an_alias_bomb_stays_small(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, GOOD + "x:\n" + "\n".join("  " + ln for ln in BOMB.splitlines()))
    cap = 1 << 30  # the bomb ran to 3.8 GB

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "validate", "--data", str(folder)],
        capture_output=True, text=True, cwd=REPO, timeout=120, preexec_fn=limit, check=False,
    )  # fmt: skip
    assert done.returncode == 1 and "a.yaml:9: is refused: YAML anchors" in done.stderr


def test_deep_json_lines_are_refused_with_file_and_line(tmp_path: Path) -> None:
    found: list[Problem] = []
    assert parse(b"[" * 100_000 + b"]" * 100_000, "entities.jsonl", 7, found) is None
    assert [str(p) for p in found] == [
        f"entities.jsonl:7: is refused: nested deeper than {MAX_DEPTH} levels of lists and mappings"
    ]
    ftm = tmp_path / "deep.ftm.json"
    ftm.write_text('{"id": "x", "schema": "Person"}\n' + '{"a":' * 5000 + "1" + "}" * 5000 + "\n")
    with pytest.raises(FtmInputError) as caught:
        read_entities(ftm)
    assert caught.value.problems == [
        f"{ftm}:2: line: refused: nested deeper than {MAX_DEPTH} levels of lists and mappings"
    ]


def test_brackets_inside_strings_do_not_count() -> None:
    text = '{"name": "' + "[{" * 500 + '\\"]"}'
    assert json_depth_problem(text) is None
    assert json_depth_problem("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)) is not None
    assert json_depth_problem("[" * MAX_DEPTH + "]" * MAX_DEPTH) is None
