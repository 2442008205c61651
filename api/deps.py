"""Annotated dependencies: the repository, created and closed by the app's lifespan."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.repository import Repository


async def get_repository(request: Request) -> Repository:
    # async: FastAPI runs a plain `def` dependency in its thread pool, a thread hop per request.
    repository: Repository = request.app.state.repository
    return repository


RepoDep = Annotated[Repository, Depends(get_repository)]
