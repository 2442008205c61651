"""Pages of a hub's relations, and neighbourhoods too large to read whole.

The entity page sorts and cuts in Cypher, then reads only the page's facts; a neighbourhood
of more than INLINE_EDGES relationships comes back bare and only what the walk keeps is read
in full. Both must answer exactly what one whole read would.
"""

from __future__ import annotations

from typing import Any

import pytest

from api.repository import entities

PUTIN = "person:vladimir-putin"  # the curated graph's most connected entity (40+ facts)
PAGE = 10


def _page(api, offset: int, limit: int = PAGE, **params: Any) -> dict[str, Any]:
    response = api.get(f"/entities/{PUTIN}", params={"limit": limit, "offset": offset, **params})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _key(relation: dict[str, Any]) -> tuple[str, str, str]:
    return relation["type"], relation["other"]["name"], relation["id"]


def test_a_hub_is_paged_without_gaps_or_repeats(api) -> None:
    first = _page(api, 0)
    total = first["relations_total"]
    assert total > 3 * PAGE  # more relations than a page, several pages
    assert len(first["relations"]) == PAGE
    pages = [first] + [_page(api, offset) for offset in range(PAGE, total, PAGE)]
    assert {p["relations_total"] for p in pages} == {total}  # the count before the cut
    relations = [r for p in pages for r in p["relations"]]
    ids = [r["id"] for r in relations]
    assert len(ids) == total and len(set(ids)) == total  # every one once
    assert [_key(r) for r in relations] == sorted(_key(r) for r in relations)
    assert _page(api, total)["relations"] == []  # past the end: an empty page, same total
    # The pages are the cuts of one whole read, sources and all.
    whole = _page(api, 0, limit=500)
    assert whole["relations"] == relations
    assert all(r["sources"] and r["sources"][0]["title"] for r in relations)
    # A page's sources: the entity's own citations do not depend on the page.
    assert {s["id"] for s in first["sources"]} == {s["id"] for s in whole["sources"]}


def test_a_type_filter_counts_and_pages_only_that_type(api) -> None:
    whole = _page(api, 0, limit=500)["relations"]
    chosen = ["OPPOSES", "LEADS"]
    expected = [r for r in whole if r["type"] in chosen]
    assert expected
    first = _page(api, 0, limit=2, types=chosen)
    assert first["relations_total"] == len(expected)
    rest = _page(api, 2, limit=500, types=chosen)["relations"]
    assert first["relations"] + rest == expected


@pytest.mark.parametrize(
    "params",
    [
        {"depth": 2, "limit": 60},
        {"depth": 3, "limit": 5},
        {"depth": 1},
        {"depth": 2, "types": ["OPPOSES", "LEADS", "MEMBER_OF"], "as_of": "2023-06-01"},
    ],
)
def test_bare_then_detailed_neighbourhood_equals_one_whole_read(
    api, monkeypatch: pytest.MonkeyPatch, params: dict[str, Any]
) -> None:
    path = f"/entities/{PUTIN}/neighbors"
    whole = api.get(path, params=params).json()
    assert whole["nodes"] and whole["edges"]
    monkeypatch.setattr(entities, "INLINE_EDGES", 0)  # every neighbourhood a "hub"
    two_reads = api.get(path, params=params)
    assert two_reads.status_code == 200, two_reads.text
    assert two_reads.json() == whole
