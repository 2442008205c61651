"""Deep links from the API into Neo4j Browser, with a named query typed into the editor."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import cypher

NEIGHBOURHOOD = "browser/neighbourhood"
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def bind(text: str, values: dict[str, str]) -> str:
    """`text` with each `$name` replaced by its value as a quoted string literal.

    Whole parameter names only (binding `id` leaves `$ids` alone); a parameter without a
    value is an error, since the Browser would run the query with it unset.
    """

    def literal(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"no value for ${name}; given: {sorted(values)}")
        return json.dumps(values[name])

    return _PARAM.sub(literal, text)


def browser_url(base: str, entity_id: str) -> str:
    """Neo4j Browser with the entity's neighbourhood query typed in, ready to run.

    A link carries no parameters, and a `:param` line before the query would put the
    Browser in multi-statement mode, which reports success instead of drawing the graph.
    So the named query's `$id` is bound to the id as a string literal: the id matched
    ENTITY_ID_PATTERN (letters, digits, '-' and one ':') already, and json.dumps quotes it.
    """
    text = bind(cypher.query(NEIGHBOURHOOD).body, {"id": entity_id})
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}cmd=edit&arg={quote(text, safe='')}"
