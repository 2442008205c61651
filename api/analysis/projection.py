"""The graph an analysis computes on: entities as integers, relationships as weighted pairs.

Built from the one row of cypher/api/analysis/projection.cypher. Vertices are sorted by id
and pairs by their ends, so the same graph always gives the same numbering (and, with the
engine's fixed seed, the same scores and communities). Several relationships between two
entities (a person who FOUNDED and LEADS an organisation) are one undirected tie of weight
2: betweenness counts shortest paths over ties, the community algorithms weigh them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Projection:
    ids: list[str]  # vertex i is the entity ids[i]
    names: list[str]
    types: list[str]
    pairs: list[tuple[int, int]]  # distinct undirected ties, i < j, sorted
    weights: list[int]  # relationships per tie, aligned with pairs
    relationships: int
    index: dict[str, int] = field(repr=False)
    neighbours: list[list[int]] = field(repr=False)  # sorted adjacency, for the answers

    @property
    def n(self) -> int:
        return len(self.ids)

    def degree(self, vertex: int) -> int:
        """Distinct neighbours (not relationships)."""
        return len(self.neighbours[vertex])


def build(row: dict[str, Any]) -> Projection:
    """The projection from the query's row {pairs: [[a, b], ...], nodes: [[id, name, type]]}."""
    meta = {node[0]: node for node in row["nodes"]}
    ids = sorted(meta)
    index = {id_: i for i, id_ in enumerate(ids)}
    ties: Counter[tuple[int, int]] = Counter()
    for a, b in row["pairs"]:
        i, j = index[a], index[b]
        if i != j:  # a loop bridges nothing
            ties[(i, j) if i < j else (j, i)] += 1
    pairs = sorted(ties)
    adjacency: defaultdict[int, list[int]] = defaultdict(list)
    for i, j in pairs:
        adjacency[i].append(j)
        adjacency[j].append(i)
    return Projection(
        ids=ids,
        names=[meta[i][1] or i for i in ids],
        types=[meta[i][2] or "" for i in ids],
        pairs=pairs,
        weights=[ties[p] for p in pairs],
        relationships=len(row["pairs"]),
        index=index,
        neighbours=[sorted(adjacency[v]) for v in range(len(ids))],
    )
