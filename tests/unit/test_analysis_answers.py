"""The /analysis answers without Neo4j: brokers, communities and common neighbours put
together from a tiny projection and relationship rows built here."""

from __future__ import annotations

from datetime import date
from typing import Any

from api.analysis import answers, projection
from api.analysis.filters import Filters
from api.analysis.projection import Projection

AS_OF = date(2024, 5, 1)
FILTERS = Filters(types=("LEADS",), as_of=AS_OF, include_attributed=False)
SOURCES = [{"id": "source:s", "title": "T", "publisher": "P"}]


def _graph(pairs: list[tuple[str, str]]) -> Projection:
    ids = sorted({x for pair in pairs for x in pair})
    nodes = [[i, i.split(":")[1].upper(), "Person"] for i in ids]
    return projection.build({"pairs": [list(p) for p in pairs], "nodes": nodes})


def _rel(rid: str, a: str, b: str, rtype: str = "LEADS") -> dict[str, Any]:
    props = {"id": rid, "sources": ["source:s"], "evidence": ["q"], "evidence_kinds": ["quote"]}
    return {"element_id": f"el-{rid}", "type": rtype, "source": a, "target": b, "props": props}


# two triangles a-b-c and d-e-f, joined by c-d; c-d is stated twice
TRIANGLES = [
    ("p:a", "p:b"),
    ("p:b", "p:c"),
    ("p:a", "p:c"),
    ("p:c", "p:d"),
    ("p:c", "p:d"),
    ("p:d", "p:e"),
    ("p:e", "p:f"),
    ("p:d", "p:f"),
]


def test_href_quotes_the_id_and_carries_as_of() -> None:
    assert answers.href("person:a b/c", None) == "/entities/person:a%20b%2Fc"
    assert answers.href("org:x", AS_OF) == "/entities/org:x?as_of=2024-05-01"
    p = _graph([("p:a", "p:b")])
    assert answers.member(p, 1, None).model_dump() == {
        "id": "p:b",
        "name": "B",
        "type": "Person",
        "href": "/entities/p:b",
    }


def test_renumber_by_size_then_first_vertex() -> None:
    assert answers.renumber([5, 5, 2, 7, 7, 7]) == [1, 1, 2, 0, 0, 0]
    assert answers.renumber([3, 3, 1, 1]) == [0, 0, 1, 1]  # equal sizes: first seen first
    assert answers.renumber([]) == []


def test_top_brokers_rank_by_score_then_degree_then_id() -> None:
    p = _graph([("p:a", "p:b"), ("p:c", "p:d"), ("p:c", "p:e"), ("p:f", "p:g")])
    scores = [0.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0]
    chosen = answers.top_brokers(p, scores, [0, 0, 1, 1, 1, 2, 2], limit=3)
    assert [p.ids[c.vertex] for c in chosen] == ["p:c", "p:a", "p:b"]  # c scores; then ids
    chosen = answers.top_brokers(p, [0.0] * 7, [0, 0, 1, 1, 1, 2, 2], limit=1)
    assert p.ids[chosen[0].vertex] == "p:c"  # no score: most neighbours


def test_a_broker_bridges_to_the_most_linked_communities_through_its_best_neighbour() -> None:
    # m (community 0) links x1, x2 (community 1), y (community 2), z (community 0);
    # x2 has a further neighbour, so it is the bridge into community 1
    p = _graph([("p:m", "p:x1"), ("p:m", "p:x2"), ("p:m", "p:y"), ("p:m", "p:z"), ("p:x2", "p:w")])
    assert p.ids == ["p:m", "p:w", "p:x1", "p:x2", "p:y", "p:z"]
    membership = [0, 1, 1, 1, 2, 0]
    scores = [0.9, 0.0, 0.0, 0.1, 0.0, 0.0]
    top, second = answers.top_brokers(p, scores, membership, limit=2)
    assert top.vertex == 0 and top.reached == 2
    assert top.bridges == [(1, p.index["p:x2"]), (2, p.index["p:y"])]
    assert second.vertex == p.index["p:x2"] and second.reached == 1
    assert second.bridges == [(0, 0)]
    assert answers.bridge_pairs(p, [top]) == [["p:m", "p:x2"], ["p:m", "p:y"]]


def test_bridges_rank_by_neighbours_then_community_size_then_id() -> None:
    # hub in community 0; community 3: two neighbours; 1 and 2 one each, 2 the larger
    p = _graph(
        [("p:hub", "p:a"), ("p:hub", "p:b"), ("p:hub", "p:c"), ("p:hub", "p:d"), ("p:e", "p:f")]
    )
    assert p.ids == ["p:a", "p:b", "p:c", "p:d", "p:e", "p:f", "p:hub"]
    membership = [1, 2, 3, 3, 2, 2, 0]
    (hub,) = answers.top_brokers(p, [0.0] * 6 + [1.0], membership, limit=1)
    assert [c for c, _ in hub.bridges] == [3, 2, 1]
    assert hub.bridges[0] == (3, p.index["p:c"])  # equal degrees: the smaller id


def test_at_most_five_bridges_per_broker() -> None:
    p = _graph([("p:hub", f"p:n{i}") for i in range(7)])
    membership = [0, *range(1, 8)]
    (hub,) = answers.top_brokers(p, [1.0] + [0.0] * 7, membership, limit=1)
    assert hub.reached == 7 and len(hub.bridges) == answers.BRIDGES
    assert [c for c, _ in hub.bridges] == [1, 2, 3, 4, 5]  # equal sizes: by id


def test_brokers_answer_carries_the_relations_of_each_bridge() -> None:
    p = _graph(TRIANGLES)
    membership = [0, 0, 0, 1, 1, 1]
    scores = [0.0, 0.0, 0.6, 0.6, 0.0, 0.0]
    chosen = answers.top_brokers(p, scores, membership, limit=1)
    edges = answers.EdgeIndex.of(
        {"rels": [_rel("r2", "p:d", "p:c"), _rel("r1", "p:c", "p:d")], "sources": SOURCES}
    )
    out = answers.brokers(p, FILTERS, scores, None, membership, chosen, edges)
    assert out.exact and out.sample_size is None
    assert out.projection.model_dump() == {
        "types": ["LEADS"],
        "as_of": AS_OF,
        "include_attributed": False,
        "nodes": 6,
        "ties": 7,
        "relationships": 8,
    }
    (broker,) = out.brokers
    assert (broker.id, broker.score, broker.degree, broker.community) == ("p:c", 0.6, 3, 0)
    assert broker.href == "/entities/p:c?as_of=2024-05-01"
    (bridge,) = broker.bridges
    assert (bridge.community, bridge.community_size, bridge.neighbour.id) == (1, 3, "p:d")
    assert [e.id for e in bridge.relations] == ["r1", "r2"]  # by id
    assert bridge.relations[0].sources[0].publisher == "P"
    sampled = answers.brokers(p, FILTERS, scores, 64, membership, chosen, edges)
    assert not sampled.exact and sampled.sample_size == 64


def test_edge_index_finds_relations_in_either_direction() -> None:
    edges = answers.EdgeIndex.of({"rels": [_rel("r1", "p:a", "p:b")], "sources": SOURCES})
    assert [e.id for e in edges.between("p:b", "p:a")] == ["r1"]
    assert edges.between("p:a", "p:c") == []
    assert answers.EdgeIndex.empty().between("p:a", "p:b") == []


def test_groups_count_members_inside_and_choose_the_heaviest_core_ties() -> None:
    p = _graph([*TRIANGLES, ("p:x", "p:y")])
    # a-f as two triangles; x, y a community of two
    membership = [0, 0, 0, 1, 1, 1, 2, 2]
    total, found = answers.groups(p, membership, min_size=3, limit=10, members=2)
    assert total == 2 and [g.id for g in found] == [0, 1]
    first, second = found
    assert first.size == 3
    assert [(p.ids[v], n) for v, n in first.members] == [("p:c", 2), ("p:a", 2)]  # c: degree 3
    assert (p.index["p:c"], p.index["p:d"]) not in first.core  # a tie across is in no core
    assert second.core[0] == (p.index["p:d"], p.index["p:e"])  # all equal: smaller ends first
    heavy = _graph([("p:a", "p:b"), ("p:b", "p:c"), ("p:b", "p:c"), ("p:a", "p:c")])
    _, (only,) = answers.groups(heavy, [0, 0, 0], 1, 1, 3)
    assert only.core[0] == (1, 2)  # the tie of weight 2 first
    assert answers.core_pairs(heavy, [only])[0] == ["p:b", "p:c"]


def test_groups_respect_min_size_and_limit() -> None:
    p = _graph([*TRIANGLES, ("p:x", "p:y")])
    membership = [0, 0, 0, 1, 1, 1, 2, 2]
    total, found = answers.groups(p, membership, min_size=2, limit=1, members=10)
    assert total == 3 and [g.id for g in found] == [0]
    assert len(found[0].members) == 3


def test_communities_answer_shows_one_relation_per_core_tie() -> None:
    p = _graph(TRIANGLES)
    membership = [0, 0, 0, 1, 1, 1]
    total, found = answers.groups(p, [*membership[:5], 2], 3, 10, 10)  # f alone: too small
    assert total == 1
    total, found = answers.groups(p, membership, 1, 10, 10)
    rels = [_rel("r-ab-2", "p:a", "p:b"), _rel("r-ab-1", "p:b", "p:a"), _rel("r-de", "p:d", "p:e")]
    edges = answers.EdgeIndex.of({"rels": rels, "sources": SOURCES})
    out = answers.communities(p, FILTERS, "other", 1.0, membership, 0.1234567, total, found, edges)
    assert out.algorithm == "leiden" and out.modularity == 0.123457
    assert (out.count, out.total) == (2, 2)
    one, two = out.communities
    assert [e.id for e in one.edges] == ["r-ab-1"]  # the first of the pair's two
    assert [e.id for e in two.edges] == ["r-de"]
    assert one.members[0].degree == 2 and one.members[0].href.endswith("?as_of=2024-05-01")
    louvain = answers.communities(p, FILTERS, "louvain", 0.5, [0, 0, 1, 2, 3, 3], 0.0, 1, [], edges)
    assert louvain.algorithm == "louvain" and louvain.communities == []
    assert (louvain.count, louvain.total) == (4, 1)  # every community; those big enough


def test_common_groups_each_shared_neighbours_relations_by_the_given_entity() -> None:
    row = {
        "sources": SOURCES,
        "total": 5,
        "shared": [
            {
                "node": {"id": "org:x", "name": None, "type": "Organization"},
                "rels": [
                    _rel("r1", "p:a", "org:x"),
                    _rel("r2", "org:x", "p:b"),
                    _rel("r3", "p:a", "org:x", "MEMBER_OF"),
                ],
            }
        ],
    }
    filters = Filters(types=None, as_of=None, include_attributed=True)
    out = answers.common(["p:a", "p:b"], filters, row)
    assert out.total == 5 and out.types is None and out.include_attributed
    (shared,) = out.neighbours
    assert shared.neighbour.name == "org:x" and shared.neighbour.href == "/entities/org:x"
    assert [(link.entity, [e.id for e in link.relations]) for link in shared.links] == [
        ("p:a", ["r1", "r3"]),
        ("p:b", ["r2"]),
    ]
