"""Who may ask, by which name, how often, and what every response says about itself.

The Host check against DNS rebinding, the security headers, API keys, the /cypher rate
limit, problem+json errors as the OpenAPI document describes them (405 with Allow, 422,
even a request uvicorn cannot parse), and `kg serve` refusing to expose the API unkeyed.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
import uvicorn
from fastapi.testclient import TestClient

from api.main import create_app
from api.protocol import ProblemHttpProtocol
from api.settings import ApiSettings
from graph.settings import Neo4jSettings
from kg import cli
from tests.helpers import LOCAL_API, free_port, problem

HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}
KEY = "s3cret-key"


def client(graph: Neo4jSettings, **settings: Any) -> TestClient:
    return TestClient(create_app(graph, ApiSettings(**settings)), base_url=LOCAL_API)


@pytest.fixture(scope="module")
def keyed(loaded_graph: Neo4jSettings) -> Iterator[TestClient]:
    with client(loaded_graph, api_keys=(KEY, "other-key"), cypher_rate="3/minute") as keyed:
        yield keyed


@pytest.mark.parametrize(
    "host", ["attacker.example", "attacker.example:8000", "127.0.0.1.nip.io", "127.0.0.1@x"]
)
def test_a_hostile_host_is_refused(api, host: str) -> None:
    response = api.get("/search", params={"q": "Ponomarev"}, headers={"host": host})
    body = problem(response, 400)
    assert repr(host) in body["detail"] and "KG_ALLOWED_HOSTS" in body["detail"]
    assert "results" not in body
    for name, value in HEADERS.items():  # refusals carry the headers too
        assert response.headers[name] == value


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000"]
)
def test_the_loopback_names_pass_with_any_port(api, host: str) -> None:
    response = api.get("/search", params={"q": "Ponomarev"}, headers={"host": host})
    assert response.status_code == 200, response.text


def test_allowed_hosts_come_from_the_environment(
    loaded_graph: Neo4jSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KG_ALLOWED_HOSTS", raising=False)
    monkeypatch.delenv("KG_GUIDE_HOST", raising=False)
    assert ApiSettings().allowed_hosts == ("127.0.0.1", "localhost", "::1")
    monkeypatch.setenv("KG_ALLOWED_HOSTS", "graph.newsroom.example, 10.0.0.5")
    with TestClient(create_app(loaded_graph), base_url="http://graph.newsroom.example") as c:
        assert c.get("/health").status_code == 200
        assert c.get("/health", headers={"host": "10.0.0.5:8000"}).status_code == 200
        assert c.get("/health", headers={"host": "localhost"}).status_code == 400
        # The guide host's name stays allowed: Neo4j Browser fetches the guide from it.
        assert c.get("/health", headers={"host": "127.0.0.1:8000"}).status_code == 200


def test_every_response_has_the_security_headers(api) -> None:
    for path in ("/stats", "/entities/person:nobody", "/guide/newsroom.grass", "/docs"):
        response = api.get(path)
        for name, value in HEADERS.items():
            assert response.headers[name] == value, (path, name)
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert api.get("/stats").headers["content-security-policy"].startswith("default-src 'none'")
    # /docs runs its one inline script by hash, never any inline script.
    policy = api.get("/docs").headers["content-security-policy"].split(";")
    scripts = next(d for d in policy if d.strip().startswith("script-src"))
    assert "'self' 'sha256-" in scripts and "unsafe" not in scripts
    # The guide keeps its CORS: Neo4j Browser fetches it from another origin.
    assert api.get("/guide/newsroom.html").headers["access-control-allow-origin"] == "*"


def test_the_guide_names_the_configured_guide_host_not_the_request_host(
    loaded_graph: Neo4jSettings,
) -> None:
    with client(loaded_graph, guide_host="127.0.0.1:8123") as c:
        html = c.get("/guide/newsroom.html", headers={"host": "localhost:6666"}).text
        assert ":style http://127.0.0.1:8123/guide/newsroom.grass" in html
        assert "6666" not in html and "localhost" not in html
        refused = c.get("/guide/newsroom.html", headers={"host": "attacker.example"})
        assert refused.status_code == 400 and "<slide" not in refused.text


def test_a_key_is_needed_when_keys_are_set(keyed: TestClient) -> None:
    for headers in ({}, {"authorization": "Bearer wrong"}, {"x-api-key": "wrong"}):
        response = keyed.get("/stats", headers=headers)
        problem(response, 401)
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert problem(keyed.get("/no-such-route"), 401)  # routes are not revealed either
    assert keyed.get("/stats", headers={"authorization": f"Bearer {KEY}"}).status_code == 200
    assert keyed.get("/stats", headers={"x-api-key": "other-key"}).status_code == 200
    # Probes, the API's description and what Neo4j Browser fetches stay open.
    for path in ("/health", "/ready", "/openapi.json", "/docs", "/guide/newsroom.html"):
        assert keyed.get(path).status_code == 200, path
    # The document says so: 401 on protected routes, none on open ones.
    document = keyed.get("/openapi.json").json()
    paths = document["paths"]
    assert "401" in paths["/stats"]["get"]["responses"]
    assert "security" in paths["/stats"]["get"] and "security" not in paths["/health"]["get"]
    # Either scheme alone is enough: two alternatives, not one requirement naming both.
    assert paths["/stats"]["get"]["security"] == [{"bearer": []}, {"apiKey": []}]
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"]["scheme"] == "bearer"
    assert schemes["apiKey"] == {"type": "apiKey", "in": "header", "name": "X-API-Key"}


def test_cypher_is_rate_limited_per_key(keyed: TestClient) -> None:
    run = {"query": "RETURN 1 AS one"}
    mine, other = {"x-api-key": KEY}, {"x-api-key": "other-key"}
    for _ in range(3):
        assert keyed.post("/cypher", json=run, headers=mine).status_code == 200
    limited = keyed.post("/cypher", json=run, headers=mine)
    body = problem(limited, 429)
    assert "3/minute" in body["detail"]
    assert 1 <= int(limited.headers["retry-after"]) <= 20
    # Another key has its own bucket; other routes are not limited.
    assert keyed.post("/cypher", json=run, headers=other).status_code == 200
    assert keyed.get("/stats", headers=mine).status_code == 200
    responses = keyed.get("/openapi.json").json()["paths"]["/cypher"]["post"]["responses"]
    assert "Retry-After" in responses["429"]["headers"]


def test_a_405_says_which_methods_are_allowed(api) -> None:
    for method, path, allowed in (("POST", "/health", "GET"), ("DELETE", "/cypher", "POST")):
        response = api.request(method, path)
        problem(response, 405)
        assert response.headers["allow"] == allowed


def test_errors_match_the_openapi_document(api) -> None:
    document = api.get("/openapi.json").json()
    assert "HTTPValidationError" not in document["components"]["schemas"]
    schema = schemathesis.openapi.from_dict(document)
    cases = [
        ("/search", {"q": ""}, 422),  # fails the schema
        ("/search", {"q": "!!!"}, 422),  # passes it, but has no letters
        ("/paths", {"from": "person:ilya-ponomarev", "to": "person:ilya-ponomarev"}, 422),
        ("/events", {"start": "2024-01-02", "end": "2024-01-01"}, 422),
        ("/entities/person:nobody", {}, 404),
    ]
    for path, params, status in cases:
        response = api.get(path, params=params)
        body = problem(response, status)
        route = path if path != "/entities/person:nobody" else "/entities/{id}"
        documented = document["paths"][route]["get"]["responses"][str(status)]
        assert list(documented["content"]) == ["application/problem+json"]
        schema[route]["GET"].validate_response(response)  # raises on any mismatch
        if status == 422 and params.get("q") == "":
            assert body["errors"][0]["field"] == "query.q"


def test_a_nul_in_search_is_no_letter(api) -> None:
    # The fold once turned NUL into "й" (then "i"), and found Ilya Ponomarev.
    response = api.get("/search?q=%00")
    assert "no letters" in problem(response, 422)["detail"]
    assert "ponomarev" not in response.text


def test_a_request_uvicorn_cannot_parse_gets_a_problem() -> None:
    nowhere = Neo4jSettings(uri="bolt://127.0.0.1:9", password="unused")
    port = free_port()
    config = uvicorn.Config(
        create_app(nowhere), host="127.0.0.1", port=port, http=ProblemHttpProtocol
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"NOT AN HTTP REQUEST\r\n\r\n")
            raw = b""
            while chunk := sock.recv(4096):
                raw += chunk
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert b"content-type: application/problem+json" in head.lower()
    assert b"x-content-type-options: nosniff" in head.lower()
    assert b'"status": 400' in body and b"Invalid HTTP request" in body


def test_kg_serve_refuses_a_public_address_without_keys(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    served: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: served.append(kwargs))
    monkeypatch.delenv("KG_API_KEYS", raising=False)
    assert cli.main(["serve", "--host", "0.0.0.0"]) != 0
    error = capsys.readouterr().err
    assert "refusing to serve on 0.0.0.0 without API keys" in error and "KG_API_KEYS" in error
    assert served == []
    # Loopback needs no key; a public address does with one, and a bad request line
    # then gets problem+json from the server's own protocol.
    assert cli.main(["serve", "--host", "127.0.0.1", "--port", "8765"]) == 0
    monkeypatch.setenv("KG_API_KEYS", KEY)
    assert cli.main(["serve", "--host", "0.0.0.0"]) == 0
    assert [s["host"] for s in served] == ["127.0.0.1", "0.0.0.0"]
    assert all(s["http"] is ProblemHttpProtocol for s in served)
