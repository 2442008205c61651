"""GraphML export: typed keys, scalar values, provenance on every edge; networkx reads it."""

from __future__ import annotations

import io
from typing import Any
from xml.etree import ElementTree as ET

import networkx as nx

from api import graphml
from api.schemas import Citation, Edge, Export, Node, SourceMeta

NS = {"g": graphml.NS}
VOA = "source:voa-2023-11-23"


def export() -> Export:
    cite = Citation(id=VOA, evidence_kind="quote", quote="Ponomarev founded the Congress")
    return Export(
        generated_at="2026-01-01T00:00:00Z",
        nodes=[
            Node(
                id="person:ilya-ponomarev",
                name="Ilya Ponomarev",
                type="Person",
                aliases=["Илья Пономарёв", "Ponomaryov"],
                figures={"sentence_years": 10},
            ),
            Node(
                id="org:congress",
                name="Congress of People's Deputies",
                type="Organization",
                figures={"sentence_years": 8.5},
            ),
        ],
        edges=[
            Edge(
                id="e1",
                type="FOUNDED",
                source="person:ilya-ponomarev",
                target="org:congress",
                properties={"valid_from": "2022-11"},
                sources=[cite],
            ),
            # An end outside the export (depth-limited): left out, not a dangling edge.
            Edge(
                id="e2",
                type="LEADS",
                source="person:ilya-ponomarev",
                target="org:elsewhere",
                properties={},
                sources=[cite],
            ),
        ],
        sources=[SourceMeta(id=VOA, title="Fact check", publisher="VOA", entities=3)],
    )


def parsed() -> tuple[ET.Element, dict[str, tuple[str, str]]]:
    root = ET.fromstring(graphml.render(export()))
    keys = {
        k.get("id", ""): (k.get("attr.name", ""), k.get("attr.type", ""))
        for k in root.findall("g:key", NS)
    }
    return root, keys


def data(
    root: ET.Element, keys: dict[str, tuple[str, str]], element: str, element_id: str
) -> dict[str, Any]:
    found = root.find(f"g:graph/g:{element}[@id='{element_id}']", NS)
    assert found is not None, element_id
    return {keys[d.get("key", "")][0]: d.text for d in found.findall("g:data", NS)}


def test_keys_are_typed_from_every_value() -> None:
    _, keys = parsed()
    types = {name: kind for name, kind in keys.values()}
    # 10 on one node and 8.5 on another: one double, not a long that loses the half.
    assert types["sentence_years"] == "double"
    assert types["aliases"] == types["sources"] == "string"


def test_values_are_scalars_and_edges_carry_their_evidence() -> None:
    root, keys = parsed()
    person = data(root, keys, "node", "person:ilya-ponomarev")
    assert person["aliases"] == "Илья Пономарёв | Ponomaryov"
    assert person["sentence_years"] == "10.0"
    assert person["label"] == "Ilya Ponomarev"
    edge = data(root, keys, "edge", "e1")
    assert edge["sources"] == VOA and edge["evidence"] == "Ponomarev founded the Congress"
    assert edge["evidence_kinds"] == "quote" and edge["valid_from"] == "2022-11"
    source = data(root, keys, "node", VOA)
    assert source["type"] == "Source" and source["label"] == "Fact check"


def test_networkx_reads_the_file_without_dangling_edges() -> None:
    graph = nx.read_graphml(io.BytesIO(graphml.render(export())))
    assert set(graph.nodes) == {"person:ilya-ponomarev", "org:congress", VOA}
    assert list(graph.edges) == [("person:ilya-ponomarev", "org:congress")]
    assert graph.nodes["org:congress"]["sentence_years"] == 8.5
