"""The analysis cache: answers until the graph's version changes; the warm-up at start."""

from __future__ import annotations

from typing import Any

import pytest

from api.analysis import engine, projection, service
from tests.api.analysis_helpers import EXCHANGE, KARA_MURZA, SUBJECT_OF_EXCHANGE, get


def test_cache_answers_until_the_graph_changes(api, driver, monkeypatch) -> None:
    """A change of a date alone (the same counts) still reaches the next answer."""
    reads: list[int] = []

    def counted(row: dict[str, Any]) -> projection.Projection:
        reads.append(1)
        return projection.build(row)

    monkeypatch.setattr(service, "build", counted)
    params = {"types": ["SUBJECT_OF"], "as_of": "2024-09-01", "limit": 50}
    before = get(api, "brokers", **params)
    get(api, "brokers", **params)
    assert len(reads) <= 1  # the second answer came from the cache
    read = "MATCH ()-[r {id: $id}]->() RETURN r.valid_from_date AS day"
    move = "MATCH ()-[r {id: $id}]->() SET r.valid_from_date = $day"
    day = driver.execute_query(read, id=SUBJECT_OF_EXCHANGE).records[0]["day"]
    assert day is not None
    try:
        driver.execute_query(move, id=SUBJECT_OF_EXCHANGE, day=day.replace(year=2030))
        seen = len(reads)
        moved = get(api, "brokers", **params)
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
    assert get(api, "brokers", **params) == before


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
