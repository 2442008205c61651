"""Brokers and communities over the curated graph (speed at 100k: bench/; the graph's
expectations: tests/api/analysis_helpers.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest

from api.analysis import engine
from cypher import load
from tests.api.analysis_helpers import EXCHANGE, forget, get


@pytest.fixture()
def fresh(api) -> Iterator[None]:
    """For a test that changes how answers are computed: none of its answers stay cached."""
    forget(api)
    yield
    forget(api)


def _ranks(body: dict[str, Any]) -> dict[str, int]:
    return {b["id"]: i for i, b in enumerate(body["brokers"])}


# --- brokers -------------------------------------------------------------------------------


def test_brokers_are_ranked_and_carry_their_evidence(api) -> None:
    body = get(api, "brokers", limit=10)
    assert body["exact"] is True and body["sample_size"] is None
    assert body["projection"]["nodes"] > 300 and body["projection"]["types"] is None
    scores = [b["score"] for b in body["brokers"]]
    assert scores == sorted(scores, reverse=True) and 0 < scores[0] <= 1
    for broker in body["brokers"]:
        assert broker["href"] == f"/entities/{broker['id']}"
        assert api.get(broker["href"]).status_code == 200  # the evidence, one click away
        assert broker["communities_reached"] >= len(broker["bridges"]) > 0
        for bridge in broker["bridges"]:
            assert bridge["community"] != broker["community"]
            assert bridge["relations"], bridge  # the relationships to the neighbour
            for rel in bridge["relations"]:
                assert {rel["source"], rel["target"]} == {broker["id"], bridge["neighbour"]["id"]}
                assert rel["sources"] and rel["sources"][0]["title"]


def test_scores_are_networkx_betweenness_of_the_projection(api, driver) -> None:
    """The same projection, read here directly, gives networkx's normalised betweenness."""
    records, _, _ = driver.execute_query(
        load("api/analysis/projection"), types=None, as_of=None, include_attributed=False
    )
    graph = nx.Graph()
    graph.add_edges_from((a, b) for a, b in records[0]["pairs"] if a != b)
    expected = nx.betweenness_centrality(graph, normalized=True)
    body = get(api, "brokers", limit=20)
    assert body["projection"]["nodes"] == graph.number_of_nodes()
    assert body["projection"]["ties"] == graph.number_of_edges()
    for broker in body["brokers"]:
        assert broker["score"] == pytest.approx(expected[broker["id"]], abs=1e-6)
        assert broker["degree"] == graph.degree(broker["id"])


def test_a_bridge_outranks_a_leaf(api) -> None:
    # Ilya Ponomarev links the Congress of People's Deputies, the Freedom of Russia Legion,
    # the State Duma and the Russian government; place:norway is only what the exchange
    # event is ABOUT: one tie, so no shortest path runs through it.
    ranks = _ranks(get(api, "brokers", limit=200))
    assert "person:ilya-ponomarev" in ranks
    assert ranks.get("place:norway", 200) > ranks["person:ilya-ponomarev"]
    leaves = [b for b in get(api, "brokers", limit=200)["brokers"] if b["degree"] == 1]
    assert all(b["score"] == 0 for b in leaves)


def test_brokers_follow_the_types(api) -> None:
    everything = _ranks(get(api, "brokers", limit=5))
    assert "place:russia" in everything  # what most entities LEFT, are IMPRISONED_IN, ...
    body = get(api, "brokers", limit=5, types=["SUBJECT_OF"])
    assert body["projection"]["types"] == ["SUBJECT_OF"]
    # SUBJECT_OF runs from a person or organisation to an event: never to a place.
    assert "place:russia" not in _ranks(body)
    assert {b["type"] for b in body["brokers"]} <= {"Person", "Organization", "Event"}
    assert EXCHANGE in _ranks(body)  # five released prisoners meet only there


def test_brokers_follow_as_of(api) -> None:
    after = get(api, "brokers", limit=200, types=["SUBJECT_OF"], as_of="2024-08-01")
    before = get(api, "brokers", limit=200, types=["SUBJECT_OF"], as_of="2024-07-31")
    # The exchange joins the freed: a hub from that day (in the top ten), absent the day
    # before (a hub in that projection would rank far above the 200 listed).
    assert _ranks(after)[EXCHANGE] < 10 and EXCHANGE not in _ranks(before)
    assert after["projection"]["relationships"] > before["projection"]["relationships"]
    assert after["brokers"][0]["href"].endswith("?as_of=2024-08-01")


def test_attributed_edges_only_when_asked(api) -> None:
    facts = get(api, "brokers", limit=1)["projection"]
    claims = get(api, "brokers", limit=1, include_attributed=True)["projection"]
    assert claims["include_attributed"] is True
    assert claims["relationships"] > facts["relationships"]


def test_large_projections_are_estimated_from_seeded_pivots(api, monkeypatch, fresh) -> None:
    exact = get(api, "brokers", limit=5)
    assert exact["exact"] is True
    monkeypatch.setattr(engine, "EXACT_MAX_NODES", 100)
    forget(api)
    sampled = get(api, "brokers", limit=5)
    assert sampled["exact"] is False and sampled["sample_size"] == engine.PIVOTS
    forget(api)
    assert get(api, "brokers", limit=5) == sampled  # the same pivots every time
    for mine, true in zip(sampled["brokers"][:3], exact["brokers"][:3], strict=True):
        assert mine["score"] == pytest.approx(true["score"], abs=0.05)


def test_a_worker_process_gives_the_same_answers(api, monkeypatch, fresh) -> None:
    in_thread = (get(api, "brokers", limit=5), get(api, "communities", limit=5))
    monkeypatch.setattr(engine, "PROCESS_MIN_EDGES", 0)
    forget(api)
    in_process = (get(api, "brokers", limit=5), get(api, "communities", limit=5))
    assert in_process == in_thread


# --- communities ---------------------------------------------------------------------------


def test_communities_partition_the_projection(api) -> None:
    body = get(api, "communities", min_size=1, limit=500, members=1000)
    assert body["algorithm"] == "leiden" and body["resolution"] == 1
    assert 0.3 < body["modularity"] < 1
    assert body["count"] == body["total"] == len(body["communities"])
    members = [m["id"] for c in body["communities"] for m in c["members"]]
    assert len(members) == len(set(members)) == body["projection"]["nodes"]
    sizes = [c["size"] for c in body["communities"]]
    assert sizes == sorted(sizes, reverse=True)
    assert [c["id"] for c in body["communities"]] == list(range(len(sizes)))
    for community in body["communities"]:
        degrees = [m["degree"] for m in community["members"]]
        assert degrees == sorted(degrees, reverse=True)  # best-connected first
        inside = {m["id"] for m in community["members"]}
        for edge in community["edges"]:
            assert {edge["source"], edge["target"]} <= inside and edge["sources"]


def test_close_allies_share_a_community(api) -> None:
    # Volkov is Navalny's chief of staff (WORKS_FOR) and ally (ALLIED_WITH, three sources).
    body = get(api, "communities", min_size=1, limit=500, members=1000)
    home = {m["id"]: c["id"] for c in body["communities"] for m in c["members"]}
    assert home["person:leonid-volkov"] == home["person:alexei-navalny"]
    brokers = {b["id"]: b for b in get(api, "brokers", limit=20)["brokers"]}
    assert brokers["person:alexei-navalny"]["community"] == home["person:alexei-navalny"]


@pytest.mark.parametrize("algorithm", ["leiden", "louvain"])
def test_communities_are_deterministic(api, algorithm: str) -> None:
    first = get(api, "communities", algorithm=algorithm, resolution=1.5)
    forget(api)
    assert get(api, "communities", algorithm=algorithm, resolution=1.5) == first


def test_resolution_and_min_size(api) -> None:
    coarse = get(api, "communities", resolution=0.3, min_size=1, limit=500)
    fine = get(api, "communities", resolution=3, min_size=1, limit=500)
    assert fine["count"] > coarse["count"]
    big = get(api, "communities", min_size=20, limit=500)
    assert big["total"] < big["count"] and all(c["size"] >= 20 for c in big["communities"])
    assert len(get(api, "communities", min_size=1, limit=2, members=3)["communities"]) == 2
