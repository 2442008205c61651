"""Liveness and readiness."""

from __future__ import annotations

import asyncio

import neo4j
from fastapi import APIRouter
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired
from pydantic import BaseModel

from api.deps import DriverDep, SettingsDep
from api.errors import Unavailable
from cypher import load

router = APIRouter(tags=["health"])
READY_TIMEOUT = 3.0


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
async def ready(driver: DriverDep, settings: SettingsDep) -> Health:
    """200 when Neo4j answers a query within a few seconds, else 503 problem+json."""
    try:
        async with asyncio.timeout(READY_TIMEOUT):
            # A plain session, not execute_query: readiness must not retry for seconds.
            async with driver.session(
                database=settings.database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                result = await session.run(load("health/ping"))
                await result.consume()
    except (TimeoutError, ServiceUnavailable, SessionExpired, Neo4jError, OSError) as error:
        raise Unavailable(f"Neo4j at {settings.uri} did not answer: {error}") from error
    return Health(status="ready")
