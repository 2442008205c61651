"""bench.api_overhead samples only search targets /search accepts (seeds 7 and 8 once drew a
claim's long name, which /search refuses with 422, and the whole run failed)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.main import create_app
from bench.api_cases import searchable
from graph.settings import Neo4jSettings

CLAIM = (
    "Claim: the exiled opposition's call to vote for any candidate but Putin at noon on "
    "17 March 2024 was organised abroad"  # a claim's name: over /search's 100 characters
)


def test_searchable_is_what_search_accepts_before_reading_the_graph() -> None:
    app = create_app(Neo4jSettings(uri="bolt://127.0.0.1:9", password="unused"))
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        for name in (CLAIM, "?!", "", "Ilya Ponomarev", "Пономарёв"):
            refused = client.get("/search", params={"q": name}).status_code == 422
            assert searchable(name) is not refused, name
