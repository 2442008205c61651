"""The Reconciliation Service API 0.2's own JSON schemas, vendored in
tests/fixtures/reconciliation/, as validators: `$ref`s between them resolve from those
files, never over the network."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator  # type: ignore[import-untyped]  # ships no types
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SPEC = Path(__file__).parents[1] / "fixtures" / "reconciliation"
SCHEMAS = SPEC / "schemas"
EXAMPLES = SPEC / "examples"


@cache
def registry() -> Registry[Any]:
    # Their `$schema` is the unversioned draft URI; the specification checks them with
    # ajv 6, whose default is draft 7.
    resources = []
    for path in sorted(SCHEMAS.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        uri = contents["$id"].rstrip("#")  # openapi.json's id ends in an empty fragment
        resources.append((uri, Resource.from_contents(contents, default_specification=DRAFT7)))
    # A Registry made without a `retrieve` function fetches nothing: a `$ref` to any other
    # URI is unresolvable (tests/api/test_reconcile.py proves it).
    registry: Registry[Any] = Registry().with_resources(resources)
    return registry


@cache
def validator(name: str) -> Draft7Validator:
    """The validator of `schemas/<name>.json`, e.g. `manifest`."""
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    return Draft7Validator(schema, registry=registry())


def problems(name: str, instance: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in validator(name).iter_errors(instance)
    ]


def assert_valid(name: str, instance: Any) -> None:
    found = problems(name, instance)
    assert not found, f"not a valid {name}: {found[:5]}"


def examples(name: str, kind: str) -> list[Path]:
    return sorted((EXAMPLES / name / kind).glob("*.json"))


def schema_names() -> list[str]:
    return sorted(path.stem for path in SCHEMAS.glob("*.json"))
