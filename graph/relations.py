"""The relation table: for every hand-written relationship type, what it means and which
node types (and event kinds) it may connect. `kg validate` enforces it; docs/model.md shows
it (`kg docs` regenerates that)."""

from __future__ import annotations

from dataclasses import dataclass

from graph.schema import EVENT_KINDS, NodeType, RelType


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
