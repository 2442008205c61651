"""Projections and answers kept in the API process, per graph version and filters.

Staleness rule: before every answer the service reads the graph's version
(api/repository/version.py, which says how; the link index follows the same one). A version
different from the last one seen empties the cache. The version is read before the
projection, so a cached projection is never older than the version it is filed under; at
worst it is newer, and the next read (a new version) replaces it.

Bounds: `SIZE` projections (least recently used out first), each with at most `ANSWERS`
computed results and answers. A concurrent request for what is being computed waits for
it instead of computing it again.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Generic, TypeVar

from api.analysis.projection import Projection

SIZE = 8  # projections; at 100k entities one is a few tens of MB
ANSWERS = 32  # computed results and answers per projection

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Lru(Generic[K, V]):
    """A bounded map whose values are computed once: concurrent callers share the work."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._locks: dict[K, asyncio.Lock] = {}

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        self._items.clear()

    async def get(self, key: K, compute: Callable[[], Awaitable[V]]) -> V:
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        lock = self._locks.setdefault(key, asyncio.Lock())
        try:
            async with lock:
                if key not in self._items:
                    self._items[key] = await compute()
                    while len(self._items) > self.size:
                        self._items.popitem(last=False)
                return self._items[key]
        finally:
            if not lock.locked():
                self._locks.pop(key, None)


class Entry:
    """One projection and what has been computed on it."""

    def __init__(self, projection: Projection) -> None:
        self.projection = projection
        self.results: Lru[Hashable, Any] = Lru(ANSWERS)


class AnalysisCache:
    def __init__(self, size: int = SIZE) -> None:
        self.version: Hashable | None = None
        self.entries: Lru[Hashable, Entry] = Lru(size)

    async def entry(
        self, version: Hashable, key: Hashable, load: Callable[[], Awaitable[Projection]]
    ) -> Entry:
        if version != self.version:
            self.entries.clear()
            self.version = version

        async def build() -> Entry:
            return Entry(await load())

        # Filed under the version too: a load that began before a change, and ends after
        # the cache moved on, is not mistaken for the new version's.
        return await self.entries.get((version, key), build)
