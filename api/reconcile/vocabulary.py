"""What the reconciliation service speaks of: its types, the properties a query may be
refined by, and the properties data extension fetches.

The manifest, the suggest services, the property proposals, query translation and data
extension all read these tables, so what is announced is what is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.schema import NodeType


@dataclass(frozen=True)
class Term:
    id: str
    name: str
    description: str


# Our node types that names are reconciled against; a query with neither (or both) is
# matched against both (the matcher's LegalEntity).
TYPES: dict[str, Term] = {
    t.id: t
    for t in (
        Term(
            NodeType.PERSON.value,
            "Person",
            "A person: a politician, journalist, activist, fighter or official.",
        ),
        Term(
            NodeType.ORGANIZATION.value,
            "Organization",
            "A group: a movement, party, media outlet, armed unit, court or state body.",
        ),
    )
}

# A query's property ids are FollowTheMoney property names, so a query reads the same here
# and at POST /match (api/matching/examples.py). The graph holds no birth dates or
# nationalities: those are accepted and reported per candidate as not compared.
MATCH_PROPERTIES: dict[str, Term] = {
    t.id: t
    for t in (
        Term("alias", "Alias", "Another name: compared like the query itself, in any script."),
        Term("birthDate", "Birth date", "Accepted, not compared: the graph holds none."),
        Term("nationality", "Nationality", "Accepted, not compared: the graph holds none."),
        Term("country", "Country", "Accepted, not compared: the graph holds none."),
    )
}
COMPARED = frozenset({"alias"})  # the query properties the score uses

# Data extension: what each reconciled entity can be extended with.
EXTEND_PROPERTIES: dict[str, Term] = {
    t.id: t
    for t in (
        Term(
            "status",
            "Status",
            "The conditions and offices holding on the day (setting `as_of`, default "
            "today): in_exile, imprisoned, detained, released, dead, in_office…",
        ),
        Term(
            "designations",
            "Designations",
            "The designations holding on the day (setting `as_of`, default today): "
            "foreign_agent, undesirable, extremist, terrorist, wanted…",
        ),
        Term("sources", "Sources", "How many sources in the graph name the entity."),
        Term("aliases_cyrillic", "Aliases in Cyrillic", "The aliases written in Cyrillic."),
    )
}
DATED = frozenset({"status", "designations"})  # the properties the `as_of` setting applies to


def matching(terms: dict[str, Term], prefix: str) -> list[Term]:
    """The terms whose id or name, or a word of the name, starts with the prefix (any case)."""
    wanted = prefix.strip().casefold()
    return [
        t
        for t in terms.values()
        if not wanted
        or t.id.casefold().startswith(wanted)
        or any(part.startswith(wanted) for part in (t.name.casefold(), *t.name.casefold().split()))
    ]
