"""A yente query example (`{schema, properties}`) read and checked: what the matcher uses.

FtM's schemata are a hierarchy (Thing > LegalEntity > Person, Organization > Company);
the ones a list of people or groups is screened as are listed here with the properties
each may carry, so an unknown schema or property is a 422 naming it, whether or not the
optional FollowTheMoney package is installed. Only the names are compared: the graph holds
no birth dates, nationalities or registration numbers, so those are read, echoed and said
to be unused (`features` shows it), never a reason to reject a query.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from api.matching.score import query_names
from graph.schema import NodeType

# Each schema a query may name -> the node types its candidates may have.
SCHEMA_TYPES: dict[str, tuple[NodeType, ...]] = {
    "Thing": tuple(NodeType),
    "LegalEntity": (NodeType.PERSON, NodeType.ORGANIZATION),
    "Person": (NodeType.PERSON,),
    "Organization": (NodeType.ORGANIZATION,),
    "Company": (NodeType.ORGANIZATION,),
    "PublicBody": (NodeType.ORGANIZATION,),
}
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
# A person's name in parts, joined in this order into one more name to look for.
PART_PROPS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
_THING = {
    *NAME_PROPS, "summary", "description", "country", "notes", "sourceUrl", "keywords",
    "topics", "address", "wikidataId", "website", "email", "phone", "program", "createdAt",
    "modifiedAt",
}  # fmt: skip
_LEGAL = {
    "legalForm", "incorporationDate", "dissolutionDate", "taxNumber", "registrationNumber",
    "idNumber", "innCode", "ogrnCode", "leiCode", "jurisdiction", "mainCountry", "status",
    "sector", "classification", "opencorporatesUrl",
}  # fmt: skip
_PERSON = {
    *PART_PROPS, "birthDate", "birthPlace", "birthCountry", "deathDate", "nationality",
    "citizenship", "gender", "title", "position", "political", "religion", "education",
    "passportNumber", "ethnicity",
}  # fmt: skip
SCHEMA_PROPS: dict[str, frozenset[str]] = {
    "Thing": frozenset(_THING),
    "LegalEntity": frozenset(_THING | _LEGAL),
    "Person": frozenset(_THING | _LEGAL | _PERSON),
    "Organization": frozenset(_THING | _LEGAL),
    "Company": frozenset(_THING | _LEGAL),
    "PublicBody": frozenset(_THING | _LEGAL),
}
# Read and echoed; compared once the graph holds them (it holds none of them yet).
UNUSED_KNOWN = ("birthDate", "nationality", "citizenship", "country", "jurisdiction")

MAX_PROPERTIES = 20  # properties in one query
MAX_VALUES = 20  # values of one property
MAX_VALUE_CHARS = 200  # characters of one value
MAX_NAMES = 5  # names (with the joined parts) one query is searched by


class ExampleInvalid(ValueError):
    """A query example that cannot be matched; the message names the field."""


@dataclass(frozen=True)
class Example:
    schema: str
    names: tuple[str, ...]
    properties: dict[str, list[str]]  # as given, cleaned: echoed back in the response

    @cached_property
    def forms(self) -> list[tuple[bool, list[list[str]]]]:
        """Each name folded (score.query_names), once: the index query and the score of
        every candidate, in both rounds, read these."""
        return query_names(self.names)

    @property
    def types(self) -> tuple[NodeType, ...]:
        return SCHEMA_TYPES[self.schema]

    def unused(self) -> list[str]:
        """The properties given that the score does not use (the graph lacks them)."""
        used = {*NAME_PROPS, *PART_PROPS}
        return sorted(p for p in self.properties if p not in used)


def _values(field: str, raw: object) -> list[str]:
    """A property's values: a string or a list of strings (yente accepts both)."""
    items = raw if isinstance(raw, list) else [raw]
    if len(items) > MAX_VALUES:
        raise ExampleInvalid(f"{field}: {len(items)} values; at most {MAX_VALUES}")
    out = []
    for index, item in enumerate(items):
        if not isinstance(item, str):
            where = f"{field}[{index}]" if isinstance(raw, list) else field
            raise ExampleInvalid(f"{where}: a string is expected, not {type(item).__name__}")
        if len(item) > MAX_VALUE_CHARS:
            raise ExampleInvalid(
                f"{field}: a value of {len(item)} characters; at most {MAX_VALUE_CHARS}"
            )
        if item.strip():
            out.append(item.strip())
    return out


def _names(props: Mapping[str, list[str]]) -> tuple[str, ...]:
    names = [value for prop in NAME_PROPS for value in props.get(prop, [])]
    parts = [props[p][0] for p in PART_PROPS if props.get(p)]
    if len(parts) > 1 or (parts and not names):
        names.append(" ".join(parts))
    return tuple(dict.fromkeys(names))[:MAX_NAMES]


def read_example(where: str, raw: Any) -> Example:
    """One query of a batch (`where` names it: `queries.q1`), checked field by field."""
    if not isinstance(raw, Mapping):
        raise ExampleInvalid(f"{where}: an object with `schema` and `properties` is expected")
    schema = raw.get("schema")
    if schema not in SCHEMA_TYPES:
        raise ExampleInvalid(
            f"{where}.schema: {schema!r} is not a schema this service matches; "
            f"one of {', '.join(SCHEMA_TYPES)}"
        )
    props = raw.get("properties")
    if not isinstance(props, Mapping):
        raise ExampleInvalid(f"{where}.properties: an object of property lists is expected")
    if len(props) > MAX_PROPERTIES:
        raise ExampleInvalid(
            f"{where}.properties: {len(props)} properties; at most {MAX_PROPERTIES}"
        )
    cleaned: dict[str, list[str]] = {}
    for prop, values in props.items():
        if prop not in SCHEMA_PROPS[schema]:
            raise ExampleInvalid(
                f"{where}.properties.{prop}: {schema} has no property {prop!r} "
                f"(names are {', '.join(NAME_PROPS + PART_PROPS)})"
            )
        found = _values(f"{where}.properties.{prop}", values)
        if found:
            cleaned[prop] = found
    names = _names(cleaned)
    if not names:
        raise ExampleInvalid(
            f"{where}.properties: no name to match; give `name` (or `alias`, or "
            "`firstName` and `lastName`)"
        )
    return Example(schema=schema, names=names, properties=cleaned)
