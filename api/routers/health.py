"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import RepoDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


@router.get("/health", response_model=Health, summary="The process is up")
async def health() -> Health:
    """Answers while the process runs, whatever the database does."""
    return Health(status="ok")


@router.get(
    "/ready",
    response_model=Health,
    summary="Neo4j answers",
    responses={503: {"description": "Neo4j did not answer (problem+json)"}},
)
async def ready(repo: RepoDep) -> Health:
    """200 when Neo4j answers a query within a few seconds, else 503 problem+json."""
    await repo.ping()
    return Health(status="ready")
