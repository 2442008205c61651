"""The ingest's write plan without Neo4j: what is created, updated and removed, given the
ids and hashes the graph holds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ingest.plan import HASH_KEY, Held, State, Step, WritePlan, plan_writes, props_hash
from ingest.transform import Row, Rows


def _source(sid: str, title: str = "T") -> Row:
    return {"id": sid, "props": {"id": sid, "title": title}}


def _entity(eid: str, label: str = "Person", name: str = "N") -> Row:
    return {"id": eid, "label": label, "props": {"id": eid, "name": name}}


def _relation(rid: str, rtype: str, a: str, b: str, role: str | None = None) -> Row:
    props: dict[str, Any] = {"id": rid} | ({"role": role} if role else {})
    return {"id": rid, "type": rtype, "from": a, "to": b, "props": props}


def _status(sid: str, entity: str) -> Row:
    return {"id": sid, "entity": entity, "props": {"id": sid, "status": "in_exile"}}


def _rows() -> Rows:
    return Rows(
        sources=[_source("source:s")],
        entities=[_entity("person:a"), _entity("org:b", "Organization")],
        relations=[_relation("LEADS:person:a->org:b", "LEADS", "person:a", "org:b")],
        statuses=[_status("status:person:a:in_exile", "person:a")],
    )


def _held(rows: Rows) -> State:
    """The state of a graph that holds exactly what `rows` say (after a first plan)."""
    plan_writes(rows, State())
    state = State()
    for row in rows.sources:
        state.nodes[row["id"]] = Held("Source", row["props"][HASH_KEY], True)
    for row in rows.entities:
        state.nodes[row["id"]] = Held(row["label"], row["props"][HASH_KEY], True)
    for row in rows.statuses:
        state.nodes[row["id"]] = Held("Status", row["props"][HASH_KEY], True)
    for row in rows.relations:
        ends = (row["from"], row["to"])
        state.relations[row["id"]] = Held(row["type"], row["props"][HASH_KEY], True, ends)
    return state


def _steps(plan: WritePlan) -> dict[str, list[Any]]:
    return {step.query: step.rows for step in plan.steps}


def _ids(rows: list[Any]) -> list[str]:
    return [r["id"] if isinstance(r, dict) else r for r in rows]


def test_props_hash_is_stable_and_tells_values_apart() -> None:
    one = {"id": "x", "when": dt.date(2022, 3, 1), "aliases": ["a"], "n": 1}
    assert props_hash(one) == props_hash(dict(one))
    assert len(props_hash(one)) == 24  # 12 bytes, hex
    assert props_hash(one) != props_hash({**one, "n": 2})
    assert props_hash(one) != props_hash({**one, "n": 1.0})
    assert props_hash({"a": 1, "b": 2}) != props_hash({"b": 2, "a": 1})  # order is part of it


def test_an_empty_graph_gets_everything_created_in_a_safe_order() -> None:
    plan = plan_writes(_rows(), State())
    assert [s.query for s in plan.steps] == [
        "ingest/upsert_sources",
        "ingest/upsert_entities",
        "ingest/create_relations",
        "ingest/upsert_statuses",
    ]
    steps = _steps(plan)
    assert _ids(steps["ingest/upsert_entities"]) == ["person:a", "org:b"]
    assert steps["ingest/upsert_statuses"][0]["label"] == "Status"
    assert plan.size == 5
    assert plan.nodes["Person"].created == 1 and plan.nodes["Organization"].created == 1
    assert plan.nodes["Source"].created == 1 and plan.nodes["Status"].created == 1
    assert plan.relations["LEADS"].total == plan.relations["LEADS"].created == 1


def test_every_row_carries_the_hash_of_its_properties() -> None:
    rows = _rows()
    plan_writes(rows, State())
    for row in [*rows.sources, *rows.entities, *rows.relations, *rows.statuses]:
        props = dict(row["props"])
        digest = props.pop(HASH_KEY)
        assert digest == props_hash(props)


def test_hashing_twice_hashes_what_the_rows_say_once() -> None:
    rows = _rows()
    plan_writes(rows, State())
    first = rows.entities[0]["props"][HASH_KEY]
    plan_writes(rows, State())
    assert rows.entities[0]["props"][HASH_KEY] == first


def test_a_rerun_without_change_writes_nothing() -> None:
    state = _held(_rows())
    plan = plan_writes(_rows(), state)
    assert plan.steps == [] and plan.size == 0
    assert plan.nodes["Person"].total == 1
    assert (plan.nodes["Person"].created, plan.nodes["Person"].updated) == (0, 0)


def test_a_changed_row_is_updated_and_only_it() -> None:
    state = _held(_rows())
    rows = _rows()
    rows.entities[1] = _entity("org:b", "Organization", name="Renamed")
    rows.relations[0] = _relation("LEADS:person:a->org:b", "LEADS", "person:a", "org:b", "chair")
    plan = plan_writes(rows, state)
    steps = _steps(plan)
    assert list(steps) == ["ingest/upsert_entities", "ingest/update_relations"]
    assert _ids(steps["ingest/upsert_entities"]) == ["org:b"]
    assert steps["ingest/update_relations"][0]["props"]["role"] == "chair"
    assert plan.nodes["Organization"].updated == 1 and plan.nodes["Person"].updated == 0
    assert plan.relations["LEADS"].updated == 1 and plan.relations["LEADS"].created == 0


def test_a_row_the_graph_holds_without_hash_is_rewritten() -> None:
    state = _held(_rows())
    state.nodes["person:a"] = Held("Person", None, True)
    assert _ids(_steps(plan_writes(_rows(), state))["ingest/upsert_entities"]) == ["person:a"]


def test_what_the_files_no_longer_state_is_removed_edges_before_nodes() -> None:
    state = _held(_rows())
    rows = Rows(sources=[_source("source:s")], entities=[_entity("person:a")])
    plan = plan_writes(rows, state)
    assert [(s.query, s.param) for s in plan.steps] == [
        ("ingest/remove_relations", "rows"),
        ("ingest/remove_statuses", "ids"),
        ("ingest/remove_entities", "ids"),
    ]
    steps = _steps(plan)
    assert steps["ingest/remove_relations"] == [
        {"id": "LEADS:person:a->org:b", "from": "person:a", "to": "org:b"}
    ]
    assert steps["ingest/remove_statuses"] == ["status:person:a:in_exile"]
    assert steps["ingest/remove_entities"] == ["org:b"]
    assert plan.nodes["Organization"].removed == 1 and plan.nodes["Status"].removed == 1
    assert plan.relations["LEADS"].removed == 1


def test_a_removed_source_goes_last() -> None:
    state = _held(_rows())
    state.nodes["source:old"] = Held("Source", "h", True)
    plan = plan_writes(_rows(), state)
    assert plan.steps == [Step("ingest/remove_sources", ["source:old"], "ids")]
    assert plan.nodes["Source"].removed == 1


def test_what_a_bulk_load_wrote_is_never_removed() -> None:
    state = _held(_rows())
    state.nodes["person:bulk"] = Held("Person", None, False)
    state.relations["LEADS:person:bulk->org:b"] = Held(
        "LEADS", None, False, ("person:bulk", "org:b")
    )
    assert plan_writes(_rows(), state).steps == []


def test_a_row_stated_by_bulk_and_files_is_written_over() -> None:
    state = _held(_rows())
    state.nodes["person:a"] = Held("Person", None, False)
    plan = plan_writes(_rows(), state)
    assert _ids(_steps(plan)["ingest/upsert_entities"]) == ["person:a"]
    assert plan.nodes["Person"].updated == 1


def test_new_and_changed_rows_of_one_kind_go_in_one_upsert() -> None:
    state = _held(_rows())
    rows = _rows()
    rows.sources = [_source("source:s", title="New title"), _source("source:t")]
    plan = plan_writes(rows, state)
    assert _ids(_steps(plan)["ingest/upsert_sources"]) == ["source:t", "source:s"]  # new first
    tally = plan.nodes["Source"]
    assert (tally.total, tally.created, tally.updated, tally.removed) == (2, 1, 1, 0)
