"""The answers of /analysis/*, put together from a projection, the engine's results and the
relationships read in full for the few ties an answer shows."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from api.analysis.filters import Filters
from api.analysis.projection import Projection
from api.repository import rows
from api.schemas import Edge
from api.schemas import analysis as s

BRIDGES = 5  # communities shown per broker
CORE_TIES = 4  # ties shown per community, one relationship each (the rest: one click away)


def href(entity_id: str, as_of: date | None) -> str:
    path = f"/entities/{quote(entity_id, safe=':')}"
    return f"{path}?as_of={as_of.isoformat()}" if as_of else path


def member(p: Projection, v: int, as_of: date | None) -> s.Member:
    return s.Member(id=p.ids[v], name=p.names[v], type=p.types[v], href=href(p.ids[v], as_of))


def projected(p: Projection, filters: Filters) -> s.Projected:
    return s.Projected(
        types=list(filters.types) if filters.types else None,
        as_of=filters.as_of,
        include_attributed=filters.include_attributed,
        nodes=p.n,
        ties=len(p.pairs),
        relationships=p.relationships,
    )


def renumber(membership: Sequence[int]) -> list[int]:
    """Community ids by size, largest first (ties: the one with the smaller first id)."""
    sizes = Counter(membership)
    first: dict[int, int] = {}
    for v, c in enumerate(membership):
        first.setdefault(c, v)
    order = sorted(sizes, key=lambda c: (-sizes[c], first[c]))
    new = {c: i for i, c in enumerate(order)}
    return [new[c] for c in membership]


class EdgeIndex:
    """Relationships read in full, by the unordered pair of their ends."""

    def __init__(self, by_pair: dict[frozenset[str], list[Edge]]) -> None:
        self.by_pair = by_pair

    @classmethod
    def empty(cls) -> EdgeIndex:
        return cls({})

    @classmethod
    def of(cls, row: dict[str, Any]) -> EdgeIndex:
        meta = rows.cited(row["sources"])
        by_pair: defaultdict[frozenset[str], list[Edge]] = defaultdict(list)
        for rel in sorted(row["rels"], key=lambda r: r["props"].get("id") or ""):
            by_pair[frozenset((rel["source"], rel["target"]))].append(rows.edge(rel, meta))
        return cls(dict(by_pair))

    def between(self, a: str, b: str) -> list[Edge]:
        return self.by_pair.get(frozenset((a, b)), [])


@dataclass(frozen=True)
class Chosen:
    vertex: int
    reached: int  # other communities among the neighbours
    bridges: list[tuple[int, int]]  # (community, neighbour)


def top_brokers(
    p: Projection, scores: list[float], membership: list[int], limit: int
) -> list[Chosen]:
    order = sorted(range(p.n), key=lambda v: (-scores[v], -p.degree(v), p.ids[v]))[:limit]
    sizes = Counter(membership)
    chosen = []
    for v in order:
        by_community: defaultdict[int, list[int]] = defaultdict(list)
        for u in p.neighbours[v]:
            if membership[u] != membership[v]:
                by_community[membership[u]].append(u)
        ranked = sorted(by_community, key=lambda c: (-len(by_community[c]), -sizes[c], c))
        bridges = [
            (c, min(by_community[c], key=lambda u: (-p.degree(u), p.ids[u])))
            for c in ranked[:BRIDGES]
        ]
        chosen.append(Chosen(v, len(by_community), bridges))
    return chosen


def bridge_pairs(p: Projection, chosen: list[Chosen]) -> list[list[str]]:
    return [[p.ids[c.vertex], p.ids[u]] for c in chosen for _, u in c.bridges]


def brokers(
    p: Projection,
    filters: Filters,
    scores: list[float],
    sample: int | None,
    membership: list[int],
    chosen: list[Chosen],
    edges: EdgeIndex,
) -> s.Brokers:
    sizes = Counter(membership)
    as_of = filters.as_of
    out = [
        s.Broker(
            **member(p, c.vertex, as_of).model_dump(),
            score=round(scores[c.vertex], 6),
            degree=p.degree(c.vertex),
            community=membership[c.vertex],
            communities_reached=c.reached,
            bridges=[
                s.Bridge(
                    community=community,
                    community_size=sizes[community],
                    neighbour=member(p, u, as_of),
                    relations=edges.between(p.ids[c.vertex], p.ids[u]),
                )
                for community, u in c.bridges
            ],
        )
        for c in chosen
    ]
    return s.Brokers(
        projection=projected(p, filters), exact=sample is None, sample_size=sample, brokers=out
    )


@dataclass(frozen=True)
class Group:
    id: int
    size: int
    members: list[tuple[int, int]]  # (vertex, neighbours inside), the best-connected first
    core: list[tuple[int, int]]  # the ties shown


def groups(
    p: Projection, membership: list[int], min_size: int, limit: int, members: int
) -> tuple[int, list[Group]]:
    """The communities of at least `min_size` (how many), and the first `limit` of them."""
    inside = [0] * p.n
    ties: defaultdict[int, list[tuple[int, int, int]]] = defaultdict(list)  # (weight, i, j)
    for (i, j), weight in zip(p.pairs, p.weights, strict=True):
        if membership[i] == membership[j]:
            inside[i] += 1
            inside[j] += 1
            ties[membership[i]].append((weight, i, j))
    by_community: defaultdict[int, list[int]] = defaultdict(list)
    for v, c in enumerate(membership):
        by_community[c].append(v)
    kept = [c for c in sorted(by_community) if len(by_community[c]) >= min_size]
    out = []
    for c in kept[:limit]:
        vs = sorted(by_community[c], key=lambda v: (-inside[v], -p.degree(v), p.ids[v]))
        core = sorted(ties[c], key=lambda t: (-t[0], -(inside[t[1]] + inside[t[2]]), t[1], t[2]))
        out.append(
            Group(
                id=c,
                size=len(vs),
                members=[(v, inside[v]) for v in vs[:members]],
                core=[(i, j) for _, i, j in core[:CORE_TIES]],
            )
        )
    return len(kept), out


def core_pairs(p: Projection, found: list[Group]) -> list[list[str]]:
    return [[p.ids[i], p.ids[j]] for g in found for i, j in g.core]


def communities(
    p: Projection,
    filters: Filters,
    algorithm: str,
    resolution: float,
    membership: list[int],
    modularity: float,
    total: int,
    found: list[Group],
    edges: EdgeIndex,
) -> s.Communities:
    as_of = filters.as_of
    out = []
    for g in found:
        shown = [edges.between(p.ids[i], p.ids[j])[:1] for i, j in g.core]
        out.append(
            s.Community(
                id=g.id,
                size=g.size,
                members=[
                    s.CommunityMember(**member(p, v, as_of).model_dump(), degree=inside)
                    for v, inside in g.members
                ],
                edges=[e for first in shown for e in first],
            )
        )
    return s.Communities(
        projection=projected(p, filters),
        algorithm="louvain" if algorithm == "louvain" else "leiden",
        resolution=resolution,
        modularity=round(modularity, 6),
        count=len(set(membership)),
        total=total,
        communities=out,
    )


def common(ids: list[str], filters: Filters, row: dict[str, Any]) -> s.Common:
    meta = rows.cited(row["sources"])
    shared = []
    for item in row["shared"]:
        node = item["node"]
        by_end: defaultdict[str, list[Edge]] = defaultdict(list)
        for rel in item["rels"]:
            end = rel["source"] if rel["source"] in ids else rel["target"]
            by_end[end].append(rows.edge(rel, meta))
        shared.append(
            s.Shared(
                neighbour=s.Member(
                    id=node["id"],
                    name=node.get("name") or node["id"],
                    type=node.get("type") or "",
                    href=href(node["id"], filters.as_of),
                ),
                links=[s.Link(entity=i, relations=by_end[i]) for i in ids],
            )
        )
    return s.Common(
        ids=ids,
        types=list(filters.types) if filters.types else None,
        as_of=filters.as_of,
        include_attributed=filters.include_attributed,
        total=row["total"],
        neighbours=shared,
    )
