"""One table from errors to RFC 9457 problem+json responses. No route answers a bare 500."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from neo4j.exceptions import (
    AuthError,
    BrokenRecordError,
    ClientError,
    DatabaseError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM = "application/problem+json"
log = logging.getLogger("api")
# What a client learns when Neo4j is down; never the driver's message (it names addresses).
UNAVAILABLE = "Neo4j did not answer; try again shortly."


class Problem(Exception):
    """A domain error the API reports as problem+json."""

    def __init__(self, status: int, title: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra
        self.headers: dict[str, str] = {}


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


class TooComplex(Problem):
    """An analyst's query refused before planning: Neo4j would plan it for minutes."""

    def __init__(self, detail: str) -> None:
        super().__init__(422, "Query too complex", detail)


class TooMuchMemory(Problem):
    """Neo4j stopped an analyst's query at its memory limit (db.memory.transaction.max)."""

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(422, "Query uses too much memory", detail, **extra)


class QueryFailed(Problem):
    """An analyst's query that planned but failed while running, or whose result the API
    cannot represent (Neo4j reports some argument errors as DatabaseError)."""

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(422, "Query failed", detail, **extra)


class TooLarge(Problem):
    """A single value (one row) larger than KG_CYPHER_MAX_BYTES."""

    def __init__(self, detail: str) -> None:
        super().__init__(413, "Result too large", detail)


class Busy(Problem):
    """Every /cypher slot (KG_CYPHER_CONCURRENCY) is taken: ask again later, no queue."""

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(429, "Too many queries", detail)
        self.headers["Retry-After"] = str(retry_after)


TIMEOUT_CODES = (
    "Neo.ClientError.Transaction.TransactionTimedOut",  # …ClientConfiguration too
    "Neo.TransientError.Transaction.Terminated",
)
# Neo.TransientError.General.* codes of a query that needed more memory than it may use.
MEMORY_CODES = (
    "MemoryPoolOutOfMemoryError",
    "TransactionOutOfMemoryError",
    "TransactionMemoryLimit",
    "OutOfMemoryError",
    "StackOverFlowError",
)


def is_timeout(error: Neo4jError) -> bool:
    return (error.code or "").startswith(TIMEOUT_CODES)


def from_neo4j(error: Neo4jError | DriverError, analyst: bool = False) -> Problem | None:
    """The one table from Neo4j's and the driver's errors to problems.

    `analyst`: the query is an analyst's (POST /cypher), so its own failures are 4xx with
    Neo4j's message. For the API's named queries a ClientError is a bug in the query: None,
    and the caller lets it become a logged 500.
    """
    if isinstance(error, BrokenRecordError):  # e.g. datetime({year: 999999999})
        return QueryFailed(f"the result holds a value the API cannot represent: {error}")
    if not isinstance(error, Neo4jError):  # lost or refused connections, pool timeouts
        return Unavailable(UNAVAILABLE)
    code, message = error.code or "", error.message or str(error)
    if is_timeout(error):
        return QueryTimeout(f"Neo4j stopped the query at its timeout: {message}")
    if code.rsplit(".", 1)[-1] in MEMORY_CODES:
        return TooMuchMemory(
            f"Neo4j stopped the query: it needs more memory than one query may use "
            f"({message}); collect or sort fewer values, or add a LIMIT",
            code=code,
        )
    if isinstance(error, AuthError):  # the API's own credentials: the client can't fix it
        return Unavailable("Neo4j refused the API's credentials; see the server's log.")
    if code.startswith("Neo.ClientError.Security."):
        return Forbidden(f"refused: {message}")
    if isinstance(error, ClientError):
        return BadQuery(f"Neo4j refused the query: {message}", code=code) if analyst else None
    if isinstance(error, DatabaseError) and analyst:
        return QueryFailed(f"Neo4j could not run the query: {message}", code=code)
    return Unavailable("Neo4j could not answer just now; try again shortly.")


def problem_response(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "status": status, "title": title, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


async def _problem(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    response = problem_response(exc.status, exc.title, exc.detail, **exc.extra)
    response.headers.update(exc.headers)  # e.g. a 429's Retry-After
    return response


async def _http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    response = problem_response(exc.status_code, _title(exc.status_code), str(exc.detail))
    response.headers.update(exc.headers or {})  # e.g. a 405's Allow
    return response


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()
    ]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem_response(422, "Invalid request", detail, errors=errors)


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    # The driver's message names the server's address: it goes to the log, not the client.
    log.warning("Neo4j unavailable on %s %s: %s", request.method, request.url.path, exc)
    return problem_response(503, "Database unavailable", UNAVAILABLE)


async def _database(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Neo4jError | DriverError)
    found = from_neo4j(exc)
    if found is None:
        return await _unexpected(request, exc)
    log.warning("Neo4j error on %s %s: %r", request.method, request.url.path, exc)
    return await _problem(request, found)


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
    Neo4jError: _database,
    DriverError: _database,
    TimeoutError: _unavailable,
    Exception: _unexpected,
}


def _outermost(headers: dict[str, str]) -> Callable[..., Any]:
    """Starlette answers an exception no other handler takes in its outermost middleware,
    outside api.security's Guard: this 500 sets the security headers itself."""

    async def handler(request: Request, exc: Exception) -> JSONResponse:
        response = await _unexpected(request, exc)
        response.headers.update(headers)
        return response

    return handler


def install(app: FastAPI, headers: dict[str, str] | None = None) -> None:
    """The handlers; `headers`: what the outermost 500 carries (api.security's)."""
    for exc_type, handler in HANDLERS.items():
        app.add_exception_handler(exc_type, handler)
    app.add_exception_handler(Exception, _outermost(headers or {}))
