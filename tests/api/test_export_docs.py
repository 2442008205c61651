"""Exports that open in networkx, with provenance; the docs served with no internet."""

from __future__ import annotations

import io
import re

import networkx as nx
import pytest

from tests.helpers import problem

PONOMAREV = "person:ilya-ponomarev"
ANALYST_TAGS = {
    "search",
    "entities",
    "paths",
    "events",
    "claims",
    "sources",
    "stats",
    "cypher",
    "export",
}


def test_json_export_of_the_whole_graph_has_provenance(api) -> None:
    body = api.get("/export").json()
    stats = api.get("/stats").json()
    assert len(body["nodes"]) == sum(stats["nodes"].values())
    assert len(body["edges"]) == sum(stats["relationships"].values())
    assert len(body["sources"]) == stats["sources"]
    node_ids = {n["id"] for n in body["nodes"]}
    source_ids = {s["id"] for s in body["sources"]}
    for edge in body["edges"]:
        assert edge["sources"], edge
        assert all((c["quote"] or c["note"]) for c in edge["sources"])
        assert edge["source"] in node_ids
        assert edge["target"] in (source_ids if edge["type"] == "MENTIONED_IN" else node_ids)
    ponomarev = next(n for n in body["nodes"] if n["id"] == PONOMAREV)
    assert "source:voa-2023-11-23" in ponomarev["sources"]


def test_graphml_opens_in_networkx(api) -> None:
    response = api.get("/export", params={"format": "graphml"})
    assert response.headers["content-type"].startswith("application/graphml+xml")
    graph = nx.read_graphml(io.BytesIO(response.content))
    stats = api.get("/stats").json()
    assert graph.number_of_nodes() == sum(stats["nodes"].values()) + stats["sources"]
    assert graph.number_of_edges() == sum(stats["relationships"].values())
    node = graph.nodes[PONOMAREV]
    assert node["label"] == "Ilya Ponomarev" and "Пономарёв" in node["aliases"]
    assert graph.nodes["source:voa-2023-11-23"]["type"] == "Source"
    founded = [
        d
        for _, target, d in graph.out_edges(PONOMAREV, data=True)
        if target == "org:freedom-of-russia-legion" and d["type"] == "HELPED_CREATE"
    ]
    assert founded[0]["sources"] == "source:voa-2023-11-23"
    assert founded[0]["evidence"] == "took part in creating the Russian Freedom Legion"
    exchange = graph.nodes["event:prisoner-exchange-2024-08-01"]
    assert exchange["released"] == 16  # figures keep their numeric type


def test_subgraph_export(api) -> None:
    body = api.get("/export", params={"root": PONOMAREV, "depth": 1}).json()
    ids = {n["id"] for n in body["nodes"]}
    assert PONOMAREV in ids and "org:freedom-of-russia-legion" in ids
    assert len(ids) < len(api.get("/export").json()["nodes"])
    graph = nx.read_graphml(
        io.BytesIO(
            api.get("/export", params={"root": PONOMAREV, "depth": 1, "format": "graphml"}).content
        )
    )
    assert set(graph.nodes) >= ids
    problem(api.get("/export", params={"root": "person:nobody"}), 404)


@pytest.mark.parametrize("params", [{"format": "csv"}, {"depth": 4}, {"root": "nobody"}])
def test_bad_export_parameters_are_422(offline_api, params) -> None:
    problem(offline_api.get("/export", params=params), 422)


def test_docs_render_offline(offline_api) -> None:
    for page in ("/docs", "/redoc"):
        html = offline_api.get(page)
        assert html.status_code == 200
        assert not re.search(r"https?://", html.text), f"{page} loads something external"
        assets = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html.text)
        assets += re.findall(r"""url:\s*['"]([^'"]+)['"]""", html.text)
        assert any(a.endswith(".js") for a in assets), html.text
        for asset in assets:
            assert asset.startswith("/"), asset
            response = offline_api.get(asset)
            assert response.status_code == 200, asset
            assert response.content, asset
    schema = offline_api.get("/openapi.json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if not set(operation["tags"]) & ANALYST_TAGS:
                continue  # health probes and the Browser guide are not the analysts' API
            assert "Example:" in operation.get("description", ""), f"{method} {path}"
            assert "200" in operation["responses"]


def test_exports_mark_attribution_and_carry_statuses(api) -> None:
    body = api.get("/export").json()
    claimed = [e for e in body["edges"] if e["attributed_to"]]
    assert ("HELPED_CREATE", "org:anti-war-committee", "org:fsb") in {
        (e["type"], e["source"], e["attributed_to"]["id"]) for e in claimed
    }
    assert all(e["attributed_to"]["name"] for e in claimed)
    assert not any(e["type"].startswith("CLAIMED_") for e in body["edges"])
    navalny = [s for s in body["statuses"] if s["entity"] == "person:alexei-navalny"]
    assert {"imprisoned", "dead"} <= {s["status"] for s in navalny}
    assert all(s["sources"] and s["sources"][0]["title"] for s in body["statuses"])
    graph = nx.read_graphml(io.BytesIO(api.get("/export", params={"format": "graphml"}).content))
    [helped] = [
        d
        for _, target, d in graph.out_edges("org:anti-war-committee", data=True)
        if target == "org:platform-of-russian-democratic-forces" and d["type"] == "HELPED_CREATE"
    ]
    assert helped["type"] == "HELPED_CREATE" and helped["attributed_to"] == "org:fsb"
    assert helped["attributed_to_name"] == "Federal Security Service (FSB)"
    assert "dead" in graph.nodes["person:alexei-navalny"]["statuses"]
    sub = api.get("/export", params={"root": "person:alexei-navalny", "depth": 1}).json()
    assert {"imprisoned", "dead"} <= {s["status"] for s in sub["statuses"]}
