"""The graph's vocabulary: node labels and relationship types. Cypher takes them from here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum


class NodeType(StrEnum):
    PERSON = "Person"
    ORGANIZATION = "Organization"
    EVENT = "Event"
    PLACE = "Place"
    CLAIM = "Claim"


ID_PREFIX: dict[NodeType, str] = {
    NodeType.PERSON: "person",
    NodeType.ORGANIZATION: "org",
    NodeType.EVENT: "event",
    NodeType.PLACE: "place",
    NodeType.CLAIM: "claim",
}
# An id is a type prefix, a colon and a slug. Defined once: the data files (ingest/models.py)
# and the API's parameters (api/params.py) are both checked against these patterns.
SLUG_PATTERN = r"[a-z0-9][a-z0-9-]*"
ENTITY_ID_PATTERN = rf"^({'|'.join(ID_PREFIX.values())}):{SLUG_PATTERN}$"
SOURCE_ID_PATTERN = rf"^source:{SLUG_PATTERN}$"

ORG_KINDS = {
    "movement",
    "armed_unit",
    "parliament_in_exile",
    "ngo",
    "media_outlet",
    "state_body",
    "court",
    "platform",
    "party",
    "international_body",
    "project",
    "company",
    "intelligence_service",
    "community",  # a population group (a diaspora, the exiles), not a formal organisation
    "collective",  # an artistic or activist collective (a band, an art group)
    "religious_body",  # a church or other religious organisation
    "governing_body",  # an organisation's own executive or council
}
EVENT_KINDS = {
    "meeting",
    "statement",
    "court_verdict",
    "arrest",
    "release",
    "death",
    "election",
    "campaign_launch",
    "designation",
    "prisoner_exchange",
    "military_action",
    "publication",
    "interview",
    "protest",
    "resolution",
    "criminal_case",
    "invasion",
    "poisoning",
    "departure",
    "session",
    "attack",
    "investigation",
    "appointment",
    "resignation",
    "licensing",
    "listing",
    "legislation",
    "dissolution",  # an organisation or legal entity disbands or is wound up
    "membership_end",  # a member leaves or is removed from a body (withdrawal or expulsion)
    "prank_call",  # a hoax call by pranksters posing as someone else
    "blocking",  # access to a website or service restricted by an authority
    "award",  # a prize or honour conferred on someone
    "concert",  # a concert or concert tour
    "fine",  # a monetary penalty imposed on someone (by a court or an authority)
}
PLACE_KINDS = {"country", "city", "region", "facility", "building", "square", "landmark"}


# Every curated node carries ENTITY plus its type label; sources carry SOURCE; status
# statements (made by the ingest from `statuses:`) carry STATUS.
ENTITY = "Entity"
SOURCE = "Source"
STATUS = "Status"
LABELS: frozenset[str] = frozenset({*NodeType, ENTITY, SOURCE, STATUS})


class RelType(StrEnum):
    FOUNDED = "FOUNDED"
    LEADS = "LEADS"
    MEMBER_OF = "MEMBER_OF"
    WORKS_FOR = "WORKS_FOR"
    PART_OF = "PART_OF"
    PARTICIPATED_IN = "PARTICIPATED_IN"
    ORGANIZED = "ORGANIZED"
    BASED_IN = "BASED_IN"
    LIVES_IN = "LIVES_IN"
    LOCATED_IN = "LOCATED_IN"
    OPPOSES = "OPPOSES"
    SUPPORTS = "SUPPORTS"
    ALLIED_WITH = "ALLIED_WITH"
    MADE = "MADE"
    ABOUT = "ABOUT"
    SUBJECT_OF = "SUBJECT_OF"
    PUBLISHED_ON = "PUBLISHED_ON"
    SPOKE_TO = "SPOKE_TO"
    REPORTED = "REPORTED"
    RELATIVE_OF = "RELATIVE_OF"
    SENTENCED = "SENTENCED"
    DESIGNATED = "DESIGNATED"
    IMPRISONED_IN = "IMPRISONED_IN"
    FACT_CHECKED = "FACT_CHECKED"
    REPRESENTS = "REPRESENTS"
    PROMOTED = "PROMOTED"
    HELPED_CREATE = "HELPED_CREATE"
    LEFT = "LEFT"
    ACCUSED = "ACCUSED"
    HOSTED_BY = "HOSTED_BY"
    UNDER_UMBRELLA_OF = "UNDER_UMBRELLA_OF"  # works under a platform's umbrella; not membership
    INITIATED = "INITIATED"
    SUCCEEDED = "SUCCEEDED"
    ASSOCIATED_WITH = "ASSOCIATED_WITH"  # FtM Associate (imports)
    LINKED_TO = "LINKED_TO"  # FtM UnknownLink whose role names no type of ours (imports)
    MENTIONED_IN = "MENTIONED_IN"  # made by the ingest: entity -> source
    HAS_STATUS = "HAS_STATUS"  # made by the ingest: entity -> status statement


# Written by hand in the data files; the ingest makes MENTIONED_IN from `entities` and
# `mentions`, and HAS_STATUS from `statuses`.
FACT_TYPES: frozenset[RelType] = frozenset(RelType) - {RelType.MENTIONED_IN, RelType.HAS_STATUS}

# An attributed relationship (a party's claim the source reports) is stored under the type
# CLAIMED_<TYPE>: Neo4j Browser styles relationships only by type, and a claim must look
# different from a fact. Every relationship keeps its semantic type in the property `type`;
# the API and the reports read that. The storage types come from the enum, never from input.
CLAIMED_PREFIX = "CLAIMED_"
CLAIMED: dict[RelType, str] = {t: f"{CLAIMED_PREFIX}{t.value}" for t in sorted(FACT_TYPES)}
STORAGE_TYPES: frozenset[str] = frozenset({*(t.value for t in RelType), *CLAIMED.values()})


def stored_forms(types: Iterable[RelType]) -> list[str]:
    """Every stored type the given semantic types are written as: each one itself and, for
    a fact type, its claim (`CLAIMED_<TYPE>`); for filters on `type(r)`."""
    return [s for t in sorted(set(types)) for s in (t.value, CLAIMED.get(t)) if s]


def storage_type(rel_type: RelType, attributed: bool) -> str:
    """The relationship type a statement is stored under: CLAIMED_<TYPE> when attributed."""
    return CLAIMED[RelType(rel_type)] if attributed else RelType(rel_type).value


def semantic_type(stored: str) -> RelType:
    """The meaning of a stored type: CLAIMED_HELPED_CREATE -> HELPED_CREATE."""
    return RelType(stored.removeprefix(CLAIMED_PREFIX))


# A tie to a dated event with no valid_from starts on the event's date only for these: the
# actor took part then. An endorsement (SUPPORTS, PROMOTED) may predate the event.
DEFAULT_START_NOTE = (
    "A relationship to or from a dated event with no `valid_from` starts on "
    "the event's first day only for"
)
EVENT_DATE_STARTS: frozenset[RelType] = frozenset(
    {
        RelType.PARTICIPATED_IN,
        RelType.ORGANIZED,
        RelType.SUBJECT_OF,
        RelType.LOCATED_IN,
        RelType.INITIATED,
    }
)
# Words that say a tie has ended; in the role, quote or note of the types below they need an
# end (valid_to or ended: true); for every other type only the role counts.
FORMER = re.compile(r"\b(former|formerly)\b|\bex-", re.IGNORECASE)
FORMER_CHECKED: frozenset[RelType] = frozenset(
    {
        RelType.MEMBER_OF,
        RelType.LEADS,
        RelType.WORKS_FOR,
        RelType.REPRESENTS,
    }
)


class Facet(StrEnum):
    """Statuses of one facet exclude each other at one time; designations accumulate."""

    CONDITION = "condition"
    OFFICE = "office"
    DESIGNATION = "designation"


class Status(StrEnum):
    IN_EXILE = "in_exile"
    AT_LIBERTY = "at_liberty"
    DETAINED = "detained"  # pre-trial detention, house arrest
    IMPRISONED = "imprisoned"  # serving a sentence
    RELEASED = "released"
    DEAD = "dead"
    DISSOLVED = "dissolved"  # an organisation
    BANNED = "banned"  # an organisation's activity
    IN_OFFICE = "in_office"
    FOREIGN_AGENT = "foreign_agent"
    UNDESIRABLE = "undesirable"
    EXTREMIST = "extremist"
    TERRORIST = "terrorist"
    TERRORIST_EXTREMIST_LIST = "terrorist_extremist_list"  # Rosfinmonitoring's list
    WANTED = "wanted"  # on a wanted list
    ARRESTED_IN_ABSENTIA = "arrested_in_absentia"  # a court ordered the arrest of someone abroad
    SENTENCED_IN_ABSENTIA = "sentenced_in_absentia"  # convicted and sentenced while abroad
    ENTRY_BANNED = "entry_banned"  # barred from entering a country or area (e.g. Schengen)
    SANCTIONED = "sanctioned"  # on a sanctions list (an FtM Sanction naming none of the above)


_P, _O = NodeType.PERSON, NodeType.ORGANIZATION
# Each status: its facet and which entities it can describe.
STATUS_RULES: dict[Status, tuple[Facet, frozenset[NodeType]]] = {
    Status.IN_EXILE: (Facet.CONDITION, frozenset({_P, _O})),
    Status.AT_LIBERTY: (Facet.CONDITION, frozenset({_P})),
    Status.DETAINED: (Facet.CONDITION, frozenset({_P})),
    Status.IMPRISONED: (Facet.CONDITION, frozenset({_P})),
    Status.RELEASED: (Facet.CONDITION, frozenset({_P})),
    Status.DEAD: (Facet.CONDITION, frozenset({_P})),
    Status.DISSOLVED: (Facet.CONDITION, frozenset({_O})),
    Status.BANNED: (Facet.CONDITION, frozenset({_O})),
    Status.IN_OFFICE: (Facet.OFFICE, frozenset({_P})),
    Status.FOREIGN_AGENT: (Facet.DESIGNATION, frozenset({_P, _O})),
    Status.UNDESIRABLE: (Facet.DESIGNATION, frozenset({_O})),
    Status.EXTREMIST: (Facet.DESIGNATION, frozenset({_P, _O})),
    Status.TERRORIST: (Facet.DESIGNATION, frozenset({_P, _O})),
    Status.TERRORIST_EXTREMIST_LIST: (Facet.DESIGNATION, frozenset({_P, _O})),
    Status.WANTED: (Facet.DESIGNATION, frozenset({_P})),
    Status.ARRESTED_IN_ABSENTIA: (Facet.DESIGNATION, frozenset({_P})),
    Status.SENTENCED_IN_ABSENTIA: (Facet.DESIGNATION, frozenset({_P})),
    Status.ENTRY_BANNED: (Facet.DESIGNATION, frozenset({_P})),
    Status.SANCTIONED: (Facet.DESIGNATION, frozenset({_P, _O})),
}


def facet(status: Status | str) -> Facet:
    return STATUS_RULES[Status(status)][0]
