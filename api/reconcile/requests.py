"""The two JSON payloads a reconciliation client sends, read and checked: a query batch
(`queries`) and a data extension query (`extend`).

The models here are also the OpenAPI document's schemas (api/reconcile/documents.py): what
the document says is exactly what is accepted, and the fuzz test holds the two together.
So the models are strict (a `"5"` is not a number) and every rule they cannot state as
JSON Schema — too many queries or ids — is a separate, documented 422. Every refusal names
its field: `queries.q0.properties[1].pid: 'status' is not a property to match on …`.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
)

from api.errors import Invalid
from api.matching.examples import MAX_VALUE_CHARS, MAX_VALUES
from api.matching.service import MAX_KEY
from api.params import EntityIdStr, iso_date
from api.reconcile.vocabulary import EXTEND_PROPERTIES, MATCH_PROPERTIES, TYPES

MAX_CONSTRAINTS = 20  # property constraints in one query
MAX_TYPES = 10  # types in one query's `type`
MAX_EXTEND_PROPERTIES = 20  # properties in one extension query
MAX_NUMBER = 10**15  # a number given as a value: a year, an id; never longer than 16 digits
MAX_ERRORS = 20  # refusals listed in one 422

TypeId = Literal["Person", "Organization"]
MatchPid = Literal["alias", "birthDate", "nationality", "country"]
ExtendId = Literal["status", "designations", "sources", "aliases_cyrillic"]
assert set(get_args(TypeId)) == set(TYPES)  # the vocabulary and the schema agree
assert set(get_args(MatchPid)) == set(MATCH_PROPERTIES)
assert set(get_args(ExtendId)) == set(EXTEND_PROPERTIES)


def _listed(value: object) -> object:
    """One value or a list of them (the specification allows both)."""
    return value if isinstance(value, list) else [value]


def _whole(value: object) -> object:
    """JSON Schema's integer includes 5.0; pydantic's strict int would not."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _text(value: object) -> str:
    """A property value as the matcher's text: a string, a number (a year) or a reconciled
    entity (`{id, name}`: its name, else its id)."""
    if isinstance(value, bool):  # before int: a bool is an int in Python, not in JSON
        raise ValueError("a boolean is not a value of this property; give a string")
    if isinstance(value, int | float):
        if not -MAX_NUMBER <= value <= MAX_NUMBER:
            raise ValueError(f"a number beyond ±{MAX_NUMBER:.0e}; give it as a string")
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    if isinstance(value, dict):
        given = {key: value[key] for key in ("id", "name") if key in value}
        if "id" not in given or not all(isinstance(v, str) for v in given.values()):
            raise ValueError("an entity value is `{id, name}`: an `id` string, a `name` string")
        for text in given.values():
            _short(text)
        name, id_ = str(given.get("name", "")), str(given["id"])
        return name.strip() or id_
    if not isinstance(value, str):
        raise ValueError(f"a string is expected, not {type(value).__name__}")
    return _short(value)


def _short(value: str) -> str:
    if len(value) > MAX_VALUE_CHARS:
        raise ValueError(f"a value of {len(value)} characters; at most {MAX_VALUE_CHARS}")
    return value


def _texts(value: object) -> list[str]:
    values = value if isinstance(value, list) else [value]
    if len(values) > MAX_VALUES:
        raise ValueError(f"{len(values)} values; at most {MAX_VALUES}")
    return [_text(v) for v in values]


def _day(value: object) -> object:
    """`as_of`: a day, or empty for today (OpenRefine sends the setting's empty default)."""
    return None if value == "" else iso_date(value)


_STRING: dict[str, Any] = {"type": "string", "maxLength": MAX_VALUE_CHARS}
_VALUE: dict[str, Any] = {
    "anyOf": [
        _STRING,
        {"type": "number", "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER},
        {
            "type": "object",
            "description": "A reconciled entity: its `name` is compared, else its `id`.",
            "properties": {"id": _STRING, "name": _STRING},
            "required": ["id"],
        },
    ]
}
_TYPES: dict[str, Any] = {"enum": sorted(TYPES)}


class Constraint(BaseModel):
    """One property constraint: `{pid, v}`."""

    model_config = ConfigDict(strict=True)

    pid: MatchPid = Field(description="A property to refine the match by (suggest/property).")
    v: Annotated[
        list[str],
        BeforeValidator(_texts),
        WithJsonSchema(
            {"anyOf": [_VALUE, {"type": "array", "items": _VALUE, "maxItems": MAX_VALUES}]}
        ),
    ] = Field(description="A value, or a list of values, of that property.")


class ReconQuery(BaseModel):
    """One reconciliation query. With neither `query` nor an `alias` it matches nothing."""

    model_config = ConfigDict(strict=True, extra="forbid")

    query: str = Field(
        "", max_length=MAX_VALUE_CHARS, description="A name, in any script or spelling."
    )
    type: Annotated[
        list[TypeId],
        BeforeValidator(_listed),
        WithJsonSchema(
            {"anyOf": [_TYPES, {"type": "array", "items": _TYPES, "maxItems": MAX_TYPES}]}
        ),
        Field(max_length=MAX_TYPES),
    ] = Field(
        default_factory=list,
        description="`Person` or `Organization`, or a list: candidates are of any of them.",
    )
    limit: Annotated[int, BeforeValidator(_whole)] = Field(
        5, ge=1, description="The most candidates to return (at most 50 are)."
    )
    properties: list[Constraint] = Field(default_factory=list, max_length=MAX_CONSTRAINTS)
    type_strict: Literal["any", "should", "all"] = Field(
        "should", description="Accepted; a type always restricts the candidates."
    )


Key = Annotated[str, StringConstraints(max_length=MAX_KEY)]


class QueryBatch(RootModel[dict[Key, ReconQuery]]):
    """Queries keyed by the client's ids (OpenRefine's `q0`, `q1`…)."""

    root: dict[Key, ReconQuery] = Field(min_length=1)


class ExtendSettings(BaseModel):
    model_config = ConfigDict(strict=True)

    as_of: Annotated[
        date | None,
        BeforeValidator(_day),
        WithJsonSchema(
            {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "maxLength": 0}]}
        ),
    ] = Field(None, description="The day status and designations are for; empty: today.")


class ExtendProperty(BaseModel):
    model_config = ConfigDict(strict=True)

    id: ExtendId
    settings: ExtendSettings = Field(default_factory=ExtendSettings)


class ExtendQuery(BaseModel):
    """Data extension: property values for reconciled entities."""

    model_config = ConfigDict(strict=True)

    ids: list[EntityIdStr] = Field(description="Entity ids, e.g. `person:alexei-navalny`.")
    properties: list[ExtendProperty] = Field(max_length=MAX_EXTEND_PROPERTIES)


class QueriesBody(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")
    queries: QueryBatch


class ExtendBody(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")
    extend: ExtendQuery


PAYLOADS: dict[str, type[BaseModel]] = {"queries": QueryBatch, "extend": ExtendQuery}


def _reject(_: str) -> None:
    raise ValueError("NaN and Infinity are not JSON")


def parse_json(field: str, text: str) -> Any:
    """JSON text, strictly (no NaN); malformed or too deeply nested is a 422 naming `field`."""
    try:
        return json.loads(text, parse_constant=_reject)
    except json.JSONDecodeError as e:
        raise Invalid(f"{field}: not JSON ({e.msg} at line {e.lineno} column {e.colno})") from None
    except RecursionError:
        raise Invalid(f"{field}: JSON nested too deeply to read") from None
    except ValueError as e:  # NaN, or an integer of more digits than Python converts
        raise Invalid(f"{field}: not JSON that can be read ({e})") from None


M = TypeVar("M", bound=BaseModel)


def read_payload(field: str, model: type[M], raw: Any) -> M:
    """A parsed payload checked against its model; a 422 listing each bad field."""
    try:
        return model.model_validate(raw)
    except ValidationError as e:
        errors = [
            {"field": _where(field, err["loc"]), "message": _message(err)}
            for err in e.errors(include_url=False)[:MAX_ERRORS]
        ]
        detail = "; ".join(f"{err['field']}: {err['message']}" for err in errors[:5])
        raise Invalid(detail, errors=errors) from None


def _where(field: str, loc: tuple[int | str, ...]) -> str:
    out = field
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


_KNOWN = {
    "pid": ("a property to match on", MATCH_PROPERTIES),
    "id": ("a property data extension fetches", EXTEND_PROPERTIES),
    "type": ("a type of this service", TYPES),
}


def _message(err: Any) -> str:
    """Pydantic's message, said in the service's terms where it names a vocabulary."""
    loc, given = err["loc"], err.get("input")
    names = [part for part in loc if isinstance(part, str)]
    if err["type"] == "literal_error" and names and names[-1] in _KNOWN:
        what, known = _KNOWN[names[-1]]
        hint = ""
        if names[-1] == "pid" and given in EXTEND_PROPERTIES:
            hint = f" ({given} is fetched by data extension, not matched on)"
        return f"{_shown(given)} is not {what}; one of {', '.join(known)}{hint}"
    if err["type"] == "value_error":  # our own validators' words, which name the value
        return str(err["msg"]).removeprefix("Value error, ")
    return f"{err['msg']}{_given(given)}"


def _shown(value: object) -> str:
    # Only scalars: the repr of a deeply nested value could itself recurse too deeply.
    if isinstance(value, str):
        return repr(value[:60] + "…" if len(value) > 60 else value)
    if value is None or isinstance(value, int | float | bool):
        return json.dumps(value)
    return f"a JSON {'array' if isinstance(value, list) else 'object'}"


def _given(value: object) -> str:
    return "" if isinstance(value, dict | list) else f" (got {_shown(value)})"
