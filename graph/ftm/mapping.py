"""Our model <-> FollowTheMoney: ids, schemata, and the text conventions both directions share.

The exporter (api/ftm.py) and the importer (ingest/ftm/) both read these functions and the
tables they use (tables.py), so a round trip cannot drift. docs/ftm.md shows the tables and
says why.
"""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple

from followthemoney import model, registry
from followthemoney.schema import Schema

from graph.ftm.ids import SLUG as _SLUG
from graph.ftm.ids import from_ftm_id, to_ftm_id
from graph.ftm.tables import (
    DATASET,
    ENDS,
    ENDS_UNKNOWN,
    ENTITY_SCHEMA,
    REL_PREFIX,
    REL_SCHEMA,
    STATUS_PREFIX,
    STATUS_SCHEMA,
    Ends,
)
from graph.relations import RELATION_TABLE
from graph.schema import (
    CLAIMED_PREFIX,
    ENTITY_ID_PATTERN,
    SOURCE_ID_PATTERN,
    STORAGE_TYPES,
    RelType,
    Status,
    facet,
)

# The exporter reads the tables it needs through this module, with the functions over them.
__all__ = ["DATASET", "ENDS_UNKNOWN", "ENTITY_SCHEMA", "Ends", "Evidence", "Figures",
           "clean_name", "evidence_from_props", "evidence_props", "exact_line", "exact_values",
           "figures_line", "from_ftm_id", "interval_schema", "is_attributed", "meaning",
           "rel_ftm_id", "rel_id_from_record", "role_text", "status_from_record",
           "status_ftm_id", "status_schema", "to_ftm_id"]  # fmt: skip


def _fits(schema: Schema, prop: str, ftm_schema: str) -> bool:
    """Whether an entity of `ftm_schema` may be the value of `schema.prop`; a text property
    (Sanction.authority) takes a name, so anything fits."""
    if schema.properties[prop].type != registry.entity:
        return True
    rng = schema.properties[prop].range
    return rng is not None and model.get(ftm_schema) is not None and model[ftm_schema].is_a(rng)


def interval_schema(rel_type: RelType, from_schema: str, to_schema: str) -> Ends:
    """The FtM interval for a relationship of `rel_type` between entities of the given FtM
    schemata: REL_SCHEMA's choice when both ends fit its property ranges, else UnknownLink."""
    ends = ENDS[REL_SCHEMA[RelType(rel_type)]]
    schema = model[ends.schema]
    ok = _fits(schema, ends.source_prop, from_schema) and _fits(schema, ends.target_prop, to_schema)
    return ends if ok else ENDS["UnknownLink"]


def meaning(rel_type: RelType) -> str:
    """Our type's meaning in words, without the parenthetical hint: 'took part in'."""
    if rel_type is RelType.MENTIONED_IN:
        return "is named in"
    rule = RELATION_TABLE.get(RelType(rel_type))
    return rule.meaning.split(" (")[0] if rule else rel_type.value.lower().replace("_", " ")


def role_text(rel_type: RelType, role: str | None, generic: bool) -> str | None:
    """`role` of an interval: our role; on an UnknownLink the meaning first, so the
    relationship reads without our vocabulary ('took part in: speaker')."""
    if not generic:
        return role
    return f"{meaning(rel_type)}: {role}" if role else meaning(rel_type)


def _digest(*parts: str) -> str:
    return hashlib.blake2b("|".join(parts).encode(), digest_size=16).hexdigest()


def rel_ftm_id(rel_id: str, source_id: str) -> str:
    """The interval of one relationship as one source states it."""
    return REL_PREFIX + _digest(rel_id, source_id)


def status_ftm_id(status_id: str, source_id: str) -> str:
    """The Sanction/Event of one status statement as one source states it."""
    return STATUS_PREFIX + _digest(status_id, source_id)


_ENTITY = ENTITY_ID_PATTERN.strip("^$")
_TARGET = f"(?:{_ENTITY}|{SOURCE_ID_PATTERN.strip('^$')})"
_RECORD = re.compile(rf"^([A-Z_]+):({_ENTITY})->({_TARGET})(?:#({_SLUG}))?$")
_STATUS_RECORD = re.compile(rf"^status:({_ENTITY}):([a-z_]+)(?:#({_SLUG}))?$")


def rel_id_from_record(record_id: str) -> tuple[str, str, str, str | None] | None:
    """`CLAIMED_HELPED_CREATE:org:a->org:b#key` -> (stored type, from id, to id, key);
    None when the recordId is not one of our relationship ids."""
    if not _RECORD.match(record_id):
        return None
    stored, _, body = record_id.partition(":")
    if stored not in STORAGE_TYPES:
        return None
    body, _, key = body.partition("#")
    from_id, _, to_id = body.partition("->")  # a slug holds no ">", so the first "->"
    return stored, from_id, to_id, key or None


def status_from_record(record_id: str) -> tuple[str, Status, str | None] | None:
    """`status:person:x:in_exile#key` -> (entity id, status, key); None otherwise."""
    m = _STATUS_RECORD.match(record_id)
    if not m:
        return None
    entity_id = record_id[len("status:") :].rsplit(":", 1)[0]
    try:
        status = Status(record_id.split("#")[0].rsplit(":", 1)[1])
    except ValueError:
        return None
    key = record_id.partition("#")[2] or None
    return entity_id, status, key


def is_attributed(stored_type: str) -> bool:
    return stored_type.startswith(CLAIMED_PREFIX)


# ---------------------------------------------------------------- evidence and attribution
# An attributed statement says whose claim it is in the first line of its description:
# "per Federal Security Service [eg-org-fsb]". The note of a `note` citation follows on the
# next lines; a `quote` citation is the summary.
_PER = re.compile(r"^per (.+) \[(eg-[a-z]+-[a-z0-9][a-z0-9-]*)\]$")


Figures = dict[str, int | float]
# A relationship's figures (`sentence_years: 25`) are the last line of its description:
# "figures: prosecution_request_years=25, sentence_years=25". FtM intervals have no
# numeric or free-form property of their own for them.
_FIGURE = r"[a-z][a-z0-9_]*=-?\d+(?:\.\d+)?"
_FIGURES = re.compile(rf"^figures: {_FIGURE}(?:, {_FIGURE})*$")


def figures_line(figures: Figures) -> str | None:
    if not figures:
        return None
    return "figures: " + ", ".join(f"{k}={v}" for k, v in sorted(figures.items()))


def _split_figures(description: str) -> tuple[str | None, Figures]:
    body, _, last = description.rpartition("\n")
    if not _FIGURES.match(last):
        return description, {}
    figures: Figures = {}
    for pair in last.removeprefix("figures: ").split(", "):
        name, _, value = pair.partition("=")
        figures[name] = float(value) if "." in value else int(value)
    return body or None, figures


def evidence_props(
    kind: str | None,
    text: str | None,
    party_id: str | None,
    party_name: str | None,
    figures: Figures | None = None,
) -> dict[str, str]:
    """`summary` (a quote) and/or `description` (the attribution line, then a note, then
    the relationship's figures)."""
    out: dict[str, str] = {}
    lines = []
    if party_id:
        lines.append(f"per {party_name or party_id} [{to_ftm_id(party_id)}]")
    if kind == "quote" and text:
        out["summary"] = text
    elif kind == "note" and text:
        lines.append(text)
    line = figures_line(figures or {})
    if line:
        lines.append(line)
    if lines:
        out["description"] = "\n".join(lines)
    return out


class Evidence(NamedTuple):
    kind: str | None  # quote | note | None
    text: str | None
    party_id: str | None  # our id of the party whose claim it is
    figures: Figures | None = None  # the relationship's figures, when the line gives them


def evidence_from_props(summary: str | None, description: str | None) -> Evidence:
    """The inverse of `evidence_props`, for the importer."""
    party = None
    note, figures = _split_figures(description) if description else (None, {})
    if note:
        first, _, rest = note.partition("\n")
        m = _PER.match(first)
        if m:
            party = from_ftm_id(m.group(2))
            note = rest or None
    if summary:
        return Evidence("quote", summary, party, figures)
    if note:
        return Evidence("note", note, party, figures)
    return Evidence(None, None, party, figures)


# ---------------------------------------------------------------- exact names
# FtM's name cleaning strips quotes and squashes spaces ('"Plan of Victory"' -> 'Plan of
# Victory'). Where it changes an entity's name or alias, the exact value follows in the
# entity's `notes` (text: never cleaned) as a line "exact name: <value>" / "exact alias: ...".
_EXACT = re.compile(r"^exact (name|alias): (.+)$")


def exact_line(prop: str, value: str) -> str:
    if "\n" in value:
        raise ValueError(f"a {prop} with a line break cannot be carried: {value!r}")
    return f"exact {prop}: {value}"


def exact_values(notes: str | None) -> dict[str, list[str]]:
    """The exact names and aliases an entity's notes carry, by property."""
    out: dict[str, list[str]] = {}
    for line in (notes or "").splitlines():
        m = _EXACT.match(line)
        if m:
            out.setdefault(m.group(1), []).append(m.group(2))
    return out


def clean_name(value: str) -> str | None:
    """What FtM stores for a name value."""
    return registry.name.clean_text(value)


def status_schema(status: Status | str) -> str:
    return STATUS_SCHEMA[facet(status)]
