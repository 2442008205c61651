"""The computations, on plain integer edge lists so that they can run in a worker process.

igraph keeps the GIL while it computes (measured: a 0.5 s betweenness in a thread stops the
event loop for 0.5 s), so a thread alone would not keep the API responsive on a large
projection; `run` sends large ones to a worker process (anyio.to_process) and computes small
ones in a thread, where they take milliseconds.

Every result is deterministic: vertices and edges come sorted (projection.py), betweenness
pivots are drawn from a seeded random.Random, and the community algorithms draw from
igraph's process-wide random generator, which is reset to a seeded random.Random under a
lock before each run.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Sequence
from typing import Literal, TypeVar

import anyio.to_process
import anyio.to_thread
import igraph  # type: ignore[import-untyped]  # no stubs in igraph 1.0

SEED = 20240216  # any fixed number: the same graph gives the same answer on every call
EXACT_MAX_NODES = 2_000  # exact betweenness up to this many nodes (about 0.3 s); sampled above
PIVOTS = 256  # sampled betweenness: shortest paths from at most this many seeded sources,
MIN_PIVOTS = 32  # at least this many,
PIVOT_BUDGET = 20_000_000  # and about this many pivot-ties (docs/analysis.md: its cost)
PROCESS_MIN_EDGES = 20_000  # from this size the engine runs in a worker process

Algorithm = Literal["leiden", "louvain"]
Pairs = Sequence[tuple[int, int]]
T = TypeVar("T")

_rng_lock = threading.Lock()


def betweenness(
    n: int, pairs: Pairs, exact_max: int = EXACT_MAX_NODES, pivots: int = PIVOTS
) -> tuple[list[float], int | None]:
    """Normalised undirected betweenness of every vertex, and the number of pivots when it
    is an estimate (None: exact, up to `exact_max` vertices). Normalised by (n-1)(n-2)/2,
    the pairs a vertex can lie between, as networkx does; an estimate's sums (shortest paths
    from `pivots` seeded sources) are scaled by n/pivots first."""
    graph = igraph.Graph(n=n, edges=list(pairs), directed=False)
    sample: int | None = None
    if n <= exact_max:
        raw = graph.betweenness(directed=False)
    else:
        sample = min(pivots, n)
        sources = sorted(random.Random(SEED).sample(range(n), sample))
        raw = [v * n / sample for v in graph.betweenness(directed=False, sources=sources)]
    pairs_between = (n - 1) * (n - 2) / 2
    if pairs_between <= 0:
        return [0.0] * n, sample
    return [v / pairs_between for v in raw], sample


def communities(
    n: int, pairs: Pairs, weights: Sequence[int], algorithm: Algorithm, resolution: float
) -> tuple[list[int], float]:
    """Each vertex's community (igraph's numbering) and the partition's modularity (weighted,
    at resolution 1, the standard measure whatever resolution found the partition)."""
    graph = igraph.Graph(n=n, edges=list(pairs), directed=False)
    ws = list(weights)
    with _rng_lock:
        igraph.set_random_number_generator(random.Random(SEED))
        if algorithm == "leiden":
            found = graph.community_leiden(
                objective_function="modularity",
                weights=ws,
                resolution=resolution,
                n_iterations=2,  # igraph's default; until stable (-1) cost 40x for +0.01
            )
        else:
            found = graph.community_multilevel(weights=ws, resolution=resolution)
    membership = list(found.membership)
    modularity = graph.modularity(membership, weights=ws) if graph.ecount() else 0.0
    return membership, float(modularity)


def pivots_for(ties: int) -> int:
    """How many pivots a sampled betweenness uses: 256 up to about 80,000 ties, fewer above
    so the cost stays near PIVOT_BUDGET (at 300,000 ties, 66), never under 32."""
    return max(MIN_PIVOTS, min(PIVOTS, PIVOT_BUDGET // max(ties, 1)))


async def run(func: Callable[..., T], *args: object, edges: int) -> T:
    """`func(*args)` off the event loop: in a worker process for a large projection (igraph
    holds the GIL), else in a thread."""
    if edges >= PROCESS_MIN_EDGES:
        return await anyio.to_process.run_sync(func, *args)
    return await anyio.to_thread.run_sync(func, *args)
