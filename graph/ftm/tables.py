"""The tables of our model <-> FollowTheMoney: which FtM schema each of our labels,
relationship types and statuses becomes, and the prefixes of the ids we give FtM.

mapping.py holds the functions over them; the exporter (api/ftm.py) and the importer
(ingest/ftm/) both read these, so a round trip cannot drift.
"""

from __future__ import annotations

from typing import NamedTuple

from graph.schema import Facet, NodeType, RelType

DATASET = "exile_graph"
FTM_PREFIX = "eg-"
SOURCE_PREFIX = "source"
REL_PREFIX = "eg-rel-"  # one interval per (relationship, citing source)
STATUS_PREFIX = "eg-status-"  # one Sanction/Event per (status statement, citing source)

# Our label -> the FtM schema of its entities. A place is an Address: FtM has no other
# non-legal "place" thing, and Address is what Event.addressEntity and Thing.addressEntity
# point at. A claim is an Event (named, dated, its text as summary): Note has no date and
# is an annotation on other entities, while our claims are nodes that MADE, ABOUT and
# FACT_CHECKED point at; the id prefix `eg-claim-` tells it from our events.
ENTITY_SCHEMA: dict[str, str] = {
    NodeType.PERSON: "Person",
    NodeType.ORGANIZATION: "Organization",
    NodeType.EVENT: "Event",
    NodeType.PLACE: "Address",
    NodeType.CLAIM: "Event",
    "Source": "Article",
}

# Our semantic relationship type -> the FtM interval schema, where one means the same.
# `interval_schema` falls back to UnknownLink where the ends do not fit the schema's ranges
# (e.g. ALLIED_WITH between organisations: Associate is between people).
REL_SCHEMA: dict[RelType, str] = {
    RelType.MEMBER_OF: "Membership",
    RelType.LEADS: "Directorship",
    RelType.REPRESENTS: "Representation",
    RelType.WORKS_FOR: "Employment",
    RelType.RELATIVE_OF: "Family",
    RelType.ALLIED_WITH: "Associate",
    RelType.ASSOCIATED_WITH: "Associate",
    RelType.DESIGNATED: "Sanction",
    RelType.MENTIONED_IN: "Documentation",
}
for _t in RelType:
    REL_SCHEMA.setdefault(_t, "UnknownLink")
REL_SCHEMA.pop(RelType.HAS_STATUS)  # statuses are entities of their own (STATUS_SCHEMA)

# A status statement: a designation is a Sanction (entity = the designated); a condition or
# an office (in exile, imprisoned, dead, in office) is an Event the entity is `involved` in,
# dated by startDate/endDate. FtM has no dated "state of a person" schema; an Event is the
# interval schema with a name and an entity reference that fits any Person or Organization.
STATUS_SCHEMA: dict[Facet, str] = {
    Facet.DESIGNATION: "Sanction",
    Facet.CONDITION: "Event",
    Facet.OFFICE: "Event",
}


class Ends(NamedTuple):
    """An interval schema and which of its properties take our relationship's two ends."""

    schema: str
    source_prop: str  # our `from` end (Sanction: `authority`, the designator's name)
    target_prop: str  # our `to` end


ENDS: dict[str, Ends] = {
    "Membership": Ends("Membership", "member", "organization"),
    "Directorship": Ends("Directorship", "director", "organization"),
    "Representation": Ends("Representation", "agent", "client"),
    "Employment": Ends("Employment", "employee", "employer"),
    "Family": Ends("Family", "person", "relative"),
    "Associate": Ends("Associate", "person", "associate"),
    # DESIGNATED: designator -> designated; the Sanction's entity is the designated one,
    # the designator goes into `authority` (a name: FtM has no entity range for it).
    "Sanction": Ends("Sanction", "authority", "entity"),
    "Documentation": Ends("Documentation", "entity", "document"),
    "UnknownLink": Ends("UnknownLink", "subject", "object"),
}


ENDS_UNKNOWN = ENDS["UnknownLink"]
