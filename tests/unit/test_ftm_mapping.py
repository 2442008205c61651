"""The FtM mapping table without Neo4j: schemata per relationship type and status, ids both
ways, and the text conventions of evidence, attribution, figures and exact names."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.ftm import mapping as m
from graph.ftm import tables
from graph.schema import Facet, NodeType, RelType, Status, facet

# (our type, from schema, to schema) -> the interval FtM gets
INTERVALS = [
    (RelType.MEMBER_OF, "Person", "Organization", "Membership", "member", "organization"),
    (RelType.LEADS, "Person", "Organization", "Directorship", "director", "organization"),
    (RelType.LEADS, "Organization", "Organization", "Directorship", "director", "organization"),
    (RelType.REPRESENTS, "Person", "Organization", "Representation", "agent", "client"),
    (RelType.WORKS_FOR, "Person", "Organization", "Employment", "employee", "employer"),
    (RelType.RELATIVE_OF, "Person", "Person", "Family", "person", "relative"),
    (RelType.ALLIED_WITH, "Person", "Person", "Associate", "person", "associate"),
    (RelType.ASSOCIATED_WITH, "Person", "Person", "Associate", "person", "associate"),
    (RelType.DESIGNATED, "Organization", "Person", "Sanction", "authority", "entity"),
    (RelType.MENTIONED_IN, "Person", "Article", "Documentation", "entity", "document"),
    (RelType.FOUNDED, "Person", "Organization", "UnknownLink", "subject", "object"),
    (RelType.PARTICIPATED_IN, "Person", "Event", "UnknownLink", "subject", "object"),
]


@pytest.mark.parametrize(("rel", "tail", "head", "schema", "source", "target"), INTERVALS)
def test_each_type_picks_its_interval_schema(
    rel: RelType, tail: str, head: str, schema: str, source: str, target: str
) -> None:
    assert m.interval_schema(rel, tail, head) == tables.Ends(schema, source, target)


@pytest.mark.parametrize(
    ("rel", "tail", "head"),
    [
        (RelType.ALLIED_WITH, "Organization", "Organization"),  # Associate is between people
        (RelType.RELATIVE_OF, "Organization", "Person"),
        (RelType.WORKS_FOR, "Person", "Person"),  # an employer is an organisation
        (RelType.MEMBER_OF, "Person", "Person"),
        (RelType.MENTIONED_IN, "Person", "Person"),  # a document is a Document
    ],
)
def test_ends_that_do_not_fit_fall_back_to_unknown_link(rel: RelType, tail: str, head: str) -> None:
    assert m.interval_schema(rel, tail, head) == tables.ENDS_UNKNOWN


def test_every_type_but_has_status_has_a_schema() -> None:
    assert RelType.HAS_STATUS not in tables.REL_SCHEMA
    assert set(tables.REL_SCHEMA) == set(RelType) - {RelType.HAS_STATUS}
    specific = {t for t, s in tables.REL_SCHEMA.items() if s != "UnknownLink"}
    assert specific == {
        RelType.MEMBER_OF,
        RelType.LEADS,
        RelType.REPRESENTS,
        RelType.WORKS_FOR,
        RelType.RELATIVE_OF,
        RelType.ALLIED_WITH,
        RelType.ASSOCIATED_WITH,
        RelType.DESIGNATED,
        RelType.MENTIONED_IN,
    }


@pytest.mark.parametrize("status", list(Status))
def test_each_status_picks_sanction_for_a_designation_else_event(status: Status) -> None:
    expected = "Sanction" if facet(status) == Facet.DESIGNATION else "Event"
    assert m.status_schema(status) == expected
    assert m.status_schema(status.value) == expected


def test_status_schema_examples() -> None:
    assert m.status_schema(Status.FOREIGN_AGENT) == "Sanction"
    assert m.status_schema(Status.IN_EXILE) == "Event"
    assert m.status_schema(Status.IN_OFFICE) == "Event"


def test_entity_schemata() -> None:
    assert tables.ENTITY_SCHEMA[NodeType.PLACE] == "Address"
    assert tables.ENTITY_SCHEMA[NodeType.CLAIM] == "Event"
    assert tables.ENTITY_SCHEMA["Source"] == "Article"


def test_ids_round_trip() -> None:
    for ours in ("person:ilya-ponomarev", "org:fbk", "claim:x1", "source:meduza-2022"):
        assert m.from_ftm_id(m.to_ftm_id(ours)) == ours
    assert m.to_ftm_id("person:ilya-ponomarev") == "eg-person-ilya-ponomarev"


@pytest.mark.parametrize("bad", ["person:Ilya", "thing:x", "person:", "person:a b", "x"])
def test_to_ftm_id_refuses_what_is_not_our_id(bad: str) -> None:
    with pytest.raises(ValueError, match="not an entity or source id"):
        m.to_ftm_id(bad)


@pytest.mark.parametrize(
    "other", ["Q7747", "eg-thing-x", "eg-person-", "eg-person-Ilya", "xeg-person-a", "eg-rel-ab"]
)
def test_from_ftm_id_is_none_for_other_ids(other: str) -> None:
    assert m.from_ftm_id(other) is None


def test_interval_ids_are_digests_of_statement_and_source() -> None:
    one = m.rel_ftm_id("LEADS:person:a->org:b", "source:s")
    assert one.startswith(tables.REL_PREFIX) and len(one) == len(tables.REL_PREFIX) + 32
    assert one == m.rel_ftm_id("LEADS:person:a->org:b", "source:s")
    assert one != m.rel_ftm_id("LEADS:person:a->org:b", "source:t")
    assert m.status_ftm_id("status:person:a:dead", "source:s").startswith(tables.STATUS_PREFIX)


def test_record_ids_of_relationships() -> None:
    record = m.rel_id_from_record("CLAIMED_HELPED_CREATE:org:a->org:b#per-fsb")
    assert record == ("CLAIMED_HELPED_CREATE", "org:a", "org:b", "per-fsb")
    assert m.rel_id_from_record("MENTIONED_IN:person:a->source:s") == (
        "MENTIONED_IN",
        "person:a",
        "source:s",
        None,
    )
    for other in ("NOT_A_TYPE:org:a->org:b", "LEADS:org:a-org:b", "LEADS:org:a->org:b#", ""):
        assert m.rel_id_from_record(other) is None
    assert m.is_attributed("CLAIMED_LEADS") and not m.is_attributed("LEADS")


def test_record_ids_of_statuses() -> None:
    assert m.status_from_record("status:person:x:in_exile#k1") == (
        "person:x",
        Status.IN_EXILE,
        "k1",
    )
    assert m.status_from_record("status:org:y:foreign_agent") == (
        "org:y",
        Status.FOREIGN_AGENT,
        None,
    )
    assert m.status_from_record("status:person:x:flying") is None
    assert m.status_from_record("LEADS:person:x->org:y") is None


def test_meaning_and_role_text() -> None:
    assert m.meaning(RelType.PARTICIPATED_IN) == "took part in"
    assert m.meaning(RelType.MENTIONED_IN) == "is named in"
    assert m.role_text(RelType.PARTICIPATED_IN, "speaker", generic=True) == "took part in: speaker"
    assert m.role_text(RelType.PARTICIPATED_IN, None, generic=True) == "took part in"
    assert m.role_text(RelType.LEADS, "chair", generic=False) == "chair"
    assert m.role_text(RelType.LEADS, None, generic=False) is None


def test_evidence_props_of_a_quote_a_note_a_party_and_figures() -> None:
    assert m.evidence_props("quote", "Q", None, None) == {"summary": "Q"}
    assert m.evidence_props("note", "N", None, None) == {"description": "N"}
    assert m.evidence_props(None, None, None, None) == {}
    attributed = m.evidence_props("note", "N", "org:fsb", "FSB", {"b": 2.5, "a": 1})
    assert attributed == {"description": "per FSB [eg-org-fsb]\nN\nfigures: a=1, b=2.5"}
    unnamed = m.evidence_props("quote", "Q", "org:fsb", None)
    assert unnamed == {"summary": "Q", "description": "per org:fsb [eg-org-fsb]"}


@pytest.mark.parametrize(
    ("kind", "text", "party", "figures"),
    [
        ("quote", "verbatim", None, {}),
        ("note", "line one\nline two", None, {}),
        ("note", "paraphrase", "org:fsb", {"sentence_years": 25, "fine": 1.5}),
        ("quote", "verbatim", "person:x", {"n": -3}),
        (None, None, "org:fsb", {}),
        (None, None, None, {"n": 7}),
    ],
)
def test_evidence_round_trips(
    kind: str | None, text: str | None, party: str | None, figures: dict[str, int | float]
) -> None:
    props = m.evidence_props(kind, text, party, "Name", figures)
    back = m.evidence_from_props(props.get("summary"), props.get("description"))
    assert back == m.Evidence(kind, text, party, figures)
    types = {k: type(v) for k, v in (back.figures or {}).items()}
    assert types == {k: type(v) for k, v in figures.items()}  # 25 stays an int


def test_a_note_that_only_looks_like_figures_stays_a_note() -> None:
    back = m.evidence_from_props(None, "figures: many")
    assert back == m.Evidence("note", "figures: many", None, {})
    assert m.figures_line({}) is None


def test_exact_names() -> None:
    notes = f"{m.exact_line('name', '«Plan of Victory»')}\nother\n{m.exact_line('alias', 'A')}"
    assert m.exact_values(notes) == {"name": ["«Plan of Victory»"], "alias": ["A"]}
    assert m.exact_values(None) == {}
    with pytest.raises(ValueError, match="line break"):
        m.exact_line("name", "two\nlines")
    assert m.clean_name('  "Plan   of Victory" ') != '  "Plan   of Victory" '


# ---------------------------------------------------------------- as the export uses it
LEGION_ALLY = "CLAIMED_ALLIED_WITH:org:freedom-of-russia-legion->org:russian-volunteer-corps"


def test_ids_go_both_ways() -> None:
    assert m.to_ftm_id("person:ilya-ponomarev") == "eg-person-ilya-ponomarev"
    assert m.from_ftm_id("eg-person-ilya-ponomarev") == "person:ilya-ponomarev"
    assert m.from_ftm_id("eg-source-voa-2023-11-23") == "source:voa-2023-11-23"
    assert m.from_ftm_id("NK-abc") is None
    assert m.from_ftm_id(m.rel_ftm_id("x", "y")) is None
    assert m.rel_id_from_record(LEGION_ALLY + "#newsweek") == (
        "CLAIMED_ALLIED_WITH",
        "org:freedom-of-russia-legion",
        "org:russian-volunteer-corps",
        "newsweek",
    )
    assert m.rel_id_from_record("OWNS:person:a->org:b") is None
    assert m.status_from_record("status:org:acf-inc:terrorist#x") is not None


def test_a_schema_falls_back_to_unknownlink_where_the_ranges_do_not_fit() -> None:
    assert m.interval_schema(RelType.MEMBER_OF, "Person", "Organization").schema == "Membership"
    assert m.interval_schema(RelType.ALLIED_WITH, "Person", "Person").schema == "Associate"
    assert m.interval_schema(RelType.ALLIED_WITH, "Organization", "Person").schema == (
        "UnknownLink"
    )
    assert m.interval_schema(RelType.HELPED_CREATE, "Person", "Event").schema == "UnknownLink"
    assert m.interval_schema(RelType.WORKS_FOR, "Person", "Person").schema == "UnknownLink"


def test_the_documented_table_is_the_mapping() -> None:
    """docs/ftm.md names, for every type given its own schema, the schema REL_SCHEMA has."""
    doc = (Path(__file__).parents[2] / "docs" / "ftm.md").read_text(encoding="utf-8")
    rows = [line.split("|") for line in doc.splitlines() if line.startswith("| `")]
    documented = {
        t.strip("` "): cells[2].split("`")[1]
        for cells in rows
        for t in cells[1].split(",")
        if t.strip("` ") in RelType.__members__
    }
    expected = {t.value: s for t, s in tables.REL_SCHEMA.items() if s != "UnknownLink"}
    assert documented == expected
