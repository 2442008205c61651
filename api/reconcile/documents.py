"""How the OpenAPI document describes /reconcile's two payloads: the `queries` query
parameter and the POST body carry the exact JSON schemas of api/reconcile/requests.py's
models, so what the document promises is what is checked (the schemathesis run sends
requests from these schemas and holds the answers to them)."""

from __future__ import annotations

import copy
from typing import Any

from api.reconcile.requests import ExtendBody, QueriesBody, QueryBatch

FORM = "application/x-www-form-urlencoded"


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """A model's JSON schema with its `$defs` put in place: an OpenAPI document resolves
    `#/$defs/…` against its own root, where they are not."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                rest = {k: v for k, v in node.items() if k != "$ref"}
                return {**walk(copy.deepcopy(defs[node["$ref"].rsplit("/", 1)[-1]])), **rest}
            return {k: walk(v) for k, v in node.items()}
        return [walk(v) for v in node] if isinstance(node, list) else node

    result: dict[str, Any] = walk(schema)
    return result


GET_EXTRA: dict[str, Any] = {
    "parameters": [
        {
            "name": "queries",
            "in": "query",
            "required": False,
            "description": "A reconciliation query batch, as JSON (see the POST body).",
            "content": {"application/json": {"schema": _inline(QueryBatch.model_json_schema())}},
        }
    ]
}
POST_EXTRA: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "`queries` or `extend`. OpenRefine sends the same as a form: "
        f"`{FORM}` with `queries=<JSON>` or `extend=<JSON>`.",
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [
                        _inline(QueriesBody.model_json_schema()),
                        _inline(ExtendBody.model_json_schema()),
                    ]
                },
                "example": {
                    "queries": {
                        "q0": {"query": "Пономарёва Ильи", "type": "Person"},
                        "q1": {"query": "Dmitri Goudkov"},
                        "q2": {"query": "Gudkov", "type": "Person", "limit": 3},
                    }
                },
            }
        },
    }
}
