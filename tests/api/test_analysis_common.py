"""Common neighbours over the curated graph (tests/api/analysis_helpers.py), and the
analysis endpoints' refusals."""

from __future__ import annotations

from tests.api.analysis_helpers import EXCHANGE, KARA_MURZA, YASHIN, get
from tests.helpers import problem


def test_common_neighbours_of_two_released_prisoners(api) -> None:
    body = get(api, "common", ids=[KARA_MURZA, YASHIN])
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
    before = get(api, "common", ids=[KARA_MURZA, YASHIN], as_of="2024-07-31")
    assert EXCHANGE not in {n["neighbour"]["id"] for n in before["neighbours"]}
    only = get(api, "common", ids=[KARA_MURZA, YASHIN], types=["SUBJECT_OF"])
    assert [n["neighbour"]["id"] for n in only["neighbours"]] == [EXCHANGE]


def test_common_neighbours_of_three(api) -> None:
    three = [KARA_MURZA, YASHIN, "person:evan-gershkovich"]
    body = get(api, "common", ids=three, types=["SUBJECT_OF"])
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
