"""The app factory. The lifespan owns the repository, and with it the one async driver.

Every request first passes api.security (Host, keys, rate; security headers), and the keyed
routers declare the key schemes (api.security.key_dependencies); the OpenAPI document is
rewritten by api.openapi so that it shows the problem+json errors sent."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import docs, errors, openapi, security
from api.analysis.service import Analysis
from api.matching.service import Batches
from api.repository import Repository
from api.routers import (
    analysis,
    changes,
    claims,
    cypher,
    entities,
    events,
    export,
    guide,
    health,
    link,
    match,
    paths,
    reconcile,
    search,
    sources,
    stats,
)
from api.settings import ApiSettings
from graph.settings import Neo4jSettings


def create_app(
    settings: Neo4jSettings | None = None, api_settings: ApiSettings | None = None
) -> FastAPI:
    settings = settings or Neo4jSettings()
    api_settings = api_settings or ApiSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        repository = app.state.repository = Repository.connect(settings, api_settings)
        # The analyses read through the repository's reader and follow its graph version;
        # their cache lives as long as the driver it reads through.
        app.state.analysis = Analysis(
            repository.reader, repository.version, api_settings.query_timeout
        )
        warming = (
            asyncio.create_task(app.state.analysis.warm()) if api_settings.analysis_warm else None
        )
        try:
            yield
        finally:
            if warming is not None:
                warming.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await warming
            await app.state.repository.close()

    app = FastAPI(
        title="exile-graph",
        summary="Who is connected to whom among exiled Russian opposition actors, "
        "how, since when, and on whose evidence.",
        version="0.1.0",
        lifespan=lifespan,
        # Served from an installed package by api.docs, not from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.api_settings = api_settings  # for routes that read settings (the guide)
    app.state.batches = Batches(api_settings)  # POST /match and /reconcile share the slots
    app.add_middleware(security.Guard, settings=api_settings)
    errors.install(app, security.SECURITY_HEADERS)
    for module in (
        health,
        search,
        link,
        match,
        reconcile,
        entities,
        paths,
        changes,
        events,
        claims,
        sources,
        stats,
        cypher,
        export,
        guide,
        analysis,
    ):
        keyed = security.key_dependencies(module.router, api_settings)
        app.include_router(module.router, dependencies=keyed)
    docs.install(app)
    openapi.install(app, api_settings)
    return app
