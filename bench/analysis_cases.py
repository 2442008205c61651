"""What `python -m bench.analysis` times: the requests, as data, and the targets they name.

Each `Endpoint` is one kind of request: the route (looked up in the API's OpenAPI document,
so that a route not written yet shows as "missing" and a parameter the route does not
declare as "failed" rather than being silently ignored) and its query parameters, built
from `Targets` picked from the loaded graph. Endpoints of one `group` share a cost: when
the first of a group times out, the rest of it is skipped at that size. The API runs with
its startup warm-up (KG_ANALYSIS_WARM: the unfiltered brokers and communities computed as
it starts) off, so that a first request pays for its projection, except where an endpoint
says `startup_warm`: the first request as the API ships, racing or after that warm-up.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from neo4j import Driver

import cypher
from graph.schema import FACT_TYPES, RelType

Params = list[tuple[str, str]]
CURATED_PATH = (
    "person:mikhail-khodorkovsky",
    "person:egor-kuroptev",
)  # the documented example path
BROKER_TYPES = (RelType.MEMBER_OF, RelType.LEADS, RelType.WORKS_FOR, RelType.FOUNDED)
AS_OF = "2023-01-01"
MAX_DEGREE = 50  # /paths: skip intermediate nodes with more fact relations than this
YEAR = ("2024-01-01", "2024-12-31")
MONTH = ("2024-03-01", "2024-03-31")


@dataclass
class Targets:
    """Ids picked from the graph at one size."""

    sample: list[str]  # ordinary entities, for the baseline entity page
    pair: tuple[str, str]  # the two best-connected entities, for common neighbours
    hub: str  # the best-connected entity, excluded from /paths
    path: tuple[str, str] | None = None  # a connected pair for /paths
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    route: str
    params: Callable[[Targets], Params]
    group: str
    startup_warm: bool = False  # the API's startup warm-up on (its default) or off


def _types(types: tuple[RelType, ...]) -> Params:
    return [("types", t.value) for t in types]


def _path(t: Targets, *extra: tuple[str, str]) -> Params:
    a, b = t.path or t.pair
    return [("from", a), ("to", b), ("max_hops", "6"), *extra]


ENDPOINTS: list[Endpoint] = [
    Endpoint("brokers", "brokers (all types)", "/analysis/brokers", lambda t: [], "brokers"),
    Endpoint(
        "brokers_started",
        "brokers (all types), startup warm-up on",
        "/analysis/brokers",
        lambda t: [],
        "brokers_started",
        startup_warm=True,
    ),
    Endpoint(
        "brokers_types",
        "brokers, types=" + ",".join(t.value for t in BROKER_TYPES),
        "/analysis/brokers",
        lambda t: _types(BROKER_TYPES),
        "brokers",
    ),
    Endpoint(
        "brokers_as_of",
        f"brokers, as_of={AS_OF}",
        "/analysis/brokers",
        lambda t: [("as_of", AS_OF)],
        "brokers",
    ),
    Endpoint(
        "communities_leiden",
        "communities, leiden",
        "/analysis/communities",
        lambda t: [("algorithm", "leiden")],
        "communities",
    ),
    Endpoint(
        "communities_louvain",
        "communities, louvain",
        "/analysis/communities",
        lambda t: [("algorithm", "louvain")],
        "communities",
    ),
    Endpoint(
        "common",
        "common neighbours of the top two",
        "/analysis/common",
        lambda t: [("ids", t.pair[0]), ("ids", t.pair[1])],
        "common",
    ),
    Endpoint(
        "changes_year",
        f"changes {YEAR[0]}..{YEAR[1]}",
        "/changes",
        lambda t: [("from", YEAR[0]), ("to", YEAR[1])],
        "changes",
    ),
    Endpoint(
        "changes_month",
        f"changes {MONTH[0]}..{MONTH[1]}",
        "/changes",
        lambda t: [("from", MONTH[0]), ("to", MONTH[1])],
        "changes",
    ),
    Endpoint("paths_plain", "paths (6 hops)", "/paths", lambda t: _path(t), "paths"),
    Endpoint(
        "paths_options",
        f"paths, max_degree={MAX_DEGREE}, exclude=top hub",
        "/paths",
        lambda t: _path(t, ("max_degree", str(MAX_DEGREE)), ("exclude", t.hub)),
        "paths",
    ),
]
BY_KEY = {e.key: e for e in ENDPOINTS}


def fact_types() -> list[str]:
    return sorted(t.value for t in FACT_TYPES)


def _rows(driver: Driver, database: str, name: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(cypher.load(name), params, database_=database)
    return [record.data() for record in records]


def pick(driver: Driver, database: str, http: httpx.Client) -> Targets:
    """The ids the requests name: a sample, the top two by degree, a connected pair."""
    sample = [r["id"] for r in _rows(driver, database, "bench/api_sample", size=40)]
    hubs = _rows(driver, database, "bench/analysis_hubs", types=fact_types(), size=2)
    if len(hubs) < 2 or not sample:
        raise RuntimeError("the graph has fewer than two connected entities")
    targets = Targets(sample, (hubs[0]["id"], hubs[1]["id"]), hubs[0]["id"])
    targets.notes.append(
        f"common: {hubs[0]['id']} (degree {hubs[0]['degree']}) and {hubs[1]['id']} "
        f"(degree {hubs[1]['degree']}); /paths excludes {hubs[0]['id']}"
    )
    candidates = [CURATED_PATH, *itertools.pairwise(sample)]
    for a, b in candidates:
        if a == b or targets.hub in (a, b):
            continue
        answer = http.get("/paths", params={"from": a, "to": b, "max_hops": 6, "limit": 1})
        if answer.status_code == 200 and answer.json().get("paths"):
            targets.path = (a, b)
            hops = answer.json()["paths"][0]["length"]
            targets.notes.append(f"/paths: {a} -> {b} ({hops} hops)")
            break
    if targets.path is None:
        targets.notes.append("/paths: no connected pair found; the top two are used")
    return targets


def undeclared(spec: dict[str, Any], endpoint: Endpoint, params: Params) -> str | None:
    """Why the API cannot take this request as meant: "missing" when the route is not
    there, "failed: …" when it does not declare a parameter sent; None when it can."""
    operation = spec.get("paths", {}).get(endpoint.route, {}).get("get")
    if operation is None:
        return "missing"
    declared = {p["name"] for p in operation.get("parameters", [])}
    unknown = sorted({name for name, _ in params} - declared)
    if unknown:
        return f"failed: the route does not take {', '.join(unknown)}"
    return None
