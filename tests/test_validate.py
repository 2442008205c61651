"""`kg validate`: every problem in small broken fixture files, with file, line and field."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.validate import InvalidData, validate

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
REPO = Path(__file__).resolve().parents[1]


def dataset(tmp_path: Path, *broken: str) -> Path:
    """The base fixture, with broken files added or swapped in by name."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURES / "base", folder)
    for name in broken:
        shutil.copy(FIXTURES / "broken" / name, folder / name)
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(InvalidData) as caught:
        validate(folder)
    return [str(p) for p in caught.value.problems]


def test_base_fixture_is_valid(tmp_path: Path) -> None:
    parsed = validate(dataset(tmp_path))
    assert [p.name for p in parsed] == ["mt.yaml", "voa.yaml"]


def test_every_problem_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    found = problems(dataset(tmp_path, "mt.yaml"))
    assert found == [
        "mt.yaml:14: entities[0].nickname: is not a known field (see docs/data-format.md)",
        "mt.yaml:18: entities[1].name: is empty",
        "mt.yaml:22: entities[2].name: Input should be a valid string",
        "mt.yaml:26: mentions[0].quote: source:moscowtimes-2025-12-08-congress-terrorist has "
        "`evidence: note`, so write `note` here, not `quote`",
        "mt.yaml:32: relations[0].valid_from: '2025-02-30' is impossible: that month has 28 days",
        "mt.yaml:34: relations[1]: valid_to 2024 is before valid_from 2025",
        "mt.yaml:40: relations[2].type: 'KNOWS' is not in the relationship vocabulary "
        "(ABOUT, ALLIED_WITH, BASED_IN, DESIGNATED, FACT_CHECKED, FOUNDED, IMPRISONED_IN, "
        "LEADS, LIVES_IN, LOCATED_IN, MADE, MEMBER_OF, OPPOSES, ORGANIZED, PARTICIPATED_IN, "
        "PART_OF, PUBLISHED_ON, RELATIVE_OF, REPORTED, SENTENCED, SPOKE_TO, SUBJECT_OF, "
        "SUPPORTS, WORKS_FOR)",
        "mt.yaml:45: relations[3].from: person:gennady-gudkov is not defined in any data file",
        "mt.yaml:51: relations[4].source: cites source:no-such-article, which no data file "
        "defines",
        "voa.yaml:31: relations[1].key: LIVES_IN:person:ilya-ponomarev->place:kyiv repeats "
        "mt.yaml:53 with another valid_from: give each statement its own `key`",
    ]


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    found = problems(dataset(tmp_path, "duplicate.yaml"))
    assert found == [
        "voa.yaml:3: source.id: source source:voa-2023-11-23 is also defined in duplicate.yaml:2",
        "voa.yaml:21: entities[2].id: place:kyiv is already defined in duplicate.yaml:9",
    ]


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    found = problems(dataset(tmp_path, "syntax.yaml"))
    assert len(found) == 1
    assert found[0].startswith("syntax.yaml:4: is not valid YAML")


def test_repeats_that_complement_each_other_merge(tmp_path: Path) -> None:
    """One source gives the start, another the end: not a disagreement."""
    folder = dataset(tmp_path)
    extra = (FIXTURES / "base" / "mt.yaml").read_text().replace(
        "relations:\n",
        "relations:\n  - type: LIVES_IN\n    from: person:ilya-ponomarev\n    to: place:kyiv\n"
        '    valid_to: "2025"\n    note: Still in Kyiv in 2025, by this source.\n',
    )
    (folder / "mt.yaml").write_text(extra)
    assert len(validate(folder)) == 2


def test_the_curated_dataset_is_valid() -> None:
    parsed = validate()
    assert len(parsed) >= 17
    assert any(p.model.source.id == "source:voa-2023-11-23" for p in parsed)


def test_cli_validate_prints_problems_and_exits_non_zero(tmp_path: Path) -> None:
    folder = dataset(tmp_path, "mt.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "ingest.cli", "validate", "--data", str(folder)],
        capture_output=True, text=True, cwd=REPO, check=False,
    )
    assert done.returncode == 1
    assert "mt.yaml:45: relations[3].from: person:gennady-gudkov is not defined" in done.stderr
    assert "10 problem(s); nothing was written." in done.stderr
    assert "Traceback" not in done.stderr
