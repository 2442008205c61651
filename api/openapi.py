"""The OpenAPI document says what the API sends: every error is problem+json.

FastAPI documents its 422 as `HTTPValidationError` JSON, while the API answers every error
with an RFC 9457 problem (api/errors.py). `install` rewrites the generated document once:
a `Problem` schema under application/problem+json for every error response, plus the
errors FastAPI cannot see: each route's semantic ones, 503/504 wherever Neo4j is read, and
401 and 429 where keys and a rate are configured (api/security.py). The security schemes
themselves come from the routes' key dependency (api.security.key_schemes).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from api.errors import PROBLEM
from api.settings import ApiSettings

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An error, as RFC 9457 problem details.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "Always `about:blank`: see `title`."},
        "title": {"type": "string", "description": "The kind of error, e.g. `Not found`."},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string", "description": "What went wrong, and what to do."},
        "errors": {
            "type": "array",
            "description": "With a 422 for invalid input: each field and what is wrong.",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
INVALID = "Invalid parameters or body (`errors` names each field)"
# Requests the schema accepts that still cannot be answered as asked (Invalid, BadQuery).
SEMANTIC: dict[str, dict[str, str]] = {
    "GET /paths": {"422": f"{INVALID}, `from` equal to `to`, or `exclude` naming one of them"},
    "GET /events": {"422": f"{INVALID}, or `end` before `start`"},
    "GET /search": {"422": f"{INVALID}, or a `q` with no letters or digits"},
    "POST /cypher": {
        "400": "Neo4j rejected the query (syntax, a missing parameter, …), or the body is "
        "not UTF-8",
        "422": f"{INVALID}, or an integer parameter beyond 64 bits",
    },
}
NOT_UTF8 = "The body is not UTF-8 text"
NO_DATABASE = frozenset({"GET /health", "GET /guide/newsroom.html", "GET /guide/newsroom.grass"})
DATABASE_ERRORS = {
    "503": "Neo4j did not answer",
    "504": "The query ran past its timeout; Neo4j stopped it",
}
FASTAPI_422 = "Validation Error"
RETRY_AFTER = {"description": "Seconds to wait", "schema": {"type": "integer", "minimum": 1}}
AUTHENTICATE = {"description": "The scheme: Bearer", "schema": {"type": "string"}}


def install(app: FastAPI, settings: ApiSettings) -> None:
    generate = app.openapi  # FastAPI's own; it regenerates when the routes change

    def openapi() -> dict[str, Any]:
        document = generate()
        if "Problem" not in document.setdefault("components", {}).get("schemas", {}):
            rewrite(document, settings)
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def rewrite(document: dict[str, Any], settings: ApiSettings) -> dict[str, Any]:
    """Document problem+json errors on every operation (in place)."""
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            _rewrite_operation(method.upper(), path, operation, settings)
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):  # FastAPI's 422 body, never sent
        schemas.pop(unused, None)
    schemas["Problem"] = PROBLEM_SCHEMA
    return document


def _rewrite_operation(
    method: str, path: str, operation: dict[str, Any], settings: ApiSettings
) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    for status, description in _errors(f"{method} {path}", operation, settings).items():
        response = responses.setdefault(status, {"description": description})
        if response.get("description") == FASTAPI_422:
            response["description"] = description
    for status, response in responses.items():
        if status.isdigit() and int(status) >= 400:
            if response.get("description") == FASTAPI_422:
                response["description"] = INVALID
            response["content"] = {PROBLEM: {"schema": PROBLEM_REF}}
    if "401" in responses:
        responses["401"]["headers"] = {"WWW-Authenticate": AUTHENTICATE}
    if "429" in responses:
        responses["429"]["headers"] = {"Retry-After": RETRY_AFTER}


def _errors(label: str, operation: dict[str, Any], settings: ApiSettings) -> dict[str, str]:
    """The errors an operation may answer that FastAPI does not document: status ->
    description."""
    errors = dict(SEMANTIC.get(label, {}))
    if "requestBody" in operation:
        errors.setdefault("400", NOT_UTF8)
    if label not in NO_DATABASE:
        errors = {**DATABASE_ERRORS, **errors}
    if operation.get("security"):  # from api.security.key_schemes
        errors["401"] = "No API key, or not a valid one (KG_API_KEYS)"
    rate = {"POST /cypher": settings.cypher_rate, "POST /link": settings.link_rate}.get(label)
    if rate:
        errors["429"] = f"Over the rate limit ({rate} per client)"
    return errors
