"""The analysis service the routers call: version check, cached projection, computation,
and the answers with their evidence."""

from __future__ import annotations

import logging
from typing import Any

import anyio.to_thread
from fastapi import Request

from api.analysis import answers, engine
from api.analysis.cache import AnalysisCache, Entry
from api.analysis.filters import Filters
from api.analysis.projection import Projection, build
from api.errors import NotFound
from api.repository.reader import Reader
from api.repository.rows import Row
from api.repository.version import GraphVersion
from api.schemas import analysis as s

log = logging.getLogger("api")


class Analysis:
    """Brokers, communities and common neighbours, read through the API's one reader and
    cached per graph version (the version the link index follows too)."""

    def __init__(self, reader: Reader, version: GraphVersion, timeout: float) -> None:
        self.reader, self.graph_version, self.timeout = reader, version, timeout
        self.cache = AnalysisCache()

    async def _one(self, name: str, **params: Any) -> Row:
        return (await self.reader.rows(name, self.timeout, **params))[0]

    async def _entry(self, filters: Filters) -> Entry:
        version = await self.graph_version.current()

        async def read() -> Projection:
            row = await self._one("api/analysis/projection", **filters.params())
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
        row = await self._one("api/analysis/edges", pairs=pairs, **filters.params())
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
        row = await self._one("api/analysis/common", ids=ids, limit=limit, **filters.params())
        if row["missing"]:
            missing = ", ".join(repr(i) for i in row["missing"])
            raise NotFound(f"no entity has the id {missing}; try GET /search?q=… to find it")
        return answers.common(ids, filters, row)


async def get_analysis(request: Request) -> Analysis:
    """The app's one Analysis, made by the lifespan over the repository's reader."""
    analysis: Analysis = request.app.state.analysis
    return analysis
