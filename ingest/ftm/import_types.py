"""Which of our relationship types an FtM interval of another publisher means.

Each interval schema has its type (Membership -> MEMBER_OF, ...); an UnknownLink takes the
type its role names, else LINKED_TO. Where the ends do not fit our relation table the link is
a LINKED_TO, never a type bent to fit.
"""

from __future__ import annotations

from graph.ftm.mapping import meaning
from graph.schema import FACT_TYPES, RELATION_TABLE, NodeType, RelType

# FtM interval schema -> (our type, the property of our `from` end, of our `to` end, role)
INTERVALS: dict[str, tuple[RelType, str, str, str]] = {
    "Membership": (RelType.MEMBER_OF, "member", "organization", "role"),
    "Directorship": (RelType.LEADS, "director", "organization", "role"),
    "Representation": (RelType.REPRESENTS, "agent", "client", "role"),
    "Employment": (RelType.WORKS_FOR, "employee", "employer", "role"),
    "Family": (RelType.RELATIVE_OF, "person", "relative", "relationship"),
    "Associate": (RelType.ASSOCIATED_WITH, "person", "associate", "relationship"),
    "UnknownLink": (RelType.LINKED_TO, "subject", "object", "role"),
}
_BY_MEANING = {meaning(t): t for t in FACT_TYPES}


def fits(rel_type: RelType, tail: str, head: str) -> bool:
    """Do the ends fit the relation table? A shape limited to some event kinds never fits
    an event end here: another publisher's interval does not say the event's kind."""
    rule = RELATION_TABLE.get(rel_type)
    if rule is None:
        return True
    return any(
        NodeType(tail) in s.tail
        and NodeType(head) in s.head
        and (s.head_kinds is None or head != NodeType.EVENT)
        and (s.tail_kinds is None or tail != NodeType.EVENT)
        for s in rule.shapes
    )


def native_type(schema: str, role: str | None) -> tuple[RelType, str | None]:
    """The type an interval of another publisher means; an UnknownLink whose role names one
    of our types ("SUPPORTS", "supports", "took part in: speaker") takes that type."""
    rel_type, _, _, _ = INTERVALS[schema]
    if schema != "UnknownLink" or not role:
        return rel_type, role
    named = role.strip().upper().replace(" ", "_")
    if named in FACT_TYPES:
        return RelType(named), None
    head, _, rest = role.partition(": ")
    if head in _BY_MEANING:
        return _BY_MEANING[head], rest or None
    if role in _BY_MEANING:
        return _BY_MEANING[role], None
    return rel_type, role
