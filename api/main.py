"""The app factory. The lifespan owns the one async driver of the process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import errors
from api.routers import health
from graph.driver import make_async_driver
from graph.settings import Neo4jSettings


def create_app(settings: Neo4jSettings | None = None) -> FastAPI:
    settings = settings or Neo4jSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.driver = make_async_driver(settings)
        try:
            yield
        finally:
            await app.state.driver.close()

    app = FastAPI(
        title="exile-graph",
        summary="Who is connected to whom among exiled Russian opposition actors, "
        "how, since when, and on whose evidence.",
        version="0.1.0",
        lifespan=lifespan,
    )
    errors.install(app)
    app.include_router(health.router)
    return app
