"""How well a path is sourced, and the order of equally short paths that follows from it.

A chain is as strong as its weakest hop, so the first measure is how many hops a verbatim
quote backs (a hop backed only by a paraphrasing note is weaker); then how many independent
publishers the chain rests on; then the number of quotes and of distinct sources. Ties keep
a fixed order (the node ids, then the edge ids), so the same graph gives the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable

from api import schemas
from graph.query_bounds import RANK_FETCH as RANK_FETCH


def evidence(edges: Iterable[schemas.Edge]) -> schemas.PathEvidence:
    quoted_hops = quotes = notes = 0
    sources: set[str] = set()
    publishers: set[str] = set()
    for edge in edges:
        kinds = [c.evidence_kind for c in edge.sources]
        quotes += kinds.count("quote")
        notes += kinds.count("note")
        quoted_hops += "quote" in kinds
        for citation in edge.sources:
            sources.add(citation.id)
            publishers.add((citation.publisher or citation.id).strip().casefold())
    return schemas.PathEvidence(
        quoted_hops=quoted_hops,
        quotes=quotes,
        notes=notes,
        sources=len(sources),
        publishers=len(publishers),
    )


def rank_key(path: schemas.Path) -> tuple[int, int, int, int, list[str], list[str]]:
    e = path.evidence
    return (
        -e.quoted_hops,
        -e.publishers,
        -e.quotes,
        -e.sources,
        [n.id for n in path.nodes],
        [edge.id for edge in path.edges],
    )


def ranked(paths: Iterable[schemas.Path]) -> list[schemas.Path]:
    """One path per route (sequence of entities), best sourced first; a shorter path still
    comes before a longer one. Parallel statements along a route (two sources keyed apart,
    a LEADS beside a WORKS_FOR) make as many paths as their combinations; listing each would
    fill `limit` with one route, so the best-sourced combination stands for the route, and
    the other statements come with it in `other_edges` (a disagreement stays visible)."""
    best: dict[tuple[str, ...], schemas.Path] = {}
    variants: dict[tuple[str, ...], int] = {}
    edges: dict[tuple[str, ...], dict[str, schemas.Edge]] = {}
    for path in paths:
        route = tuple(n.id for n in path.nodes)
        variants[route] = variants.get(route, 0) + 1
        edges.setdefault(route, {}).update((e.id, e) for e in path.edges)
        kept = best.get(route)
        if kept is None or rank_key(path) < rank_key(kept):
            best[route] = path
    routes = []
    for route, path in best.items():
        shown = {e.id for e in path.edges}
        others = [e for i, e in sorted(edges[route].items()) if i not in shown]
        routes.append(path.model_copy(update={"variants": variants[route], "other_edges": others}))
    return sorted(routes, key=lambda p: (p.length, rank_key(p)))
