"""Read helpers: every API read runs on the async driver with routing_=READ."""

from __future__ import annotations

from typing import Any

import neo4j
from neo4j import AsyncDriver

from cypher import load
from graph.settings import Neo4jSettings


async def read(
    driver: AsyncDriver, settings: Neo4jSettings, name: str, **params: Any
) -> list[dict[str, Any]]:
    """Run the named query from cypher/ in a read transaction; rows as plain dicts."""
    records, _, _ = await driver.execute_query(
        load(name), params, database_=settings.database, routing_=neo4j.RoutingControl.READ
    )
    return [record.data() for record in records]
