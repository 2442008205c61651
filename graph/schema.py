"""The graph's vocabulary: node labels and relationship types. Cypher takes them from here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
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


# ---------------------------------------------------------------- the relation table
@dataclass(frozen=True)
class Shape:
    """One allowed pair of ends: a node of a `tail` type to a node of a `head` type. An
    Event end is limited to `*_kinds` when given (None: any kind)."""

    tail: frozenset[NodeType]
    head: frozenset[NodeType]
    tail_kinds: frozenset[str] | None = None
    head_kinds: frozenset[str] | None = None


@dataclass(frozen=True)
class Rule:
    meaning: str
    shapes: tuple[Shape, ...]


def _types(text: str) -> frozenset[NodeType]:
    return frozenset(NodeType(t) for t in text.split("|"))


def shape(
    tail: str, head: str, tail_kinds: str | None = None, head_kinds: str | None = None
) -> Shape:
    """shape("Person|Organization", "Event", head_kinds="arrest|release")."""

    def kinds(text: str | None) -> frozenset[str] | None:
        return frozenset(text.split("|")) if text else None

    return Shape(_types(tail), _types(head), kinds(tail_kinds), kinds(head_kinds))


ACTOR = "Person|Organization"
ANY_NODE = "Person|Organization|Event|Place|Claim"
# SUBJECT_OF: an act by others directed at the subject (an authority's act, an attack).
# Not a death or a departure: there the person is not the object of anyone's act (a death
# is a `dead` status and the event's ABOUT; a departure is LEFT -> Place).
SUBJECT_KINDS = (
    "court_verdict|arrest|designation|listing|release|criminal_case|investigation"
    "|attack|poisoning|prisoner_exchange|appointment|licensing|prank_call|blocking|award|fine"
)
PARTICIPATION_KINDS = (
    "meeting|statement|election|campaign_launch|prisoner_exchange"
    "|military_action|publication|interview|protest|resolution|invasion"
    "|departure|session|attack|investigation|resignation|concert"
)
ORGANIZED_KINDS = "|".join(sorted(EVENT_KINDS - {"death", "departure", "resignation"}))
INITIATED_KINDS = (
    "criminal_case|investigation|designation|listing|arrest|attack|military_action|campaign_launch"
)

# For every hand-written type: what it means, and which node types (and event kinds) it may
# connect. `kg validate` enforces it; docs/model.md shows it (`kg docs` regenerates that).
RELATION_TABLE: dict[RelType, Rule] = {
    RelType.FOUNDED: Rule("founded", (shape(ACTOR, "Organization"),)),
    RelType.HELPED_CREATE: Rule(
        "helped set up, took part in creating", (shape(ACTOR, "Organization|Event"),)
    ),
    RelType.LEADS: Rule("heads (role: the title)", (shape(ACTOR, "Organization"),)),
    RelType.MEMBER_OF: Rule("is a member", (shape(ACTOR, "Organization"),)),
    RelType.WORKS_FOR: Rule("is employed by (role)", (shape("Person", "Organization|Person"),)),
    RelType.REPRESENTS: Rule(
        "represents, is the (political) representative of (role)",
        (shape("Person", "Organization"),),
    ),
    RelType.SUCCEEDED: Rule(
        "replaced someone in a post (role: the post)", (shape("Person", "Person"),)
    ),
    RelType.PART_OF: Rule(
        "is a part of (same kind of node)",
        (shape("Organization", "Organization"), shape("Place", "Place"), shape("Event", "Event")),
    ),
    RelType.PARTICIPATED_IN: Rule(
        "took part in (role)", (shape(ACTOR, "Event", head_kinds=PARTICIPATION_KINDS),)
    ),
    RelType.ORGANIZED: Rule(
        "organised, carried out, issued (role)",
        (shape(ACTOR, "Event", head_kinds=ORGANIZED_KINDS),),
    ),
    RelType.INITIATED: Rule(
        "opened, launched (a case, an investigation, an attack)",
        (shape(ACTOR, "Event", head_kinds=INITIATED_KINDS),),
    ),
    RelType.SUBJECT_OF: Rule(
        "was the one an act of others was directed at",
        (shape(ACTOR, "Event", head_kinds=SUBJECT_KINDS),),
    ),
    RelType.PROMOTED: Rule(
        "promoted, publicised, called people to join", (shape(ACTOR, "Event|Claim|Organization"),)
    ),
    RelType.HOSTED_BY: Rule(
        "held at or by (a platform, an event)", (shape("Organization|Event", "Organization"),)
    ),
    RelType.UNDER_UMBRELLA_OF: Rule(
        "works under the umbrella of (a platform or coalition; not membership)",
        (shape(ACTOR, "Organization"),),
    ),
    RelType.BASED_IN: Rule("has its seat in", (shape("Organization", "Place"),)),
    RelType.LIVES_IN: Rule("lives in", (shape("Person", "Place"),)),
    RelType.LEFT: Rule("left a country or place (valid_from: when)", (shape(ACTOR, "Place"),)),
    RelType.IMPRISONED_IN: Rule("held in (valid_from/valid_to)", (shape("Person", "Place"),)),
    RelType.LOCATED_IN: Rule("took place in", (shape("Event", "Place"),)),
    RelType.OPPOSES: Rule("opposes", (shape(ACTOR, ANY_NODE),)),
    RelType.SUPPORTS: Rule("supports, endorses", (shape(ACTOR, ANY_NODE),)),
    RelType.ALLIED_WITH: Rule("is allied with", (shape(ACTOR, ACTOR),)),
    RelType.ACCUSED: Rule("accused (role: the accusation)", (shape(ACTOR, ACTOR),)),
    RelType.MADE: Rule(
        "made a claim or a statement",
        (shape(ACTOR, "Claim"), shape(ACTOR, "Event", head_kinds="statement|publication")),
    ),
    RelType.ABOUT: Rule("is about", (shape("Claim|Event", ANY_NODE),)),
    RelType.PUBLISHED_ON: Rule("publishes on (a platform)", (shape(ACTOR, "Organization"),)),
    RelType.SPOKE_TO: Rule("gave an interview to", (shape("Person", "Organization|Person"),)),
    RelType.REPORTED: Rule("reported (an outlet)", (shape(ACTOR, "Event|Claim"),)),
    RelType.RELATIVE_OF: Rule(
        "is a relative of (role: father, widow, ...)", (shape("Person", "Person"),)
    ),
    RelType.SENTENCED: Rule("sentenced (a court)", (shape("Organization", "Person"),)),
    RelType.DESIGNATED: Rule(
        "designated (role; status: the designation status)", (shape("Organization", ACTOR),)
    ),
    RelType.FACT_CHECKED: Rule("fact-checked (verdict)", (shape(ACTOR, "Claim"),)),
    # From FtM imports (docs/ftm.md): an associate, and a link the source does not type.
    RelType.ASSOCIATED_WITH: Rule(
        "is an associate of (role: the relationship)", (shape("Person", "Person"),)
    ),
    RelType.LINKED_TO: Rule(
        "is linked to, in a way no other type says (role: the link)", (shape(ANY_NODE, ANY_NODE),)
    ),
}
