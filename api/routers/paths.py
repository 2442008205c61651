"""Shortest chains between two entities, over sourced relations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import convert, schemas
from api.db import read
from api.deps import DriverDep, SettingsDep
from api.errors import Invalid, NotFound
from api.params import AsOf, EntityIdQuery, EntityIdStr, Types, rel_types
from api.reads import read_timed
from api.settings import ApiSettingsDep
from api.subgraph import source_meta

router = APIRouter(tags=["paths"])
MAX_HOPS = 6  # the literal bound in cypher/api/path/shortest.cypher


@router.get(
    "/paths",
    response_model=schemas.Paths,
    summary="Shortest paths between two entities",
    responses={404: {"description": "An unknown id (problem+json)"},
               504: {"description": "The search took too long (problem+json)"}},
)
async def paths(
    driver: DriverDep,
    settings: SettingsDep,
    api: ApiSettingsDep,
    from_: Annotated[EntityIdStr, Query(alias="from",
                                        description="e.g. `person:mikhail-khodorkovsky`")],
    to: EntityIdQuery,
    max_hops: Annotated[int, Query(ge=1, le=MAX_HOPS,
                                   description=f"Longest chain (1–{MAX_HOPS}).")] = 4,
    types: Types = None,
    as_of: AsOf = None,
    limit: Annotated[int, Query(ge=1, le=50, description="At most this many paths.")] = 10,
) -> schemas.Paths:
    """Every shortest chain of relations (either direction) up to `max_hops`, following
    only `types` and, with `as_of`, only relations valid that day. An unconnected pair
    gives an empty list.

    Example: `GET /paths?from=person:mikhail-khodorkovsky&to=person:egor-kuroptev` gives
    4-hop chains such as Khodorkovsky OPPOSES Putin, who LEADS the Russian government, which
    the Legion of Elves OPPOSES, which Kuroptev LEADS.
    """
    if from_ == to:
        raise Invalid(f"from and to are the same entity ({to!r}); give two different ids")
    found = {row["id"] for row in await read(driver, settings, "api/graph/exists",
                                             ids=[from_, to])}
    missing = [i for i in (from_, to) if i not in found]
    if missing:
        raise NotFound(f"no entity has the id {missing[0]!r}")
    rows = await read_timed(driver, settings, "api/path/shortest", api.query_timeout,
                            types=rel_types(types), as_of=as_of, max_hops=max_hops,
                            limit=limit, **{"from": from_, "to": to})
    meta = await source_meta(driver, settings, convert.source_ids(
        *(r["props"] for row in rows for r in row["rels"])))
    return schemas.Paths(
        from_=from_, to=to, max_hops=max_hops, as_of=as_of,
        paths=[
            schemas.Path(length=len(row["rels"]),
                         nodes=[schemas.Node(**convert.node(n)) for n in row["nodes"]],
                         edges=[convert.edge(r, meta) for r in row["rels"]])
            for row in rows
        ],
    )
