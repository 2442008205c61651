"""The analysis engine and projection without Neo4j: scores computed by hand on tiny graphs."""

from __future__ import annotations

import itertools
import random
from typing import Any

import anyio
import pytest

from api.analysis import engine, projection

PATH5 = [(0, 1), (1, 2), (2, 3), (3, 4)]


def _cliques(size: int = 4) -> list[tuple[int, int]]:
    """Two cliques of `size` joined by one edge between vertex size-1 and vertex size."""
    one = list(itertools.combinations(range(size), 2))
    return [*one, *((a + size, b + size) for a, b in one), (size - 1, size)]


def test_betweenness_of_a_path_is_exact_and_normalised() -> None:
    # vertex 1 lies between 3 pairs, vertex 2 between 4, of (5-1)(5-2)/2 = 6
    scores, sample = engine.betweenness(5, PATH5)
    assert sample is None
    assert scores == pytest.approx([0.0, 3 / 6, 4 / 6, 3 / 6, 0.0])


def test_betweenness_of_a_star_puts_the_centre_on_every_path() -> None:
    scores, sample = engine.betweenness(5, [(0, 1), (0, 2), (0, 3), (0, 4)])
    assert sample is None
    assert scores == pytest.approx([1.0, 0.0, 0.0, 0.0, 0.0])


def test_betweenness_of_two_vertices_or_fewer_is_zero() -> None:
    assert engine.betweenness(2, [(0, 1)]) == ([0.0, 0.0], None)
    assert engine.betweenness(0, []) == ([], None)


def test_sampled_betweenness_with_every_vertex_as_pivot_equals_exact() -> None:
    scores, sample = engine.betweenness(5, PATH5, exact_max=2, pivots=99)
    assert sample == 5  # never more pivots than vertices
    assert scores == pytest.approx([0.0, 3 / 6, 4 / 6, 3 / 6, 0.0])


def _path_estimate(n: int, sources: list[int]) -> list[float]:
    """Betweenness on the path 0-1-...-(n-1) from the given sources, scaled and normalised as
    the engine does (each unordered pair counts half from either of its ends)."""
    raw = [0.0] * n
    for s in sources:
        for t in range(n):
            for v in range(min(s, t) + 1, max(s, t)):
                raw[v] += 0.5
    return [r * n / len(sources) / ((n - 1) * (n - 2) / 2) for r in raw]


def test_sampled_betweenness_uses_seeded_pivots_and_scales_up() -> None:
    scores, sample = engine.betweenness(5, PATH5, exact_max=2, pivots=2)
    assert sample == 2
    sources = sorted(random.Random(engine.SEED).sample(range(5), 2))
    assert scores == pytest.approx(_path_estimate(5, sources))
    # an estimate, not the exact answer
    assert scores != pytest.approx([0.0, 3 / 6, 4 / 6, 3 / 6, 0.0])
    assert engine.betweenness(5, PATH5, exact_max=2, pivots=2) == (scores, sample)


def test_two_cliques_joined_by_one_edge_are_two_communities() -> None:
    pairs = _cliques()
    for algorithm in ("leiden", "louvain"):
        membership, modularity = engine.communities(8, pairs, [1] * len(pairs), algorithm, 1.0)
        assert len(set(membership[:4])) == 1 and len(set(membership[4:])) == 1
        assert membership[0] != membership[4]
        # 13 edges; each side: 6 inside, degree sum 13: Q = 2 (6/13 - (13/26)^2)
        assert modularity == pytest.approx(2 * (6 / 13 - 0.25))


def test_communities_and_modularity_weigh_the_ties() -> None:
    # the bridge between the cliques stated five times: its ends pair off
    pairs = _cliques()
    weights = [1] * 12 + [5]
    for algorithm in ("leiden", "louvain"):
        membership, modularity = engine.communities(8, pairs, weights, algorithm, 1.0)
        assert membership == [0, 0, 0, 1, 1, 2, 2, 2]
        # weight 17: {0,1,2} and {5,6,7} hold 3 with degrees 9, {3,4} holds 5 with 16
        expected = 2 * (3 / 17 - (9 / 34) ** 2) + (5 / 17 - (16 / 34) ** 2)
        assert modularity == pytest.approx(expected)


# a random graph (seeded) on which leiden's answer depends on the random generator
RANDOM_GRAPH = [
    (0, 6),
    (0, 7),
    (0, 8),
    (0, 9),
    (0, 11),
    (1, 3),
    (1, 7),
    (1, 12),
    (2, 5),
    (2, 11),
    (3, 7),
    (3, 9),
    (4, 5),
    (4, 11),
    (4, 12),
    (5, 6),
    (5, 8),
    (5, 9),
    (6, 12),
    (9, 11),
    (12, 13),
]


def test_communities_are_deterministic_whatever_the_global_generator() -> None:
    ones = [1] * len(RANDOM_GRAPH)
    first = engine.communities(14, RANDOM_GRAPH, ones, "leiden", 1.0)
    for seed in range(6):
        random.seed(seed)  # igraph's default generator: must not leak into a run
        assert engine.communities(14, RANDOM_GRAPH, ones, "leiden", 1.0) == first
    assert engine.communities(14, RANDOM_GRAPH, ones, "louvain", 1.0) == engine.communities(
        14, RANDOM_GRAPH, ones, "louvain", 1.0
    )


def test_communities_without_ties_have_zero_modularity() -> None:
    membership, modularity = engine.communities(3, [], [], "leiden", 1.0)
    assert len(membership) == 3 and modularity == 0.0


@pytest.mark.parametrize(
    ("ties", "pivots"),
    [(0, 256), (1, 256), (80_000, 250), (300_000, 66), (10**9, 32)],
)
def test_pivots_follow_the_budget(ties: int, pivots: int) -> None:
    assert engine.pivots_for(ties) == pivots


def test_run_uses_a_thread_for_small_and_a_process_for_large(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []

    async def in_process(func: Any, *args: Any) -> Any:
        calls.append("process")
        return func(*args)

    monkeypatch.setattr(anyio.to_process, "run_sync", in_process)

    async def both() -> tuple[int, int]:
        small = await engine.run(pow, 2, 3, edges=engine.PROCESS_MIN_EDGES - 1)
        large = await engine.run(pow, 2, 4, edges=engine.PROCESS_MIN_EDGES)
        return small, large

    assert anyio.run(both) == (8, 16)
    assert calls == ["process"]


def _row(pairs: list[list[str]], nodes: list[list[Any]]) -> dict[str, Any]:
    return {"pairs": pairs, "nodes": nodes}


def test_projection_numbers_vertices_by_sorted_id() -> None:
    p = projection.build(
        _row(
            [["person:c", "org:a"], ["org:a", "person:b"]],
            [["person:c", "C", "Person"], ["org:a", "A", "Organization"], ["person:b", None, None]],
        )
    )
    assert p.ids == ["org:a", "person:b", "person:c"]
    assert p.index == {"org:a": 0, "person:b": 1, "person:c": 2}
    assert p.names == ["A", "person:b", "C"]  # no name: the id
    assert p.types == ["Organization", "", "Person"]
    assert p.pairs == [(0, 1), (0, 2)]
    assert p.n == 3


def test_parallel_relationships_are_one_weighted_tie_and_loops_are_dropped() -> None:
    nodes = [["a", "A", "T"], ["b", "B", "T"], ["c", "C", "T"]]
    pairs = [["b", "a"], ["a", "b"], ["a", "b"], ["c", "c"], ["c", "a"]]
    p = projection.build(_row(pairs, nodes))
    assert p.pairs == [(0, 1), (0, 2)]
    assert p.weights == [3, 1]
    assert p.relationships == 5  # every relationship read, loops too
    assert p.neighbours == [[1, 2], [0], [0]]
    assert [p.degree(v) for v in range(3)] == [2, 1, 1]


def test_projection_is_the_same_whatever_the_row_order() -> None:
    nodes = [["x", "X", "T"], ["y", "Y", "T"], ["z", "Z", "T"]]
    pairs = [["x", "y"], ["z", "y"], ["x", "z"]]
    one = projection.build(_row(pairs, nodes))
    two = projection.build(_row([[b, a] for a, b in reversed(pairs)], list(reversed(nodes))))
    assert one == two
    assert one.neighbours == two.neighbours
