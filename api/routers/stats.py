"""How big the graph is."""

from __future__ import annotations

from fastapi import APIRouter

from api import schemas
from api.db import read
from api.deps import DriverDep, SettingsDep

router = APIRouter(tags=["stats"])


@router.get("/stats", response_model=schemas.Stats, summary="Counts by node and relation type")
async def stats(driver: DriverDep, settings: SettingsDep) -> schemas.Stats:
    """Entities by type, sources, and relationships by type (MENTIONED_IN included).

    Example: `GET /stats` gives, among others, `nodes.Claim` (the claims, such as
    `claim:pamfilova-2023-11-21`) and `relationships.FACT_CHECKED`.
    """
    out = schemas.Stats(nodes={}, relationships={}, sources=0)
    for row in await read(driver, settings, "api/stats/counts"):
        if row["kind"] == "node":
            out.nodes[row["key"]] = row["n"]
        elif row["kind"] == "source":
            out.sources = row["n"]
        else:
            out.relationships[row["key"]] = row["n"]
    return out
