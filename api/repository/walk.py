"""Neighbourhoods, hop by hop, for /entities/{id}/neighbors and /export?root=.

One query (cypher/api/graph/neighbourhood.cypher) returns every relationship that touches an
entity within reach; the breadth-first walk is replayed here on those rows, so that the cut
at `max_nodes` keeps the same nodes, in the same order, on every call.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from api.repository.rows import Row


@dataclass
class Walk:
    nodes: list[str] = field(default_factory=list)  # ids, in the order they were reached
    rels: list[Row] = field(default_factory=list)
    truncated: bool = False


def _order(row: Row) -> tuple[str, str, str, str]:
    return row["type"], row["source"], row["target"], row["props"].get("id", "")


def walk(root: str, rels: list[Row], depth: int, max_nodes: int, max_edges: int) -> Walk:
    """Breadth-first from `root` over `rels` ({element_id, type, source, target, props})."""
    out = Walk(nodes=[root], truncated=len(rels) >= max_edges)
    seen = {root}
    found: dict[str, Row] = {}
    frontier = {root}
    for _ in range(depth):
        # Sorted, so that a cut at max_nodes keeps the same nodes on every call.
        hop = sorted(
            (r for r in rels if r["source"] in frontier or r["target"] in frontier), key=_order
        )
        frontier = set()
        for row in hop:
            found.setdefault(row["element_id"], row)
            for end in (row["source"], row["target"]):
                if end in seen:
                    continue
                if len(out.nodes) >= max_nodes:
                    out.truncated = True
                    continue
                seen.add(end)
                out.nodes.append(end)
                frontier.add(end)
        if not frontier:
            break
    out.rels = [r for r in found.values() if r["source"] in seen and r["target"] in seen]
    return out
