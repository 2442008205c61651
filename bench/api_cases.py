"""The requests bench/api_timing.py times: search, entity pages, neighbours, paths, an
unconnected pair and the hubs, with targets sampled from the loaded graph, and the named
queries the repository sends for each (replayed through the bare driver).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from neo4j import READ_ACCESS, AsyncDriver

import cypher
from api.repository import Repository
from api.routers.search import MAX_Q
from graph import text

Queries = list[tuple[str, dict[str, Any]]]
RepoCall = Callable[[Repository], Awaitable[Any]]
SAMPLE = 200


@dataclass
class Request:
    path: str
    params: dict[str, Any]
    call: RepoCall
    queries: Queries = field(default_factory=list)  # what the repository sent, for the driver


@dataclass
class Case:
    label: str
    requests: list[Request]
    took: dict[str, list[float]] = field(default_factory=dict)  # layer -> seconds
    cpu: dict[str, float] = field(default_factory=dict)  # layer -> CPU seconds, all rounds
    error: str | None = None  # why it could not be measured


def entity(id: str, limit: int = 200) -> Request:
    return Request(f"/entities/{id}", {"limit": limit}, lambda r: r.entity(id, None, limit, 0))


def neighbours(id: str) -> Request:
    return Request(f"/entities/{id}/neighbors", {}, lambda r: r.neighbours(id, 1, None, None, 100))


def paths(a: str, b: str) -> Request:
    params = {"from": a, "to": b, "max_hops": 6}
    return Request("/paths", params, lambda r: r.paths(a, b, 6, None, None, 10))


def searchable(name: str | None) -> bool:
    """What /search accepts as q (a claim's long name is refused with 422): only that is
    sampled, so that one refused request cannot fail the whole run."""
    return bool(name) and len(name or "") <= MAX_Q and bool(text.query_forms(name or ""))


def search(name: str) -> Request:
    forms = text.query_forms(name)
    return Request("/search", {"q": name}, lambda r: r.search(name, forms, None, 20))


async def rows(driver: AsyncDriver, database: str, name: str, **params: Any) -> list[Any]:
    """One named query through the bare driver, the cheapest way it offers: an auto-commit
    transaction (RUN and PULL in one round trip; `execute_query` takes two)."""
    async with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        result = await session.run(cypher.load(name), params)
        keys = result.keys()
        return [dict(zip(keys, record, strict=True)) async for record in result]


async def _unconnected(repo: Repository, driver: AsyncDriver, database: str) -> list[Request]:
    """Pairs among the least connected entities that no path of 6 hops joins."""
    found_rows = await rows(driver, database, "bench/api_loners", size=40, max_degree=2)
    loners = [row["id"] for row in found_rows]
    found: list[Request] = []
    for a, b in itertools.combinations(loners, 2):
        if len(found) >= 3:
            break
        if not (await repo.paths(a, b, 6, None, None, 1)).paths:
            found.append(paths(a, b))
    return found


async def cases(repo: Repository, driver: AsyncDriver, database: str, seed: int) -> list[Case]:
    rng = random.Random(seed)
    sample = await rows(driver, database, "bench/api_sample", size=SAMPLE)
    rng.shuffle(sample)
    ids = [row["id"] for row in sample]
    hubs = await rows(driver, database, "bench/api_hubs", size=4, min_degree=100)
    out = [
        Case("search", [search(row["name"]) for row in sample if searchable(row["name"])]),
        Case("entity", [entity(i) for i in ids]),
        Case("neighbours", [neighbours(i) for i in ids]),
        Case("paths", [paths(a, b) for a, b in zip(ids, ids[1:] + ids[:1], strict=True)]),
    ]
    unconnected = await _unconnected(repo, driver, database)
    if unconnected:
        out.append(Case("unconnected", unconnected))
    for hub in hubs:
        out.append(Case(f"hub {hub['degree']} page", [entity(hub["id"], 50)]))
        out.append(Case(f"hub {hub['degree']} neigh", [neighbours(hub["id"])]))
    for case in out:  # what the repository sends, replayed through the bare driver
        try:
            for request in case.requests[:SAMPLE]:
                request.queries = await capture(repo, request.call)
        except Exception as error:  # reported; the other kinds still run
            case.error = f"{type(error).__name__}: {str(error)[:120]}"
    return out


async def capture(repo: Repository, call: RepoCall) -> Queries:
    """The named queries and parameters the repository sends for one call (it looks under
    the repository on purpose: the driver then replays exactly these)."""
    reader = repo._db
    rows, batch, seen = reader.rows, reader.batch, []
    depth = 0  # a `rows` that runs through `batch` is recorded once

    async def recording_rows(name: str, timeout: float, **params: Any) -> list[Any]:
        nonlocal depth
        seen.append((name, params))
        depth += 1
        try:
            return await rows(name, timeout, **params)
        finally:
            depth -= 1

    async def recording_batch(queries: Queries, timeout: float) -> list[list[Any]]:
        if not depth:
            seen.extend(queries)
        return await batch(queries, timeout)

    reader.rows, reader.batch = recording_rows, recording_batch  # type: ignore[method-assign]
    try:
        await call(repo)
    finally:
        del reader.rows, reader.batch
    return seen
