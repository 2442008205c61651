"""Validation rules one at a time: tiny data files, each with one thing wrong.

Each problem must name its file, line and field; tests/test_validate.py checks the wording
of many problems at once and the `kg validate` command.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.validate import InvalidData, Problem, validate
from tests.helpers import dataset

# Items appended to the base fixture's mt.yaml: its 2nd entity starts on line 14, its 3rd
# relation on line 28.
LEADS = "  - type: LEADS\n    from: person:ilya-ponomarev\n    to: org:supreme-court-of-russia\n"
LIVES_IN = (
    "  - type: LIVES_IN\n    from: person:ilya-ponomarev\n    to: org:supreme-court-of-russia\n"
)
MISTYPED_ID = "  - id: org:ilya-someone\n    type: Person\n    name: Ilya Someone\n"


def with_items(tmp_path: Path, entities: str = "", relations: str = "") -> Path:
    """The base fixture with YAML items added to mt.yaml's entities and relations."""
    folder = dataset(tmp_path)
    mt = folder / "mt.yaml"
    text = mt.read_text(encoding="utf-8").replace("mentions:\n", entities + "mentions:\n", 1)
    mt.write_text(text + relations, encoding="utf-8")
    return folder


def only_problem(folder: Path) -> Problem:
    with pytest.raises(InvalidData) as caught:
        validate(folder)
    assert len(caught.value.problems) == 1, [str(p) for p in caught.value.problems]
    return caught.value.problems[0]


def test_a_tiny_valid_file_parses_to_the_model(tmp_path: Path) -> None:
    folder = with_items(tmp_path, relations=LEADS + "    valid_from: '2023-07'\n    note: x.\n")
    mt = next(p for p in validate(folder) if p.name == "mt.yaml")
    added = mt.model.relations[-1]
    assert (added.type, added.from_, added.valid_from) == (
        "LEADS",
        "person:ilya-ponomarev",
        "2023-07",
    )


def test_an_id_must_fit_its_type(tmp_path: Path) -> None:
    found = only_problem(with_items(tmp_path, entities=MISTYPED_ID + "    note: x.\n"))
    assert (found.file, found.line, found.field) == ("mt.yaml", 14, "entities[1]")
    assert "person:" in found.message


def test_a_relation_must_reach_the_right_type_of_node(tmp_path: Path) -> None:
    found = only_problem(with_items(tmp_path, relations=LIVES_IN + "    note: x.\n"))
    assert (found.file, found.line, found.field) == ("mt.yaml", 30, "relations[2].to")
    assert "Place" in found.message


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ("    quote: a\n    note: b\n", "exactly one of `quote`"),
        (
            "    valid_from: '2023-07'\n    valid_to: '2023-06'\n    note: b\n",
            "valid_to 2023-06 is before valid_from 2023-07",
        ),
    ],
)
def test_a_relation_is_checked_as_a_whole(tmp_path: Path, extra: str, says: str) -> None:
    found = only_problem(with_items(tmp_path, relations=LEADS + extra))
    assert (found.file, found.line, found.field) == ("mt.yaml", 28, "relations[2]")
    assert says in found.message
