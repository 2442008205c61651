"""`kg validate`: every problem in small broken fixture files, with file, line and field."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph.relations import RELATION_TABLE
from graph.schema import FACT_TYPES, RelType
from ingest.models import designations
from ingest.validate import InvalidData, validate
from tests.helpers import FIXTURES, REPO, dataset

VOCABULARY = ", ".join(sorted(t.value for t in FACT_TYPES))


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
        "mt.yaml:27: mentions[0].note: source:voa-2023-11-23 has "
        "`evidence: quote`, so write `quote` here, not `note`",
        "mt.yaml:33: relations[0].valid_from: '2025-02-30' is impossible: that month has 28 days",
        "mt.yaml:35: relations[1]: valid_to 2024 is before valid_from 2025",
        "mt.yaml:41: relations[2].type: 'KNOWS' is not in the relationship vocabulary "
        f"({VOCABULARY})",
        "mt.yaml:46: relations[3].from: person:gennady-gudkov is not defined in any data file",
        "mt.yaml:52: relations[4].source: cites source:no-such-article, which no data file defines",
        "voa.yaml:31: relations[1].key: LIVES_IN:person:ilya-ponomarev->place:kyiv repeats "
        "mt.yaml:54 with another valid_from: give each statement its own `key`",
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
    extra = (
        (FIXTURES / "base" / "mt.yaml")
        .read_text()
        .replace(
            "relations:\n",
            "relations:\n  - type: LIVES_IN\n    from: person:ilya-ponomarev\n    to: place:kyiv\n"
            '    valid_to: "2025"\n    note: Still in Kyiv in 2025, by this source.\n',
        )
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
        [sys.executable, "-m", "kg.cli", "validate", "--data", str(folder)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 1
    assert "mt.yaml:46: relations[3].from: person:gennady-gudkov is not defined" in done.stderr
    assert "10 problem(s); nothing was written." in done.stderr
    assert "Traceback" not in done.stderr


# The acts a SUBJECT_OF may point at, as the vocabulary has them now.
_SUBJECT_OF_KINDS = next(
    s.head_kinds for s in RELATION_TABLE[RelType.SUBJECT_OF].shapes if s.head_kinds
)
# tests/fixtures/ingest/rules/: one breach of each rule, each with its place.
RULE_BREACHES = {
    "old_entity_status": "rules.yaml:14: entities[0].status: is no longer an entity field: "
    "write a `statuses:` entry (docs/data-format.md)",
    "attributed_to_a_place": "rules.yaml:21: entities[1].attributed_to: names whose claim it "
    "is: a Person or an Organization, but place:kyiv is a Place",
    "relation_table_head_kind": "rules.yaml:26: relations[0].to: SUBJECT_OF (was the one an "
    "act of others was directed at) from a Person goes to an Event "
    f"(of kind {', '.join(sorted(_SUBJECT_OF_KINDS))}); event:death is an Event "
    "of kind death (a death: a `dead` status, and the event ABOUT "
    "the person)",
    "relation_table_tail": "rules.yaml:29: relations[1].from: LIVES_IN (lives in) goes from a "
    "Person; org:congress-of-peoples-deputies is an Organization",
    "former_in_the_note": "rules.yaml:35: relations[2].note: says 'former' (…A former member, "
    "by this source,…) but the MEMBER_OF has no end: give `valid_to`, or "
    "`ended: true` when the source gives no date (`ended: false` if the "
    "word refers to something else)",
    "ex_in_any_role": "rules.yaml:39: relations[3].role: says 'ex-' (…ex-judge's critic…) but "
    "the OPPOSES has no end",
    "attributed_to_undefined": "rules.yaml:44: relations[4].attributed_to: org:no-such-body is "
    "not defined in any data file",
    "ended_with_valid_to": "rules.yaml:49: relations[5].ended: give `valid_to` or "
    "`ended: true`, not both",
    "designated_status_not_a_designation": "rules.yaml:56: relations[6].status: dead is not a "
    "designation; on DESIGNATED use one of " + ", ".join(designations()),
    "status_off_designated": "rules.yaml:61: relations[7].status: is allowed on DESIGNATED only",
    "status_of_the_wrong_type": "rules.yaml:65: statuses[0].status: imprisoned describes a "
    "Person; org:congress-of-peoples-deputies is an Organization",
    "status_of_an_undefined_entity": "rules.yaml:67: statuses[1].entity: person:nobody is not "
    "defined in any data file",
    "ended_by_an_undated_source": "undated.yaml:13: relations[0].ended: source:undated-fixture "
    "has `published: null`, so it cannot bound the end; give "
    "`valid_to` instead",
    "attribution_disagrees_without_key": "undated.yaml:16: statuses[0].key: "
    "status:person:ilya-ponomarev:in_exile repeats "
    "rules.yaml:70 with another attributed_to: give each "
    "statement its own `key`",
    "designated_status_written_again": "designated.yaml:17: statuses[0]: "
    "status:org:congress-of-peoples-deputies:terrorist"
    "#designated is already made by the DESIGNATED `status:` "
    "at designated.yaml:9: drop this entry",
}


@pytest.fixture(scope="module")
def rule_problems(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = dataset(tmp_path_factory.mktemp("rules"))
    for name in ("rules.yaml", "undated.yaml", "designated.yaml"):
        shutil.copy(FIXTURES / "rules" / name, folder / name)
    return problems(folder)


@pytest.mark.parametrize("rule", sorted(RULE_BREACHES))
def test_each_rule_names_file_line_and_field(rule_problems: list[str], rule: str) -> None:
    expected = RULE_BREACHES[rule]
    assert any(found.startswith(expected) for found in rule_problems), (expected, rule_problems)


def test_rule_fixture_has_no_other_problems(rule_problems: list[str]) -> None:
    """Each breach is reported once; the only extra is FOUNDED's attribution disagreeing
    with the base fixture's plain statement of it."""
    assert len(rule_problems) == len(RULE_BREACHES) + 1
    assert any(
        p.startswith(
            "voa.yaml:27: relations[0].key: FOUNDED:person:ilya-ponomarev->"
            "org:congress-of-peoples-deputies repeats rules.yaml:41 with another "
            "attributed_to"
        )
        for p in rule_problems
    )


def test_ended_false_answers_the_former_rule(tmp_path: Path) -> None:
    folder = dataset(tmp_path)
    mt = folder / "mt.yaml"
    mt.write_text(
        mt.read_text() + "    role: chairs the Congress of former deputies\n    ended: false\n"
    )
    assert len(validate(folder)) == 2
