"""Annotated dependencies: the repository, created and closed by the app's lifespan."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.repository import Repository


def get_repository(request: Request) -> Repository:
    repository: Repository = request.app.state.repository
    return repository


RepoDep = Annotated[Repository, Depends(get_repository)]
