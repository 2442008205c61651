"""How big the graph is."""

from __future__ import annotations

from fastapi import APIRouter

from api import schemas
from api.deps import RepoDep

router = APIRouter(tags=["stats"])


@router.get(
    "/stats", response_model=schemas.Stats, summary="Counts by type, and the sourcing report"
)
async def stats(repo: RepoDep) -> schemas.Stats:
    """Entities by type, sources, relationships by type (MENTIONED_IN included; HAS_STATUS
    not), the attributed ones by type, status statements by status, and the sourcing report
    of `kg report` (`sourcing`: single-source, quoted and noted-only relationships,
    attributed statements, kept disagreements, undated statuses, `rule_breaking`).

    Example: `GET /stats` gives, among others, `nodes.Claim` (the claims, such as
    `claim:pamfilova-2023-11-21`) and `relationships.FACT_CHECKED`.
    """
    return await repo.stats()
