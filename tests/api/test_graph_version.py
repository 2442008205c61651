"""One graph version (api/repository/version.py) for every cache: a write that keeps the
entity count and the total length of the search keys still reaches POST /link at once."""

from __future__ import annotations

from typing import Any

from api.analysis.service import Analysis
from api.repository import Repository
from graph import text

ENTITY = "org:dossier-center"
OLD, NEW = "Dossier", "Zumbal"  # folded, both keys are six letters: dosier, zumbal
NAMES = (
    "MATCH (n:Entity {id: $id}) RETURN n.name AS name, n.aliases AS aliases, "
    "n.search_keys AS keys, n.search_text AS text"
)
RENAME = (
    "MATCH (n:Entity {id: $id}) "
    "SET n.aliases = $aliases, n.search_keys = $keys, n.search_text = $text"
)
# What the link index compared before it followed the graph's version.
NAMES_VERSION = (
    "MATCH (n:Entity) RETURN count(n) AS entities, sum(size(coalesce(n.search_text, ''))) AS chars"
)


def _linked(api: Any, said: str) -> list[str]:
    response = api.post("/link", json={"text": f"According to {said}, the money moved."})
    assert response.status_code == 200, response.text
    return [m["entity"]["id"] for m in response.json()["mentions"]]


def _write(driver: Any, aliases: list[str], keys: list[str], joined: str) -> None:
    driver.execute_query(RENAME, id=ENTITY, aliases=aliases, keys=keys, text=joined)


def test_link_follows_an_edit_that_keeps_the_counts_and_lengths(api, driver) -> None:
    app_state = api.app.state
    repository, analysis = app_state.repository, app_state.analysis
    assert isinstance(repository, Repository) and isinstance(analysis, Analysis)
    assert analysis.graph_version is repository.version  # one version for both caches

    record = driver.execute_query(NAMES, id=ENTITY).records[0]
    name, aliases = record["name"], list(record["aliases"])
    assert OLD in aliases
    renamed = [NEW if alias == OLD else alias for alias in aliases]
    keys = text.search_keys(name, *renamed, person=False)  # as ingest/transform.py makes them
    assert ENTITY in _linked(api, OLD) and ENTITY not in _linked(api, NEW)  # index built
    before = driver.execute_query(NAMES_VERSION).records[0]
    try:
        _write(driver, renamed, keys, " | ".join(keys))
        # Neither the entity count nor the keys' total length moved ...
        assert driver.execute_query(NAMES_VERSION).records[0] == before
        # ... and the very next link (no waiting) reads the new names.
        assert ENTITY in _linked(api, NEW)
        assert ENTITY not in _linked(api, OLD)
    finally:
        _write(driver, aliases, record["keys"], record["text"])
    assert ENTITY in _linked(api, OLD) and ENTITY not in _linked(api, NEW)
