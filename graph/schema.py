"""The graph's vocabulary: node labels and relationship types. Cypher takes them from here."""

from __future__ import annotations

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

class PersonStatus(StrEnum):
    IN_EXILE = "in_exile"
    IMPRISONED = "imprisoned"
    RELEASED = "released"
    DEAD = "dead"
    AT_LIBERTY = "at_liberty"
    IN_OFFICE = "in_office"


ORG_KINDS = {
    "movement", "armed_unit", "parliament_in_exile", "ngo", "media_outlet", "state_body",
    "court", "platform", "party", "international_body", "project", "company",
    "intelligence_service",
}
EVENT_KINDS = {
    "meeting", "statement", "court_verdict", "arrest", "release", "death", "election",
    "campaign_launch", "designation", "prisoner_exchange", "military_action", "publication",
    "interview", "protest", "resolution", "criminal_case", "invasion", "poisoning",
    "departure", "session",
}
PLACE_KINDS = {"country", "city", "region", "facility", "building"}


# Every curated node carries ENTITY plus its type label; sources carry SOURCE.
ENTITY = "Entity"
SOURCE = "Source"


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
    MENTIONED_IN = "MENTIONED_IN"  # made by the ingest: entity -> source


# Written by hand in the data files; MENTIONED_IN comes from `entities` and `mentions`.
FACT_TYPES: frozenset[RelType] = frozenset(RelType) - {RelType.MENTIONED_IN}
