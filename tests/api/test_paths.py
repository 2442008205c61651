"""Shortest chains between two entities; unconnected pairs answer empty (speed: bench/)."""

from __future__ import annotations

import pytest

from tests.helpers import problem

KHODORKOVSKY, KUROPTEV = "person:mikhail-khodorkovsky", "person:egor-kuroptev"


def _paths(api, **params):
    return api.get("/paths", params={"from": KHODORKOVSKY, "to": KUROPTEV, **params})


def test_chain_between_khodorkovsky_and_kuroptev(api) -> None:
    body = _paths(api, max_hops=6, limit=50).json()
    assert body["from"] == KHODORKOVSKY and body["paths"]
    lengths = {p["length"] for p in body["paths"]}
    assert len(lengths) == 1  # all shortest: one length
    for path in body["paths"]:
        ids = [n["id"] for n in path["nodes"]]
        assert ids[0] == KHODORKOVSKY and ids[-1] == KUROPTEV
        assert len(path["edges"]) == path["length"] == len(ids) - 1
        for edge, a, b in zip(path["edges"], ids[:-1], ids[1:], strict=True):
            assert {edge["source"], edge["target"]} == {a, b}
            assert edge["sources"], edge  # every step cites a source
    assert any([n["id"] for n in p["nodes"]][1] == "person:vladimir-putin" for p in body["paths"])


def test_max_hops_below_the_shortest_gives_no_path(api) -> None:
    shortest = _paths(api, max_hops=6).json()["paths"][0]["length"]
    assert _paths(api, max_hops=shortest - 1).json()["paths"] == []


def test_type_filter_can_disconnect_a_pair(api) -> None:
    response = _paths(api, max_hops=6, types=["FACT_CHECKED"])
    assert response.status_code == 200, response.text
    assert response.json()["paths"] == []


def test_unconnected_pair_answers_with_an_empty_list(api) -> None:
    # Arizona's House heard Kara-Murza's speech; only PARTICIPATED_IN reaches it, not FOUNDED.
    response = api.get(
        "/paths",
        params={
            "from": "org:arizona-house-of-representatives",
            "to": KUROPTEV,
            "types": ["FOUNDED", "LIVES_IN"],
            "max_hops": 6,
        },
    )
    assert response.status_code == 200, response.text  # not a 504 from a search run wild
    assert response.json()["paths"] == []


def test_paths_as_of_keep_only_relations_valid_that_day(api) -> None:
    body = api.get(
        "/paths",
        params={
            "from": "person:vladimir-kara-murza",
            "to": "place:russia",
            "types": ["IMPRISONED_IN"],
            "max_hops": 1,
            "as_of": "2023-06-01",
        },
    ).json()
    assert len(body["paths"]) == 1
    after = api.get(
        "/paths",
        params={
            "from": "person:vladimir-kara-murza",
            "to": "place:russia",
            "types": ["IMPRISONED_IN"],
            "max_hops": 1,
            "as_of": "2024-09-01",
        },
    ).json()
    assert after["paths"] == []


def test_unknown_ids_are_404(api) -> None:
    assert (
        "person:nobody"
        in problem(api.get("/paths", params={"from": "person:nobody", "to": KUROPTEV}), 404)[
            "detail"
        ]
    )


@pytest.mark.parametrize(
    "params",
    [
        {"max_hops": 7},
        {"max_hops": 0},
        {"limit": 51},
        {"as_of": "2023-6-1"},
        {"from": "Khodorkovsky"},
        {"to": KHODORKOVSKY},
    ],
)
def test_bad_path_parameters_are_422(offline_api, params) -> None:
    base = {"from": KHODORKOVSKY, "to": KUROPTEV}
    response = offline_api.get("/paths", params={**base, **params})
    problem(response, 422)


def test_attributed_edges_only_when_asked_for(api) -> None:
    # Only the FSB says the Anti-War Committee helped set up the platform.
    params = {
        "from": "org:anti-war-committee",
        "to": "org:platform-of-russian-democratic-forces",
        "types": ["HELPED_CREATE"],
        "max_hops": 1,
    }
    assert api.get("/paths", params=params).json()["paths"] == []
    body = api.get("/paths", params={**params, "include_attributed": "true"}).json()
    [path] = body["paths"]
    [edge] = path["edges"]
    assert edge["type"] == "HELPED_CREATE"
    assert edge["attributed_to"] == {"id": "org:fsb", "name": "Federal Security Service (FSB)"}
