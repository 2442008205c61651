"""The FtM importer's mapping without Neo4j: FtM lines built here -> our nodes (map_entities)
and our relationships, mentions and statuses (map_links, map_sources)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from followthemoney import model

from graph.ftm import mapping as m
from graph.schema import NodeType, RelType
from ingest.ftm import map_cites as mc
from ingest.ftm import map_entities as me
from ingest.ftm import map_links as ml
from ingest.ftm import map_sources as ms
from ingest.ftm import types as ft
from ingest.ftm import write_plan as wp
from ingest.ftm.types import Line

PATH = Path("/data/in.ftm.json")


def _line(no: int, ftm_id: str, schema: str, props: dict[str, list[str]], *ds: str) -> Line:
    proxy = model.get_proxy({"id": ftm_id, "schema": schema, "properties": props}, cleaned=False)
    return Line(no, proxy, list(ds), [])


def _base() -> ft.Mapped:
    lines = [
        _line(1, "p1", "Person", {"name": ["A"]}),
        _line(2, "p2", "Person", {"name": ["B"]}),
        _line(3, "o1", "Organization", {"name": ["O"]}),
        _line(4, "art", "Article", {"title": ["T"], "publishedAt": ["2022-03-04"]}),
        _line(5, "eg-person-x", "Person", {"name": ["X"]}),
    ]
    return me.map_nodes(lines, {}, "ds", PATH)


def _mapper(mapped: ft.Mapped) -> mc.Links:
    def resolve(ftm_id: str, line: Line, field: str) -> str | None:
        return mapped.ids.get(ftm_id) or m.from_ftm_id(ftm_id)

    return mc.Links(mapped, resolve, "ds", str(PATH))


def test_slugs_keep_plain_ids_and_hash_the_rest() -> None:
    assert ft.slug("Q1") == "q1" and ft.slug("abc_def") == "abc-def"
    assert ft.slug("A B").startswith("a-b-") and ft.slug("A B") != ft.slug("A-B")
    assert ft.slug("!!!").startswith("x-")
    assert ft.dataset_source_id("os") == "source:ftm-os"


@pytest.mark.parametrize(
    ("schema", "ftm_id", "label"),
    [
        ("Person", "x", NodeType.PERSON),
        ("Company", "x", NodeType.ORGANIZATION),
        ("LegalEntity", "x", NodeType.ORGANIZATION),
        ("Event", "x", NodeType.EVENT),
        ("Event", "eg-claim-c1", NodeType.CLAIM),
        ("Event", "eg-event-c1", NodeType.EVENT),
        ("Address", "x", NodeType.PLACE),
        ("Article", "x", ft.SOURCE),
        ("Vessel", "x", None),
    ],
)
def test_node_type_of_each_schema(schema: str, ftm_id: str, label: str | None) -> None:
    assert me.node_type(model[schema], ftm_id) == label


def test_day_keeps_a_partial_date_and_refuses_an_impossible_one() -> None:
    assert ft.day("2022-03-01T10:00") == "2022-03-01" and ft.day("2022") == "2022"
    assert ft.day(None) is None and ft.day("") is None
    with pytest.raises(ValueError, match="impossible"):
        ft.day("2022-02-30T10:00")


def test_map_nodes_ids_props_and_problems() -> None:
    lines = [
        _line(1, "Q1", "Person", {"name": ["Ilya"], "alias": ["I."], "notes": ["bio"]}, "os"),
        _line(2, "co-1", "Company", {"name": ["Acme"], "incorporationDate": ["2001-02"]}),
        _line(3, "eg-person-x", "Person", {"name": ["X"], "notes": ['exact name: "X"']}),
        _line(4, "art", "Article", {"title": ["H"], "language": ["eng"]}),
        _line(5, "boat", "Vessel", {"name": ["Boat"]}),
        _line(6, "Q1", "Person", {"name": ["Again"]}),
        _line(7, "ev", "Event", {"name": ["E"], "recordId": ["status:person:x:in_exile"]}),
    ]
    out = me.map_nodes(lines, {"co-1": ("org:acme", 3)}, "ds", PATH)
    assert list(out.nodes) == ["person:ftm-q1", "org:acme", "person:x", "source:ftm-art"]
    person, org, ours, source = out.nodes.values()
    assert not person.merged and org.merged and ours.merged  # xref and eg- ids may be curated
    assert person.props["aliases"] == ["I."] and person.props["description"] == "bio"
    assert org.props["kind"] == "company" and org.props["founded_start"] == date(2001, 2, 1)
    assert ours.props["name"] == '"X"'  # the exact name, not FtM's cleaned one
    assert source.props["language"] == "en" and source.props["file"] == "in.ftm.json"
    assert source.props["publisher"] == "FollowTheMoney dataset ds"
    assert out.problems == [f"{PATH}:6: id: Q1 is person:ftm-q1, like the entity on line 1"]
    assert "boat" not in out.ids and "ev" not in out.ids  # skipped; a status is read later


def test_dataset_source_names_the_file_only() -> None:
    node = ms.dataset_source("my data", Path("/home/me/secret/y.json"))
    assert node.id.startswith("source:ftm-my-data-") and node.label == ft.SOURCE
    assert node.props["file"] == "y.json" and "url" not in node.props
    assert "/home" not in node.props["remarks"]


def test_an_interval_of_another_publisher_takes_its_schemas_type() -> None:
    mapped = _base()
    props = {
        "member": ["p1"],
        "organization": ["o1"],
        "role": ["chair"],
        "startDate": ["2020"],
        "endDate": ["2021-05"],
    }
    ml.interval(_mapper(mapped), _line(10, "mem-1", "Membership", props, "os"))
    (statement,) = mapped.relations.values()
    assert statement.id == "MEMBER_OF:person:ftm-p1->org:ftm-o1#ftm-mem-1"
    assert statement.props["role"] == "chair"
    assert statement.props["valid_from_date"] == date(2020, 1, 1)
    assert statement.props["valid_to_date"] == date(2021, 5, 31)
    assert statement.cites == [
        ft.Cite("source:ftm-os", "note", "Imported from FtM dataset os (Membership mem-1)")
    ]


def test_ends_that_do_not_fit_make_a_linked_to_naming_the_schema() -> None:
    mapped = _base()
    mapper = _mapper(mapped)
    ml.interval(mapper, _line(11, "m2", "Membership", {"member": ["p1"], "organization": ["p2"]}))
    ml.interval(
        mapper,
        _line(12, "ul", "UnknownLink", {"subject": ["p1"], "object": ["o1"], "role": ["supports"]}),
    )
    ml.interval(mapper, _line(13, "gone", "Membership", {"member": ["p1"], "organization": ["zz"]}))
    linked, supports = mapped.relations.values()
    assert linked.type == "LINKED_TO" and linked.props["role"] == "Membership"
    assert supports.id == "SUPPORTS:person:ftm-p1->org:ftm-o1#ftm-ul"  # the role names it
    assert len(mapped.relations) == 2  # an end that resolves to nothing: skipped


def test_an_interval_of_our_export_comes_back_exactly() -> None:
    mapped = _base()
    record = "CLAIMED_LEADS:person:x->org:ftm-o1#k"
    said = m.evidence_props("quote", "he leads it", "org:ftm-o1", "O", {"n": 3})
    props = {
        "subject": ["eg-person-x"],
        "object": ["o1"],
        "recordId": [record],
        "role": [m.role_text(RelType.LEADS, "boss", True) or ""],
        "status": ["ended"],
        **{k: [v] for k, v in said.items()},
    }
    mapper = _mapper(mapped)
    ml.interval(mapper, _line(13, m.rel_ftm_id(record, "source:ftm-art"), "UnknownLink", props))
    ms.finish(mapper)
    statement = mapped.relations[record]
    assert (statement.type, statement.start, statement.end) == (
        "CLAIMED_LEADS",
        "person:x",
        "org:ftm-o1",
    )
    assert statement.cites == [ft.Cite("source:ftm-art", "quote", "he leads it")]
    assert statement.props["role"] == "boss"  # the meaning read back off
    assert statement.props["attributed_to"] == "org:ftm-o1"
    assert (statement.props["n"], statement.props["figures"]) == (3, ["n"])
    # ended without a date: no later than the citing source's publication
    assert statement.props["ended"] is True
    assert statement.props["valid_to_date"] == date(2022, 3, 4)
    assert statement.props["valid_to_bound"] == "no_later_than"
    row = wp.relation_row(statement, {"org:ftm-o1": "Org O"}, "imp")
    assert (row["from"], row["to"], row["type"]) == ("person:x", "org:ftm-o1", "CLAIMED_LEADS")
    assert row["props"]["type"] == "LEADS" and row["props"]["caption"] == "LEADS · per Org O"
    assert row["props"]["sources"] == ["source:ftm-art"]
    assert row["props"]["evidence_kinds"] == ["quote"] and row["props"]["ftm_dataset"] == ["imp"]


def test_documentation_cites_a_node_of_the_file_or_states_a_mention() -> None:
    mapped = _base()
    mapper = _mapper(mapped)
    ml.documentation(
        mapper,
        _line(
            14, "d1", "Documentation", {"entity": ["p1"], "document": ["art"], "summary": ["named"]}
        ),
    )
    ml.documentation(
        mapper, _line(15, "d2", "Documentation", {"entity": ["eg-person-y"], "document": ["art"]})
    )
    assert mapped.nodes["person:ftm-p1"].cites == [ft.Cite("source:ftm-art", "quote", "named")]
    (mention,) = mapped.relations.values()
    assert mention.id == "MENTIONED_IN:person:y->source:ftm-art"
    assert mention.cites == [ft.Cite("source:ftm-art", "note", "Named in FtM Documentation d2")]
    assert wp.relation_row(mention, {}, "imp")["props"]["type"] == "MENTIONED_IN"


def test_a_sanction_of_another_publisher_is_a_sanctioned_status() -> None:
    mapped = _base()
    props = {"entity": ["p2"], "authority": ["EU"], "program": ["RUS"], "startDate": ["2022-02-28"]}
    ml.status(_mapper(mapped), _line(16, "sanc", "Sanction", props, "eu"))
    node = mapped.nodes["status:person:ftm-p2:sanctioned#ftm-sanc"]
    assert node.label == ft.STATUS
    assert (node.props["status"], node.props["facet"]) == ("sanctioned", "designation")
    assert node.props["valid_from"] == "2022-02-28"
    assert node.cites == [
        ft.Cite("source:ftm-eu", "note", "Imported from FtM dataset eu (Sanction sanc): EU; RUS")
    ]


def test_a_status_of_our_export_is_restored_and_observed_when_published() -> None:
    mapped = _base()
    record = "status:person:x:in_exile"
    props = {
        "involved": ["eg-person-x"],
        "recordId": [record],
        "summary": ["left"],
        "proof": ["art"],
        "name": ["in exile"],
    }
    mapper = _mapper(mapped)
    ml.status(mapper, _line(17, m.status_ftm_id(record, "source:ftm-art"), "Event", props))
    ml.status(mapper, _line(18, "ev", "Event", {"involved": ["p1"], "name": ["not a status"]}))
    ms.finish(mapper)
    node = mapped.nodes[record]
    assert (node.props["status"], node.props["facet"]) == ("in_exile", "condition")
    assert node.cites == [ft.Cite("source:ftm-art", "quote", "left")]
    assert node.props["observed"] == date(2022, 3, 4)
    assert node.props["valid_from_date"] == date(2022, 3, 4)
    assert [n for n in mapped.nodes if n.startswith("status:")] == [record]
