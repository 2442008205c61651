"""How well a path is sourced, and the order of equally short paths that follows from it.

A chain is as strong as its weakest hop, so the first measure is how many hops a verbatim
quote backs (a hop backed only by a paraphrasing note is weaker); then how many independent
publishers the chain rests on; then the number of quotes and of distinct sources. Ties keep
a fixed order (the node ids, then the edge ids), so the same graph gives the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable

from api import schemas

# Shortest paths read from the graph to rank, at most: all shortest paths between two
# well-connected entities can run to thousands; the ranking is over the first ones found.
RANK_FETCH = 200


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
    """Best sourced first; a shorter path still comes before a longer one."""
    return sorted(paths, key=lambda p: (p.length, rank_key(p)))
