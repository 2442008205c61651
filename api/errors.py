"""One table from errors to RFC 9457 problem+json responses. No route answers a bare 500."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM = "application/problem+json"
log = logging.getLogger("api")


class Problem(Exception):
    """A domain error the API reports as problem+json."""

    def __init__(self, status: int, title: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra


class NotFound(Problem):
    def __init__(self, detail: str) -> None:
        super().__init__(404, "Not found", detail)


class Forbidden(Problem):
    def __init__(self, detail: str) -> None:
        super().__init__(403, "Forbidden", detail)


class Invalid(Problem):
    """A request that passed the schema but cannot be answered as asked (422)."""

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(422, "Invalid request", detail, **extra)


class BadQuery(Problem):
    """An analyst's Cypher that Neo4j rejected (syntax, missing parameter, …)."""

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(400, "Invalid Cypher", detail, **extra)


class QueryTimeout(Problem):
    """A read that ran past its transaction timeout; Neo4j stopped it."""

    def __init__(self, detail: str) -> None:
        super().__init__(504, "Query timed out", detail)


class Unavailable(Problem):
    def __init__(self, detail: str) -> None:
        super().__init__(503, "Database unavailable", detail)


def problem_response(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "status": status, "title": title, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


async def _problem(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return problem_response(exc.status, exc.title, exc.detail, **exc.extra)


async def _http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return problem_response(exc.status_code, _title(exc.status_code), str(exc.detail))


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()
    ]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem_response(422, "Invalid request", detail, errors=errors)


async def _unavailable(_: Request, exc: Exception) -> JSONResponse:
    return problem_response(503, "Database unavailable", f"Neo4j did not answer: {exc}")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem_response(500, "Internal error", "The server failed; see its log.")


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


HANDLERS: dict[type[Exception], Callable[..., Any]] = {
    Problem: _problem,
    StarletteHTTPException: _http,
    RequestValidationError: _validation,
    ServiceUnavailable: _unavailable,
    SessionExpired: _unavailable,
    TimeoutError: _unavailable,
    Exception: _unexpected,
}


def install(app: FastAPI) -> None:
    for exc_type, handler in HANDLERS.items():
        app.add_exception_handler(exc_type, handler)
