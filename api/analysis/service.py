"""The analysis service the routers call: version check, cached projection, computation,
and the answers with their evidence."""

from __future__ import annotations

import logging
import time
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from typing import Any

import anyio.to_thread
from fastapi import Request

from api.analysis import answers, engine
from api.analysis import schemas as s
from api.analysis.cache import FALLBACK_TTL, AnalysisCache, Entry
from api.analysis.projection import Projection, build
from api.errors import NotFound
from api.repository import Repository
from api.repository.base import fact_filter
from graph.schema import RelType

log = logging.getLogger("api")


@dataclass(frozen=True)
class Filters:
    """What goes into the projection; with the graph version, the cache key."""

    types: tuple[str, ...] | None
    as_of: date | None
    include_attributed: bool

    @classmethod
    def of(
        cls, types: list[RelType] | None, as_of: date | None, include_attributed: bool
    ) -> Filters:
        chosen = fact_filter(types)
        return cls(tuple(chosen) if chosen else None, as_of, include_attributed)

    def params(self) -> dict[str, Any]:
        return {
            "types": list(self.types) if self.types else None,
            "as_of": self.as_of,
            "include_attributed": self.include_attributed,
        }


class Analysis:
    """Brokers, communities and common neighbours over one repository's database."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository
        self.cache = AnalysisCache()

    async def version(self) -> Hashable:
        """The graph's version: the bookmark of a trivial read (cache.py says why)."""
        record, bookmarks = await self.repository.one_with_bookmarks("api/analysis/version")
        if bookmarks:
            return bookmarks
        bucket = int(time.monotonic() // FALLBACK_TTL)
        return ("counts", record["entities"], record["relationships"], bucket)

    async def _entry(self, filters: Filters) -> Entry:
        version = await self.version()

        async def read() -> Projection:
            row = await self.repository.one("api/analysis/projection", **filters.params())
            # A Python loop over every pair: in a thread, where the GIL is released every
            # few milliseconds for the event loop (igraph's C code does not release it).
            return await anyio.to_thread.run_sync(build, row)

        return await self.cache.entry(version, filters, read)

    async def warm(self) -> None:
        """Compute what the first analyst would wait for: the unfiltered projection, its
        betweenness and its Leiden communities (seconds at 100k entities). Run once when
        the API starts; a graph that changes later is computed again on first use."""
        try:
            entry = await self._entry(Filters.of(None, None, False))
            await self._betweenness(entry)
            await self._partition(entry, "leiden", 1.0)
        except Exception as error:  # a warm-up never stops the API; the request will say
            log.warning("analysis warm-up skipped: %s", error)
            return
        log.info(
            "analysis warm: %d entities, %d ties", entry.projection.n, len(entry.projection.pairs)
        )

    async def _betweenness(self, entry: Entry) -> tuple[list[float], int | None]:
        p = entry.projection

        async def compute() -> tuple[list[float], int | None]:
            return await engine.run(
                engine.betweenness,
                p.n,
                p.pairs,
                engine.EXACT_MAX_NODES,
                engine.pivots_for(len(p.pairs)),
                edges=len(p.pairs),
            )

        result: tuple[list[float], int | None] = await entry.results.get(("betweenness",), compute)
        return result

    async def _partition(
        self, entry: Entry, algorithm: engine.Algorithm, resolution: float
    ) -> tuple[list[int], float]:
        p = entry.projection

        async def compute() -> tuple[list[int], float]:
            found = await engine.run(
                engine.communities,
                p.n,
                p.pairs,
                p.weights,
                algorithm,
                resolution,
                edges=len(p.pairs),
            )
            return answers.renumber(found[0]), found[1]

        result: tuple[list[int], float] = await entry.results.get(
            ("communities", algorithm, resolution), compute
        )
        return result

    async def _edges(self, filters: Filters, pairs: list[list[str]]) -> answers.EdgeIndex:
        if not pairs:
            return answers.EdgeIndex.empty()
        row = await self.repository.one("api/analysis/edges", pairs=pairs, **filters.params())
        return answers.EdgeIndex.of(row)

    async def brokers(self, filters: Filters, limit: int) -> s.Brokers:
        entry = await self._entry(filters)

        async def render() -> s.Brokers:
            scores, sample = await self._betweenness(entry)
            membership, _ = await self._partition(entry, "leiden", 1.0)
            chosen = await anyio.to_thread.run_sync(
                answers.top_brokers, entry.projection, scores, membership, limit
            )
            edges = await self._edges(filters, answers.bridge_pairs(entry.projection, chosen))
            return answers.brokers(
                entry.projection, filters, scores, sample, membership, chosen, edges
            )

        result: s.Brokers = await entry.results.get(("brokers", limit), render)
        return result

    async def communities(
        self,
        filters: Filters,
        algorithm: engine.Algorithm,
        resolution: float,
        min_size: int,
        limit: int,
        members: int,
    ) -> s.Communities:
        entry = await self._entry(filters)
        key = ("answer", algorithm, resolution, min_size, limit, members)

        async def render() -> s.Communities:
            membership, modularity = await self._partition(entry, algorithm, resolution)
            p = entry.projection
            total, groups = await anyio.to_thread.run_sync(
                answers.groups, p, membership, min_size, limit, members
            )
            edges = await self._edges(filters, answers.core_pairs(p, groups))
            return answers.communities(
                p, filters, algorithm, resolution, membership, modularity, total, groups, edges
            )

        result: s.Communities = await entry.results.get(key, render)
        return result

    async def common(self, ids: list[str], filters: Filters, limit: int) -> s.Common:
        """Pure Cypher: the graph's own expand is all it needs, nothing is cached."""
        row = await self.repository.one(
            "api/analysis/common", ids=ids, limit=limit, **filters.params()
        )
        if row["missing"]:
            missing = ", ".join(repr(i) for i in row["missing"])
            raise NotFound(f"no entity has the id {missing}; try GET /search?q=… to find it")
        return answers.common(ids, filters, row)


async def get_analysis(request: Request) -> Analysis:
    """The app's one Analysis, made by the lifespan with the repository."""
    analysis: Analysis = request.app.state.analysis
    return analysis
