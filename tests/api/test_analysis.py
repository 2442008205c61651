"""Brokers, communities and common neighbours over the curated graph (speed at 100k: bench/).

The expectations come from ingest/data/*.yaml: the prisoner exchange of 1 August 2024
(2024-08-01_meduza_prisoner-exchange-kara-murza.yaml, 2024-11-17_kyiv-independent_berlin-
anti-war-march.yaml) makes Kara-Murza, Yashin, Gershkovich, Whelan and Kurmasheva
SUBJECT_OF one event, each with valid_from 2024-08-01.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest

from api.analysis import engine, projection, service
from cypher import load
from tests.helpers import problem

EXCHANGE = "event:prisoner-exchange-2024-08-01"
KARA_MURZA, YASHIN = "person:vladimir-kara-murza", "person:ilya-yashin"
EXCHANGED = {KARA_MURZA, YASHIN, "person:evan-gershkovich", "person:paul-whelan"}
SUBJECT_OF_EXCHANGE = f"SUBJECT_OF:{KARA_MURZA}->{EXCHANGE}"


def _get(api, path: str, **params: Any) -> dict[str, Any]:
    response = api.get(f"/analysis/{path}", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _analysis(api) -> service.Analysis:
    analysis = api.app.state.analysis
    assert isinstance(analysis, service.Analysis)
    return analysis


def _forget(api) -> None:
    """Empty the API's analysis cache, so that the next call computes again."""
    _analysis(api).cache.entries.clear()


@pytest.fixture()
def fresh(api) -> Iterator[None]:
    """For a test that changes how answers are computed: none of its answers stay cached."""
    _forget(api)
    yield
    _forget(api)


def _ranks(body: dict[str, Any]) -> dict[str, int]:
    return {b["id"]: i for i, b in enumerate(body["brokers"])}


# --- brokers -------------------------------------------------------------------------------


def test_brokers_are_ranked_and_carry_their_evidence(api) -> None:
    body = _get(api, "brokers", limit=10)
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
    body = _get(api, "brokers", limit=20)
    assert body["projection"]["nodes"] == graph.number_of_nodes()
    assert body["projection"]["ties"] == graph.number_of_edges()
    for broker in body["brokers"]:
        assert broker["score"] == pytest.approx(expected[broker["id"]], abs=1e-6)
        assert broker["degree"] == graph.degree(broker["id"])


def test_a_bridge_outranks_a_leaf(api) -> None:
    # Ilya Ponomarev links the Congress of People's Deputies, the Freedom of Russia Legion,
    # the State Duma and the Russian government; place:norway is only what the exchange
    # event is ABOUT: one tie, so no shortest path runs through it.
    ranks = _ranks(_get(api, "brokers", limit=200))
    assert "person:ilya-ponomarev" in ranks
    assert ranks.get("place:norway", 200) > ranks["person:ilya-ponomarev"]
    leaves = [b for b in _get(api, "brokers", limit=200)["brokers"] if b["degree"] == 1]
    assert all(b["score"] == 0 for b in leaves)


def test_brokers_follow_the_types(api) -> None:
    everything = _ranks(_get(api, "brokers", limit=5))
    assert "place:russia" in everything  # what most entities LEFT, are IMPRISONED_IN, ...
    body = _get(api, "brokers", limit=5, types=["SUBJECT_OF"])
    assert body["projection"]["types"] == ["SUBJECT_OF"]
    # SUBJECT_OF runs from a person or organisation to an event: never to a place.
    assert "place:russia" not in _ranks(body)
    assert {b["type"] for b in body["brokers"]} <= {"Person", "Organization", "Event"}
    assert EXCHANGE in _ranks(body)  # five released prisoners meet only there


def test_brokers_follow_as_of(api) -> None:
    after = _get(api, "brokers", limit=200, types=["SUBJECT_OF"], as_of="2024-08-01")
    before = _get(api, "brokers", limit=200, types=["SUBJECT_OF"], as_of="2024-07-31")
    # The exchange joins the freed: a hub from that day (in the top ten), absent the day
    # before (a hub in that projection would rank far above the 200 listed).
    assert _ranks(after)[EXCHANGE] < 10 and EXCHANGE not in _ranks(before)
    assert after["projection"]["relationships"] > before["projection"]["relationships"]
    assert after["brokers"][0]["href"].endswith("?as_of=2024-08-01")


def test_attributed_edges_only_when_asked(api) -> None:
    facts = _get(api, "brokers", limit=1)["projection"]
    claims = _get(api, "brokers", limit=1, include_attributed=True)["projection"]
    assert claims["include_attributed"] is True
    assert claims["relationships"] > facts["relationships"]


def test_large_projections_are_estimated_from_seeded_pivots(api, monkeypatch, fresh) -> None:
    exact = _get(api, "brokers", limit=5)
    assert exact["exact"] is True
    monkeypatch.setattr(engine, "EXACT_MAX_NODES", 100)
    _forget(api)
    sampled = _get(api, "brokers", limit=5)
    assert sampled["exact"] is False and sampled["sample_size"] == engine.PIVOTS
    _forget(api)
    assert _get(api, "brokers", limit=5) == sampled  # the same pivots every time
    for mine, true in zip(sampled["brokers"][:3], exact["brokers"][:3], strict=True):
        assert mine["score"] == pytest.approx(true["score"], abs=0.05)


def test_a_worker_process_gives_the_same_answers(api, monkeypatch, fresh) -> None:
    in_thread = (_get(api, "brokers", limit=5), _get(api, "communities", limit=5))
    monkeypatch.setattr(engine, "PROCESS_MIN_EDGES", 0)
    _forget(api)
    in_process = (_get(api, "brokers", limit=5), _get(api, "communities", limit=5))
    assert in_process == in_thread


# --- communities ---------------------------------------------------------------------------


def test_communities_partition_the_projection(api) -> None:
    body = _get(api, "communities", min_size=1, limit=500, members=1000)
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
    body = _get(api, "communities", min_size=1, limit=500, members=1000)
    home = {m["id"]: c["id"] for c in body["communities"] for m in c["members"]}
    assert home["person:leonid-volkov"] == home["person:alexei-navalny"]
    brokers = {b["id"]: b for b in _get(api, "brokers", limit=20)["brokers"]}
    assert brokers["person:alexei-navalny"]["community"] == home["person:alexei-navalny"]


@pytest.mark.parametrize("algorithm", ["leiden", "louvain"])
def test_communities_are_deterministic(api, algorithm: str) -> None:
    first = _get(api, "communities", algorithm=algorithm, resolution=1.5)
    _forget(api)
    assert _get(api, "communities", algorithm=algorithm, resolution=1.5) == first


def test_resolution_and_min_size(api) -> None:
    coarse = _get(api, "communities", resolution=0.3, min_size=1, limit=500)
    fine = _get(api, "communities", resolution=3, min_size=1, limit=500)
    assert fine["count"] > coarse["count"]
    big = _get(api, "communities", min_size=20, limit=500)
    assert big["total"] < big["count"] and all(c["size"] >= 20 for c in big["communities"])
    assert len(_get(api, "communities", min_size=1, limit=2, members=3)["communities"]) == 2


# --- the cache -----------------------------------------------------------------------------


def test_cache_answers_until_the_graph_changes(api, driver, monkeypatch) -> None:
    """A change of a date alone (the same counts) still reaches the next answer."""
    reads: list[int] = []

    def counted(row: dict[str, Any]) -> projection.Projection:
        reads.append(1)
        return projection.build(row)

    monkeypatch.setattr(service, "build", counted)
    params = {"types": ["SUBJECT_OF"], "as_of": "2024-09-01", "limit": 50}
    before = _get(api, "brokers", **params)
    _get(api, "brokers", **params)
    assert len(reads) <= 1  # the second answer came from the cache
    read = "MATCH ()-[r {id: $id}]->() RETURN r.valid_from_date AS day"
    move = "MATCH ()-[r {id: $id}]->() SET r.valid_from_date = $day"
    day = driver.execute_query(read, id=SUBJECT_OF_EXCHANGE).records[0]["day"]
    assert day is not None
    try:
        driver.execute_query(move, id=SUBJECT_OF_EXCHANGE, day=day.replace(year=2030))
        seen = len(reads)
        moved = _get(api, "brokers", **params)
        assert len(reads) == seen + 1  # read again
        assert moved["projection"]["relationships"] == before["projection"]["relationships"] - 1
        ends = {
            (r["source"], r["target"])
            for b in moved["brokers"]
            for bridge in b["bridges"]
            for r in bridge["relations"]
        }
        assert (KARA_MURZA, EXCHANGE) not in ends
    finally:
        driver.execute_query(move, id=SUBJECT_OF_EXCHANGE, day=day)
    assert _get(api, "brokers", **params) == before


# --- common neighbours ---------------------------------------------------------------------


def test_common_neighbours_of_two_released_prisoners(api) -> None:
    body = _get(api, "common", ids=[KARA_MURZA, YASHIN])
    shared = {n["neighbour"]["id"]: n for n in body["neighbours"]}
    assert body["total"] == len(shared) and EXCHANGE in shared
    exchange = shared[EXCHANGE]
    assert exchange["neighbour"]["href"] == f"/entities/{EXCHANGE}"
    assert [link["entity"] for link in exchange["links"]] == [KARA_MURZA, YASHIN]
    for link in exchange["links"]:
        (rel,) = [r for r in link["relations"] if r["type"] == "SUBJECT_OF"]
        assert rel["source"] == link["entity"] and rel["target"] == EXCHANGE
        assert rel["properties"]["valid_from"] == "2024-08-01"
        assert rel["properties"]["role"] == "released by Russia"
        assert any(s["note"] or s["quote"] for s in rel["sources"])  # with its evidence


def test_common_neighbours_follow_as_of_and_types(api) -> None:
    before = _get(api, "common", ids=[KARA_MURZA, YASHIN], as_of="2024-07-31")
    assert EXCHANGE not in {n["neighbour"]["id"] for n in before["neighbours"]}
    only = _get(api, "common", ids=[KARA_MURZA, YASHIN], types=["SUBJECT_OF"])
    assert [n["neighbour"]["id"] for n in only["neighbours"]] == [EXCHANGE]


def test_common_neighbours_of_three(api) -> None:
    three = [KARA_MURZA, YASHIN, "person:evan-gershkovich"]
    body = _get(api, "common", ids=three, types=["SUBJECT_OF"])
    assert [n["neighbour"]["id"] for n in body["neighbours"]] == [EXCHANGE]
    assert [link["entity"] for link in body["neighbours"][0]["links"]] == three


def test_common_refuses_unknown_repeated_and_single_ids(api) -> None:
    unknown = api.get("/analysis/common", params={"ids": [KARA_MURZA, "person:nobody-here"]})
    assert "person:nobody-here" in problem(unknown, 404)["detail"]
    twice = api.get("/analysis/common", params={"ids": [KARA_MURZA, YASHIN, KARA_MURZA]})
    assert KARA_MURZA in problem(twice, 422)["detail"]
    problem(api.get("/analysis/common", params={"ids": [KARA_MURZA]}), 422)
    eleven = [f"person:p{i}" for i in range(11)]
    problem(api.get("/analysis/common", params={"ids": eleven}), 422)


def test_invalid_parameters_are_problems(api) -> None:
    problem(api.get("/analysis/communities", params={"algorithm": "girvan"}), 422)
    problem(api.get("/analysis/communities", params={"resolution": 0}), 422)
    problem(api.get("/analysis/brokers", params={"as_of": "2024-13-01"}), 422)
    problem(api.get("/analysis/brokers", params={"types": ["NOT_A_TYPE"]}), 422)


# --- the warm-up ---------------------------------------------------------------------------


@pytest.mark.parametrize("warm", [True, False])
def test_the_api_computes_the_default_analysis_when_it_starts(
    loaded_graph, monkeypatch, warm: bool
) -> None:
    """With KG_ANALYSIS_WARM (the default) the first brokers and communities answers need
    no computation; without it, nothing is computed before someone asks."""
    import time

    from fastapi.testclient import TestClient

    from api.main import create_app
    from api.settings import ApiSettings
    from tests.helpers import LOCAL_API

    app = create_app(loaded_graph, ApiSettings(analysis_warm=warm))
    with TestClient(app, base_url=LOCAL_API) as client:
        analysis = app.state.analysis

        def computed_results() -> int:
            entries = list(analysis.cache.entries._items.values())
            return len(entries[0].results) if entries else 0

        deadline = time.monotonic() + 30  # the betweenness, then the communities
        while computed_results() < (2 if warm else 0) and time.monotonic() < deadline:
            time.sleep(0.05)
        computed: list[str] = []

        async def counted(func: Any, *args: object, edges: int) -> Any:
            computed.append(func.__name__)
            return func(*args)

        monkeypatch.setattr(engine, "run", counted)
        assert client.get("/analysis/brokers").status_code == 200
        assert client.get("/analysis/communities").status_code == 200
    assert computed == ([] if warm else ["betweenness", "communities"])
