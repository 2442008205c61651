"""FtM round trip: our own export (`kg export --format ftm`) read back by `kg import-ftm`
into an empty graph gives the curated graph again, and what the curated graph lacks (an
undated end, an Associate said to go on, figures, quoted names) comes back too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

import cypher
from api import schemas
from api.ftm import ftm_lines
from graph.driver import make_driver
from graph.settings import Neo4jSettings
from ingest.ftm.importer import map_file
from ingest.pipeline import run_ingest
from kg.cli import main

ENTITY_KEYS = ("name", "aliases", "description", "kind", "founded", "date", "end_date", "text",
               "attributed_to", "date_start", "date_end", "figures")  # fmt: skip
REL_KEYS = ("key", "role", "verdict", "status", "attributed_to", "ended", "valid_to_bound",
            "caption", "valid_from", "valid_to", "valid_from_precision", "valid_to_precision",
            "valid_from_date", "valid_to_date", "figures")  # fmt: skip
SOURCE_KEYS = ("title", "publisher", "url", "published", "published_precision")
STATUS_KEYS = ("entity", "status", "facet", "key", "valid_from", "valid_to", "valid_from_date",
               "valid_to_date", "observed", "attributed_to", "ended", "valid_to_bound")  # fmt: skip


def _pick(props: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    keys = (*keys, *(props.get("figures") or []))  # and each figure's value
    return {k: str(props[k]) for k in keys if props.get(k) not in (None, [])}


def _citations(props: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted(zip(props["sources"], props["evidence_kinds"], props["evidence"], strict=True))


def comparable(driver: Driver) -> dict[str, Any]:
    """Entities, sources, statuses and relationships (stored type, ids, ends, dates,
    citations): what a round trip must preserve."""
    out: dict[str, Any] = {}
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE n:Entity OR n:Source OR n:Status "
        "RETURN n.id AS id, labels(n) AS labels, properties(n) AS p"
    )
    for r in records:
        p, labels = r["p"], sorted(r["labels"])
        if "Source" in labels:
            out[r["id"]] = ("Source", _pick(p, SOURCE_KEYS))
        elif "Status" in labels:
            out[r["id"]] = ("Status", _pick(p, STATUS_KEYS), _citations(p))
        else:
            out[r["id"]] = (labels, _pick(p, ENTITY_KEYS), sorted(p["sources"]))
    records, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE a:Entity AND (b:Entity OR b:Source OR b:Status) "
        "RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p"
    )
    for r in records:
        p = r["p"]
        out[p["id"]] = (r["t"], r["a"], r["b"], p["type"], _pick(p, REL_KEYS), _citations(p))
    return out


def _difference(a: tuple[Any, ...], b: tuple[Any, ...]) -> list[Any]:
    """What differs between two comparable values, field by field."""
    out: list[Any] = []
    for x, y in zip(a, b, strict=False):
        if isinstance(x, dict) and isinstance(y, dict):
            keys = sorted(set(x) | set(y))
            out += [(k, x.get(k), y.get(k)) for k in keys if x.get(k) != y.get(k)]
        elif x != y:
            out.append((x, y))
    return out


def clear(driver: Driver, database: str) -> None:
    """Every node and edge deleted (CALL IN TRANSACTIONS: an implicit transaction)."""
    with driver.session(database=database) as session:
        session.run(cypher.load("bulk/clear")).consume()


@pytest.fixture()
def empty_then_curated(
    loaded_graph: Neo4jSettings,
) -> Iterator[tuple[Driver, Neo4jSettings]]:
    """The curated graph first; the test may empty it; the curated graph again after."""
    with make_driver(loaded_graph) as driver:
        yield driver, loaded_graph
        clear(driver, loaded_graph.database)
    run_ingest(loaded_graph)


def test_our_export_round_trips_into_an_empty_graph(
    empty_then_curated: tuple[Driver, Neo4jSettings],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    driver, settings = empty_then_curated
    monkeypatch.setenv("NEO4J_URI", settings.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", settings.secret)
    exported = tmp_path / "exile_graph.ftm.json"
    assert main(["export", "--format", "ftm", str(exported)]) == 0
    curated = comparable(driver)
    clear(driver, settings.database)
    assert comparable(driver) == {}

    assert main(["import-ftm", str(exported)]) == 0
    imported = comparable(driver)
    missing = sorted(set(curated) - set(imported))
    extra = sorted(set(imported) - set(curated))
    assert not missing and not extra, (missing[:5], extra[:5])
    differ = [k for k in curated if curated[k] != imported[k]]
    assert not differ, [_difference(curated[k], imported[k]) for k in differ[:5]]
    # and the import is still one unit: removed, the graph is empty again
    assert main(["import-ftm", "--remove", "exile_graph"]) == 0
    assert comparable(driver) == {}


def test_what_the_curated_graph_lacks_round_trips_too(tmp_path: Path) -> None:
    """A status that ended without a date, an Associate that is said to go on (FtM's Associate
    has no `status`: it becomes an UnknownLink), a relationship's figures, and quoted names."""
    cite = schemas.Citation(id="source:s", evidence_kind="note", note="It says so.")
    people = [
        schemas.Node(id=f"person:{x}", name=f'"{x}"', type="Person", aliases=[f'"{x} X"', "Y"])
        for x in ("a", "b")
    ]
    export = schemas.Export(
        generated_at="2025-01-01",
        nodes=people,
        sources=[schemas.SourceMeta(id="source:s", title="S", published="2024-05-01")],
        edges=[
            schemas.Edge(
                id="ALLIED_WITH:person:a->person:b",
                type="ALLIED_WITH",
                source="person:a",
                target="person:b",
                properties={"ended": False, "valid_from": "2020", "deputies": 108},
                sources=[cite],
            )
        ],
        statuses=[
            schemas.EntityStatus(
                id="status:person:a:in_exile",
                status="in_exile",
                facet="condition",
                entity="person:a",
                valid_from="2021",
                ended=True,
                sources=[cite],
            )
        ],
    )
    path = tmp_path / "small.ftm.json"
    path.write_text("".join(ftm_lines(export)), encoding="utf-8")
    mapped = map_file(path, "small")
    a = mapped.nodes["person:a"].props
    assert (a["name"], a["aliases"]) == ('"a"', ['"a X"', "Y"])
    status = mapped.nodes["status:person:a:in_exile"].props
    assert status["ended"] is True and status["valid_to_bound"]
    rel = mapped.relations["ALLIED_WITH:person:a->person:b"].props
    assert rel["ended"] is False
    assert (rel["deputies"], rel["figures"]) == (108, ["deputies"])
