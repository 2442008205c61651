"""What every resource's reads share: the one reader, the graph's version, the settings,
and the small helpers for parameters and rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, Self

from neo4j import AsyncDriver

from api.errors import NotFound
from api.linking.index import LinkIndex
from api.repository.reader import Reader
from api.repository.rows import Row
from api.repository.version import GraphVersion
from api.settings import ApiSettings
from graph.driver import make_async_driver
from graph.schema import FACT_TYPES, RelType
from graph.settings import Neo4jSettings

MAX_EDGES = 5000  # relationships one neighbourhood read may return; more: truncated
READY_TIMEOUT = 3.0


def rel_types(types: Iterable[RelType] | None) -> list[str]:
    """The types a traversal may follow, as plain strings for `type(r) IN $types`.

    MENTIONED_IN links entities to their sources; walking it would connect everything
    through the article that names it, so it is never part of a traversal.
    """
    chosen = set(types) if types else set(FACT_TYPES)
    return sorted(t.value for t in chosen if t is not RelType.MENTIONED_IN)


def fact_filter(types: Iterable[RelType] | None) -> list[str] | None:
    """`rel_types(types)`, or None when no types were asked for: the queries then follow
    every relationship between entities (all facts: MENTIONED_IN and HAS_STATUS end at
    sources and statuses) without reading each one's `type` property."""
    return rel_types(types) if types else None


def direction(out: bool) -> Literal["out", "in"]:
    return "out" if out else "in"


class RepositoryBase:
    """Owns the reader (and with it the async driver), the graph's version and the
    settings; the read helpers every resource's methods use."""

    def __init__(self, driver: AsyncDriver, settings: Neo4jSettings, api: ApiSettings) -> None:
        self._db = Reader(driver, settings, api.cypher_concurrency)
        self.version = GraphVersion(self._db, api.query_timeout)
        # The linker's automaton, rebuilt when the version changes; bounded in size and number.
        self._links = LinkIndex(api.link_max_chars, api.link_concurrency)
        self.settings = settings
        self.api = api

    @classmethod
    def connect(cls, settings: Neo4jSettings, api: ApiSettings) -> Self:
        return cls(make_async_driver(settings), settings, api)

    @property
    def reader(self) -> Reader:
        """The one reader, for the services beside the repository (api.analysis)."""
        return self._db

    async def close(self) -> None:
        await self._db.driver.close()

    async def _rows(self, name: str, **params: Any) -> list[Row]:
        return await self._db.rows(name, self.api.query_timeout, **params)

    async def _one(self, name: str, **params: Any) -> Row:
        """The single row of a query that always returns one (a page with its total)."""
        return (await self._rows(name, **params))[0]

    async def _found(
        self, name: str, id: str, what: str = "entity", hint: str = "", **params: Any
    ) -> Row:
        """The single row of a query that returns none when nothing has the id $id."""
        found = await self._rows(name, id=id, **params)
        if not found:
            raise NotFound(f"no {what} has the id {id!r}{hint}")
        return found[0]

    async def ping(self) -> None:
        """Raise Unavailable (503) unless Neo4j answers within a few seconds."""
        await self._db.ping(READY_TIMEOUT)
