"""The strictest check followthemoney 4.11 allows, for one entity dict and for a whole file.

`Schema.validate` alone is lenient: it skips unknown properties and only flags a required
property that is present but empty. So on top of it: the schema is concrete, the id matches
FtM's entity-id pattern, every property exists and is writable, every required property has a
value, and re-reading the dict uncleaned (`model.get_proxy(data, cleaned=False)`, what
`ftm validate` does) gives back the same properties: no value is rewritten or dropped by
FtM's cleaning (bad dates, over-long text, self-references). Across a file: every entity
reference points at an entity of the file whose schema fits the property's range.

A dict is already FtM's cleaned form, so checking it cannot see what the cleaning did to the
input: `put` adds one value through the cleaning and fails when FtM drops it *or changes it*
(a name's quotes stripped, "en" rewritten as "eng"), unless the caller says the change is
expected and carries the exact value elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from followthemoney import model, registry
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy
from followthemoney.schema import Schema

from graph.ftm import FtmInvalid

__all__ = ["FtmInvalid", "check_entity", "entity_errors", "put", "reference_errors"]


def entity_errors(data: dict[str, Any]) -> list[str]:
    """Every reason FtM would reject or alter this entity dict; [] when it is valid."""
    schema = model.get(data.get("schema") or "")
    if schema is None:
        return [f"unknown schema {data.get('schema')!r}"]
    props: dict[str, list[str]] = data.get("properties") or {}
    errors = _shape_errors(schema, data.get("id"), props)
    if errors:
        return errors
    try:
        schema.validate(data)  # type: ignore[arg-type]
    except InvalidData as e:
        found = (getattr(e, "errors", None) or {}).get("properties") or {"": str(e)}
        return [f"{schema.name}.{name}: {why}" for name, why in sorted(found.items())]
    cleaned = model.get_proxy(data, cleaned=False).properties
    for name, values in props.items():
        if cleaned.get(name, []) != values:
            errors.append(f"{name}: FtM cleans {values!r} to {cleaned.get(name, [])!r}")
    return errors


def _shape_errors(schema: Schema, entity_id: Any, props: dict[str, list[str]]) -> list[str]:
    """What `Schema.validate` lets pass: an abstract schema, a bad id, unknown or stub
    properties, values that are not lists of strings, required properties left out."""
    errors: list[str] = []
    if schema.abstract:
        errors.append(f"abstract schema {schema.name}")
    if not isinstance(entity_id, str) or not registry.entity.validate(entity_id):
        errors.append(f"invalid id {entity_id!r}")
    for name, values in props.items():
        prop = schema.properties.get(name)
        if prop is None:
            errors.append(f"{schema.name} has no property {name!r}")
        elif prop.stub:
            errors.append(f"{schema.name}.{name} cannot be written")
        elif not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            errors.append(f"{name}: values must be a list of strings")
    missing = [name for name in sorted(schema.required) if not props.get(name)]
    errors.extend(f"{schema.name}.{name} is required" for name in missing)
    return errors


def put(proxy: EntityProxy, prop: str, text: str, may_change: bool = False) -> str:
    """Add `text` to `proxy.prop` through FtM's cleaning and return what FtM stored. A value
    FtM drops is an error; so is one it changes, unless `may_change` (the caller keeps the
    exact value elsewhere, or the change is one the importer undoes)."""
    stored = proxy.unsafe_add(proxy.schema.properties[prop], text)
    if stored is None:
        raise FtmInvalid(f"{proxy.id}: FtM rejects {text!r} as {proxy.schema.name}.{prop}")
    if stored != text and not may_change:
        raise FtmInvalid(
            f"{proxy.id}: FtM cleans {text!r} to {stored!r} as {proxy.schema.name}.{prop}"
        )
    return stored


def check_entity(data: dict[str, Any]) -> None:
    errors = entity_errors(data)
    if errors:
        raise FtmInvalid(f"{data.get('id')}: " + "; ".join(errors))


def reference_errors(entities: Iterable[dict[str, Any]]) -> list[str]:
    """Entity references that point nowhere, or at an entity outside the property's range."""
    entities = list(entities)
    schema_of = {e["id"]: model[e["schema"]] for e in entities}
    errors = []
    for e in entities:
        schema = model[e["schema"]]
        for name, values in (e.get("properties") or {}).items():
            prop = schema.properties[name]
            if prop.type != registry.entity:
                continue
            for value in values:
                target = schema_of.get(value)
                if target is None:
                    errors.append(f"{e['id']}.{name} -> {value}: no such entity")
                elif prop.range is not None and not target.is_a(prop.range):
                    errors.append(
                        f"{e['id']}.{name} -> {value}: {target.name} is no {prop.range.name}"
                    )
    return errors
