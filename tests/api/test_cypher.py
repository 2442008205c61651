"""POST /cypher: reads run with parameters; writes, files, admin and odd procedures don't."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import ApiSettings
from tests.helpers import LOCAL_API, problem


def test_a_match_with_parameters_works(api) -> None:
    body = api.post(
        "/cypher",
        json={
            "query": "MATCH (p:Person {id: $id})-[:FOUNDED]->(o) RETURN o.name AS org ORDER BY org",
            "params": {"id": "person:ilya-ponomarev"},
        },
    ).json()
    assert body["columns"] == ["org"]
    # "took part in creating" the Legion is HELPED_CREATE, not FOUNDED (a source audit)
    assert body["rows"] == [["Congress of People's Deputies"]]
    assert body["truncated"] is False


def test_nodes_dates_and_allowed_procedures_come_back_as_json(api) -> None:
    body = api.post(
        "/cypher",
        json={
            "query": "MATCH (e:Event {id: 'event:berlin-meeting-2023-10-22'}) "
            "RETURN e, e.date_start AS day"
        },
    ).json()
    node, day = body["rows"][0]
    assert "Event" in node["labels"] and node["properties"]["name"].startswith("Berlin")
    assert day == "2023-10-22"
    labels = api.post("/cypher", json={"query": "CALL db.labels()"}).json()
    assert ["Person"] in labels["rows"]


WRITES_AND_WORSE = [
    ("CREATE (n:Intruder {name: 'x'}) RETURN n", "writes"),
    ("MATCH (n:Person {id: 'person:ilya-ponomarev'}) DETACH DELETE n", "writes"),
    ("MATCH (n:Entity) SET n.name = 'x'", "writes"),
    ("MERGE (n:Intruder {id: 1})", "writes"),
    ("CREATE INDEX intruder FOR (n:Intruder) ON (n.id)", "schema"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD CSV"),
    ("CALL dbms.components()", "dbms.components"),
    ("CALL dbms.listConfig()", "dbms.listConfig"),
    ("CALL db.createLabel('Intruder')", "db.createLabel"),
    ("CALL dbms.security.createUser('x', 'y')", "refused"),
    ("SHOW USERS", "schema or administers"),
    ("SHOW TRANSACTIONS", "Show"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "Terminate"),
    ("MATCH (n) CALL (n) { SET n.x = 1 } RETURN count(*)", "writes"),
]


@pytest.mark.parametrize(("query", "reason"), WRITES_AND_WORSE)
def test_writes_schema_files_and_admin_are_403(api, query: str, reason: str) -> None:
    assert reason in problem(api.post("/cypher", json={"query": query}), 403)["detail"]


def test_nothing_was_written(api) -> None:
    for query, _ in WRITES_AND_WORSE:
        api.post("/cypher", json={"query": query})
    body = api.post(
        "/cypher",
        json={
            "query": "MATCH (n:Intruder) WITH count(n) AS n RETURN n, "
            "COUNT { (:Person {id: 'person:ilya-ponomarev'}) } "
            "AS still_there"
        },
    ).json()
    assert body["rows"] == [[0, 1]]


def test_row_cap(loaded_graph) -> None:
    with TestClient(
        create_app(loaded_graph, ApiSettings(cypher_max_rows=3)), base_url=LOCAL_API
    ) as client:
        body = client.post("/cypher", json={"query": "UNWIND range(1, 10) AS x RETURN x"}).json()
    assert body["rows"] == [[1], [2], [3]] and body["truncated"] and body["row_cap"] == 3


def test_a_slow_query_times_out_with_a_problem(loaded_graph) -> None:
    with TestClient(
        create_app(loaded_graph, ApiSettings(cypher_timeout=1)), base_url=LOCAL_API
    ) as client:
        response = client.post(
            "/cypher",
            json={
                "query": "UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 0 "
                "RETURN count(x) AS n"
            },
        )
    assert "timeout" in problem(response, 504)["detail"]


def test_request_timeout_cannot_exceed_the_server_cap(loaded_graph) -> None:
    with TestClient(
        create_app(loaded_graph, ApiSettings(cypher_timeout=1)), base_url=LOCAL_API
    ) as client:
        response = client.post(
            "/cypher",
            json={"query": "UNWIND range(1, 1000000000) AS x RETURN count(x)", "timeout": 600},
        )
    problem(response, 504)


@pytest.mark.parametrize(
    "body",
    [
        {"query": "MATCH (n RETURN n"},
        {"query": "MATCH (n:Person {id: $id}) RETURN n"},  # missing parameter
    ],
)
def test_invalid_cypher_is_400(api, body) -> None:
    problem(api.post("/cypher", json=body), 400)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"query": ""},
        {"query": "RETURN 1", "params": [1]},
        {"query": "x" * 10_001},
        {"query": "RETURN 1", "timeout": 0},
        {"query": "RETURN 1", "timeout": 0.1},  # below half a second nothing gets planned
        {"query": "RETURN 1", "extra": True},
        {"query": "RETURN $x", "params": {"x": 2**64}},  # Bolt integers are 64-bit
    ],
)
def test_malformed_requests_are_422(offline_api, body) -> None:
    problem(offline_api.post("/cypher", json=body), 422)
