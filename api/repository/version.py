"""The graph's version: the one answer to "has the graph changed?" for every cache the API
keeps (the link index's automaton, the analysis projections).

Before it answers from its cache, a cache reads the version (one auto-commit read through
the reader, cypher/api/graph/version.cypher) and drops what it holds when the version
differs from the one it was built at. The version is the bookmark Neo4j returns for that
read: it names the database's last committed transaction, so every write changes it,
whoever makes it (an ingest, an FtM import, a journalist's edit in Neo4j Browser, a test's
driver), and whatever it changes (a date, an alias renamed to one of the same length).
A counter bumped by each write would be missed by any writer that forgets it; the bookmark
needs no writer's help.

A server that returns no bookmark leaves the entity and relationship counts, plus a time
bucket: answers may then be at most `FALLBACK_TTL` seconds stale after a change that keeps
the counts.

A cache reads the version before it reads what it caches, so what it files under a version
is never older than that version; at worst newer, and the next read (a new version)
replaces it.
"""

from __future__ import annotations

import time
from collections.abc import Hashable

from api.repository.reader import Reader

FALLBACK_TTL = 60.0  # seconds, only without bookmarks


class GraphVersion:
    """Reads the graph's version through the one reader."""

    def __init__(self, reader: Reader, timeout: float) -> None:
        self.reader, self.timeout = reader, timeout

    async def current(self) -> Hashable:
        record, bookmarks = await self.reader.row_with_bookmarks("api/graph/version", self.timeout)
        if bookmarks:
            return bookmarks
        bucket = int(time.monotonic() // FALLBACK_TTL)
        return ("counts", record["entities"], record["relationships"], bucket)
