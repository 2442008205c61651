"""Path evidence without Neo4j: the measures, the ranking and one path per route."""

from __future__ import annotations

from api import path_evidence
from api.schemas import Citation, Edge, Node, Path, PathEvidence


def _cite(source: str, kind: str | None, publisher: str | None = None) -> Citation:
    text = {"quote": "said verbatim", "note": "paraphrased"}
    extra = {kind: text[kind]} if kind else {}
    return Citation.model_validate(
        {"id": source, "publisher": publisher, "evidence_kind": kind, **extra}
    )


def _edge(edge_id: str, a: str, b: str, *cites: Citation) -> Edge:
    return Edge(id=edge_id, type="LEADS", source=a, target=b, properties={}, sources=list(cites))


def _path(ids: list[str], edges: list[Edge]) -> Path:
    nodes = [Node(id=i, name=i.upper(), type="Person") for i in ids]
    return Path(length=len(edges), evidence=path_evidence.evidence(edges), nodes=nodes, edges=edges)


def test_evidence_counts_quoted_hops_quotes_notes_sources_and_publishers() -> None:
    edges = [
        _edge("e1", "a", "b", _cite("s1", "quote", "Meduza"), _cite("s2", "quote", " meduza ")),
        _edge("e2", "b", "c", _cite("s1", "note", "Meduza"), _cite("s3", None)),
        _edge("e3", "c", "d"),
    ]
    assert path_evidence.evidence(edges) == PathEvidence(
        quoted_hops=1,  # two quotes on one hop are one quoted hop
        quotes=2,
        notes=1,
        sources=3,  # s1 twice is one source
        publishers=2,  # "Meduza" and " meduza " are one publisher; s3 has none: its own
    )


def test_a_source_without_publisher_counts_as_its_own() -> None:
    edges = [_edge("e1", "a", "b", _cite("s1", "quote"), _cite("s2", "quote"))]
    assert path_evidence.evidence(edges).publishers == 2
    assert path_evidence.evidence([]) == PathEvidence(
        quoted_hops=0, quotes=0, notes=0, sources=0, publishers=0
    )


def test_rank_key_orders_by_quoted_hops_then_publishers_then_quotes_then_sources() -> None:
    e = path_evidence.rank_key
    quoted_hops = _path(
        ["a", "z", "b"],
        [
            _edge("1", "a", "z", _cite("s1", "quote", "P")),
            _edge("2", "z", "b", _cite("s1", "quote", "P")),
        ],
    )
    publishers = _path(
        ["a", "y", "b"],
        [
            _edge(
                "3",
                "a",
                "y",
                _cite("s1", "quote", "P"),
                _cite("s2", "note", "Q"),
                _cite("s3", "note", "R"),
            ),
            _edge("4", "y", "b", _cite("s4", "note", "S")),
        ],
    )
    quotes = _path(
        ["a", "x", "b"],
        [
            _edge(
                "5",
                "a",
                "x",
                _cite("s1", "quote", "P"),
                _cite("s2", "quote", "P"),
                _cite("s3", "quote", "P"),
            ),
            _edge("6", "x", "b", _cite("s1", "note", "P")),
        ],
    )
    sources = _path(
        ["a", "w", "b"],
        [
            _edge("7", "a", "w", _cite("s1", "quote", "P"), _cite("s2", "note", "P")),
            _edge("8", "w", "b", _cite("s3", "note", "P")),
        ],
    )
    fewer = _path(
        ["a", "u", "b"],
        [
            _edge("11", "a", "u", _cite("s1", "quote", "P")),
            _edge("12", "u", "b", _cite("s1", "note", "P")),
        ],
    )
    bare = _path(["a", "v", "b"], [_edge("9", "a", "v"), _edge("10", "v", "b")])
    ordered = [quoted_hops, publishers, quotes, sources, fewer, bare]
    assert sorted(reversed(ordered), key=e) == ordered
    shown = [p.nodes[1].id for p in path_evidence.ranked(reversed(ordered))]
    assert shown == ["z", "y", "x", "w", "u", "v"]


def test_ties_are_broken_by_node_ids_then_edge_ids() -> None:
    paths = [
        _path(["a", "n2", "b"], [_edge("e1", "a", "n2"), _edge("e2", "n2", "b")]),
        _path(["a", "n1", "b"], [_edge("e9", "a", "n1"), _edge("e8", "n1", "b")]),
    ]
    assert [p.nodes[1].id for p in path_evidence.ranked(paths)] == ["n1", "n2"]
    parallel = [
        _path(["a", "b"], [_edge("r2", "a", "b")]),
        _path(["a", "b"], [_edge("r1", "a", "b")]),
    ]
    (only,) = path_evidence.ranked(parallel)
    assert [e.id for e in only.edges] == ["r1"]


def test_a_shorter_path_comes_first_however_well_sourced_the_longer() -> None:
    long = _path(
        ["a", "m", "b"],
        [
            _edge("1", "a", "m", _cite("s1", "quote", "P")),
            _edge("2", "m", "b", _cite("s2", "quote", "Q")),
        ],
    )
    short = _path(["a", "b"], [_edge("3", "a", "b")])
    assert [p.length for p in path_evidence.ranked([long, short])] == [1, 2]


def test_parallel_statements_make_one_route_with_variants_and_other_edges() -> None:
    # a -> m -> b with two statements on each hop: four combinations, one route
    first = [
        _edge("b-note", "a", "m", _cite("s1", "note")),
        _edge("b-quote", "a", "m", _cite("s2", "quote")),
    ]
    second = [
        _edge("a-2", "m", "b", _cite("s3", "note")),
        _edge("a-1", "m", "b", _cite("s3", "note")),
    ]
    combos = [_path(["a", "m", "b"], [x, y]) for x in first for y in second]
    other = _path(["a", "k", "b"], [_edge("k1", "a", "k"), _edge("k2", "k", "b")])
    out = path_evidence.ranked([*combos, other])
    assert len(out) == 2
    best, rest = out
    assert [n.id for n in best.nodes] == ["a", "m", "b"]
    assert [e.id for e in best.edges] == ["b-quote", "a-1"]  # quoted; then the smaller id
    assert best.variants == 4
    assert [e.id for e in best.other_edges] == ["a-2", "b-note"]  # by id, not as read
    assert rest.variants == 1 and rest.other_edges == []


def test_routes_through_the_same_entities_in_another_order_stay_apart() -> None:
    one = _path(
        ["a", "x", "y", "b"], [_edge("1", "a", "x"), _edge("2", "x", "y"), _edge("3", "y", "b")]
    )
    two = _path(
        ["a", "y", "x", "b"], [_edge("4", "a", "y"), _edge("2", "y", "x"), _edge("5", "x", "b")]
    )
    out = path_evidence.ranked([two, one])
    assert [[n.id for n in p.nodes] for p in out] == [["a", "x", "y", "b"], ["a", "y", "x", "b"]]
    assert all(p.variants == 1 for p in out)
