"""Bulk load CSV output and duplicate statements without Neo4j: awkward values written and
read back, groups and fixups; statements stated twice found (and hash clashes dismissed)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from ingest.bulk import csvout, dupes
from ingest.bulk.csvout import ARRAY_DELIMITER as SEP
from ingest.bulk.work import Facts
from ingest.models import RelationIn
from ingest.parsed import Problem


def _read(part: csvout.Part) -> tuple[list[str], list[list[str]]]:
    with part.path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return csvout.header(part.table, part.extras), rows


def _by_name(part: csvout.Part, row: list[str]) -> dict[str, str]:
    head, _ = _read(part)
    return {h.split(":")[0] or h: v for h, v in zip(head, row, strict=True)}


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        ("a,b", "string", "a,b"),
        (True, "boolean", "true"),
        (False, "boolean", "false"),
        (25, "long", "25"),
        (0.1, "double", "0.1"),
        (float("nan"), "double", "NaN"),
        (float("inf"), "double", "Infinity"),
        (float("-inf"), "double", "-Infinity"),
        (dt.date(2022, 3, 1), "date", "2022-03-01"),
        (["a", "b,c"], "string[]", f"a{SEP}b,c"),
    ],
)
def test_type_and_encoding_of_each_value(value: Any, kind: str, text: str) -> None:
    assert csvout.type_of(value) == kind
    assert csvout.encode(value) == text


def test_values_without_a_csv_type_or_with_the_delimiter_are_refused() -> None:
    with pytest.raises(TypeError):
        csvout.type_of([1, 2])
    with pytest.raises(TypeError):
        csvout.type_of({"a": 1})
    with pytest.raises(csvout.ListDelimiterInText):
        csvout.encode(["ok", f"bad{SEP}item"])


def test_header_and_group_name() -> None:
    head = csvout.header("sources", ())
    assert head[:3] == [":ID(Source)", "id", "title"]
    assert "published_start:date" in head
    extras = (("sentence_years", "long"), ("title", "string[]"))
    head = csvout.header("sources", extras)
    assert head[-2:] == ["sentence_years:long", "title:string[]"]
    assert "title" not in head  # a fixed column of another type moves to the extras
    assert csvout.group_name("sources", ()) == "sources"
    assert csvout.group_name("sources", extras).startswith("sources-")
    assert csvout.group_name("sources", extras) != csvout.group_name("sources", extras[:1])


def test_awkward_strings_survive_a_round_trip(tmp_path: Path) -> None:
    sink = csvout.Sink(tmp_path, "t0")
    title = 'He said "no", then; left\ttab ¶ «Кремль»'
    sink.write(
        "sources", {"id": "source:s", "props": {"id": "source:s", "title": title, "url": None}}
    )
    (part,) = sink.close()
    assert part.group == csvout.group_name("sources", part.extras) and not part.multiline
    _, rows = _read(part)
    (row,) = rows
    values = _by_name(part, row)
    assert values["title"] == title and values["url"] == ""  # None: no property
    assert values["bulk_load"] == "true" and values[":ID(Source)"] == "source:s"
    assert part.extras == (("bulk_load", "boolean"),)  # not a fixed column: a group of its own


def test_line_breaks_go_to_a_multiline_part(tmp_path: Path) -> None:
    sink = csvout.Sink(tmp_path, "t1")
    titles = [("source:a", "one line"), ("source:b", "two\nlines"), ("source:c", "x\r\ny")]
    for sid, title in titles:
        sink.write("sources", {"id": sid, "props": {"id": sid, "title": title}})
    parts = sorted(sink.close(), key=lambda p: p.multiline)
    assert [p.multiline for p in parts] == [False, True]
    assert parts[1].path.name.endswith("-ml-t1.csv")
    assert [_by_name(parts[1], r)["title"] for r in _read(parts[1])[1]] == ["two\nlines", "x\r\ny"]
    assert sink.counts == {"Source": 3}


def test_entities_carry_their_labels_and_lists(tmp_path: Path) -> None:
    sink = csvout.Sink(tmp_path, "t2")
    props = {"id": "person:a", "name": "A", "aliases": ["x", "y, z"], "search_keys": ["a"]}
    sink.write("entities", {"id": "person:a", "label": "Person", "props": props})
    (part,) = sink.close()
    values = _by_name(part, _read(part)[1][0])
    assert values[":LABEL"] == f"Entity{SEP}Person"
    assert values["aliases"].split(SEP) == ["x", "y, z"]
    assert sink.counts == {"Person": 1} and sink.fixups == []


def test_empty_lists_and_strings_become_fixups(tmp_path: Path) -> None:
    sink = csvout.Sink(tmp_path, "t3")
    props = {"id": "person:a", "name": "A", "aliases": [], "description": ""}
    sink.write("entities", {"id": "person:a", "label": "Person", "props": props})
    rel = {"id": "LEADS:person:a->org:b", "role": "", "sources": ["source:s"]}
    sink.write("facts", {"from": "person:a", "to": "org:b", "type": "LEADS", "props": rel})
    sink.close()
    assert sink.fixups == [
        csvout.Fixup("entities", "person:a", None, {"aliases": [], "description": ""}),
        csvout.Fixup("facts", "LEADS:person:a->org:b", "person:a", {"role": ""}),
    ]
    assert sink.counts == {"Person": 1, "LEADS": 1}


def test_extra_properties_make_a_group_of_their_own(tmp_path: Path) -> None:
    sink = csvout.Sink(tmp_path, "t4")
    base = {"id": "s1", "entity": "person:a", "status": "imprisoned"}
    sink.write("statuses", {"id": "s1", "props": base})
    sink.write("statuses", {"id": "s2", "props": {**base, "id": "s2", "sentence_years": 8.5}})
    plain, extra = sink.close()
    assert plain.group != extra.group
    assert ("sentence_years", "double") in extra.extras
    assert _by_name(extra, _read(extra)[1][0])["sentence_years"] == "8.5"


def test_a_fixed_property_of_another_type_moves_to_the_extras(tmp_path: Path) -> None:
    sink = csvout.Sink(tmp_path, "t7")
    sink.write("sources", {"id": "s1", "props": {"id": "s1", "title": ["a", "b"]}})
    (part,) = sink.close()
    assert ("title", "string[]") in part.extras
    assert _by_name(part, _read(part)[1][0])["title"] == f"a{SEP}b"


def test_a_lone_carriage_return_marks_the_part_multiline(tmp_path: Path) -> None:
    sink = csvout.Sink(tmp_path, "t8")
    sink.write("sources", {"id": "s1", "props": {"id": "s1", "title": "cr\rhere"}})
    (part,) = sink.close()
    assert part.multiline


def test_has_status_is_not_marked_as_a_bulk_load(tmp_path: Path) -> None:
    sink = csvout.Sink(tmp_path, "t5")
    row = {"from": "person:a", "to": "s1", "type": "HAS_STATUS", "props": {"id": "h1"}}
    sink.write("has_status", row)
    (part,) = sink.close()
    assert part.extras == () and "bulk_load" not in _by_name(part, _read(part)[1][0])


def test_a_list_item_holding_the_delimiter_is_refused(tmp_path: Path) -> None:
    sink = csvout.Sink(tmp_path, "t6")
    props = {"id": "person:a", "name": "A", "aliases": [f"a{SEP}b"]}
    with pytest.raises(csvout.ListDelimiterInText):
        sink.write("entities", {"id": "person:a", "label": "Person", "props": props})
    sink.close()


# ---------------------------------------------------------------- duplicates
LEADS = {"type": "LEADS", "from": "person:a", "to": "org:b", "quote": "q"}
DESIGNATED = {
    "type": "DESIGNATED",
    "from": "org:moj",
    "to": "person:a",
    "status": "foreign_agent",
    "note": "n",
}
STATUS = {"entity": "person:a", "status": "foreign_agent", "note": "n"}


def _folder(tmp_path: Path, relations: list[Any], statuses: list[Any]) -> Path:
    for name, items in ((dupes.RELATIONS, relations), (dupes.STATUSES, statuses)):
        (tmp_path / name).write_text("".join(json.dumps(i) + "\n" for i in items))
    return tmp_path


def _facts(*pairs: tuple[str, int]) -> Facts:
    facts = Facts()
    for fact_id, line in pairs:
        facts.add(fact_id, line)
    return facts


def _fact_id(item: dict[str, Any]) -> str:
    return RelationIn.model_validate(item).fact_id


def test_a_relationship_stated_twice_is_reported_at_the_second_line(tmp_path: Path) -> None:
    other = {**LEADS, "key": "other"}
    data = _folder(tmp_path, [LEADS, other, LEADS], [])
    facts = _facts((_fact_id(LEADS), 1), (_fact_id(other), 2), (_fact_id(LEADS), 3))
    problems = dupes.duplicates(data, facts, Facts(), Facts())
    message = f"LEADS:person:a->org:b is also stated at relations.jsonl:1: {dupes.ONE_LINE}"
    assert problems == [Problem(dupes.RELATIONS, 3, "", message)]


def test_a_hash_clash_between_different_statements_is_not_reported(tmp_path: Path) -> None:
    other = {**LEADS, "key": "other"}
    data = _folder(tmp_path, [LEADS, other], [])
    facts = Facts()
    for line in (1, 2):  # two different statements, one hash
        facts.hashes.append(42)
        facts.lines.append(line)
    assert dupes.duplicates(data, facts, Facts(), Facts()) == []


def test_a_status_made_twice_by_designations(tmp_path: Path) -> None:
    second = {**DESIGNATED, "from": "org:court"}
    data = _folder(tmp_path, [DESIGNATED, second], [])
    made = _facts(("status:person:a:foreign_agent", 1), ("status:person:a:foreign_agent", 2))
    facts = _facts((_fact_id(DESIGNATED), 1), (_fact_id(second), 2))
    (problem,) = dupes.duplicates(data, facts, made, Facts())
    assert (problem.file, problem.line, problem.field) == (dupes.RELATIONS, 2, "status")
    assert "makes status:person:a:foreign_agent, which relations.jsonl:1" in problem.message


def test_a_status_entry_that_a_designation_already_makes(tmp_path: Path) -> None:
    data = _folder(tmp_path, [DESIGNATED], [STATUS])
    made = _facts(("status:person:a:foreign_agent", 1))
    statuses = _facts(("status:person:a:foreign_agent", 1))
    (problem,) = dupes.duplicates(data, Facts(), made, statuses)
    assert (problem.file, problem.line) == (dupes.STATUSES, 1)
    assert problem.message.endswith("DESIGNATED `status:` at relations.jsonl:1: drop this entry")


def test_no_statements_no_problems(tmp_path: Path) -> None:
    data = _folder(tmp_path, [LEADS], [STATUS])
    assert dupes.duplicates(data, _facts((_fact_id(LEADS), 1)), Facts(), Facts()) == []
