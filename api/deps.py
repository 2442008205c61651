"""Annotated dependencies: the one async driver and the settings, owned by the lifespan."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from neo4j import AsyncDriver

from graph.settings import Neo4jSettings


def get_driver(request: Request) -> AsyncDriver:
    return request.app.state.driver


def get_settings(request: Request) -> Neo4jSettings:
    return request.app.state.settings


DriverDep = Annotated[AsyncDriver, Depends(get_driver)]
SettingsDep = Annotated[Neo4jSettings, Depends(get_settings)]
