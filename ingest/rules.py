"""The meaning rules of the data format: what each relationship type may connect, who an
attribution names, when "former" needs an end, and which entities a status fits.

Each check gets the item and a `report(field, message)` callback, so every problem names the
file, line and field of the item (validate.py owns the files and their lines).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from graph.relations import RELATION_TABLE
from graph.schema import (
    EVENT_KINDS,
    FORMER,
    FORMER_CHECKED,
    STATUS_RULES,
    NodeType,
    RelType,
)
from ingest.models import Dated, EntityIn, RelationIn, StatusIn

Report = Callable[[str, str], None]
ATTRIBUTABLE = {NodeType.PERSON, NodeType.ORGANIZATION}
# What to write instead, for the shapes the data got wrong before the table existed.
HINTS: dict[tuple[RelType, str | None], str] = {
    (RelType.SUBJECT_OF, "death"): " (a death: a `dead` status, and the event ABOUT the person)",
    (RelType.SUBJECT_OF, "departure"): " (a departure: LEFT -> the Place, and PARTICIPATED_IN "
    "the departure event if useful)",
    (RelType.SUBJECT_OF, "resignation"): " (who resigned PARTICIPATED_IN the resignation)",
}


@dataclass(frozen=True, slots=True)
class Defined:
    """Where an entity is defined, and what it is. `at` is its place in the file: its index
    in `entities` for validate (the line is found only for a message), a line for bulk."""

    file: str
    at: int
    type: NodeType
    kind: str | None


def _article(word: str) -> str:
    return f"an {word}" if word[0] in "AEIOU" else f"a {word}"


def _kinds_text(kinds: frozenset[str]) -> str:
    others = EVENT_KINDS - kinds
    if len(others) < len(kinds):
        return f"of any kind but {', '.join(sorted(others))}"
    return f"of kind {', '.join(sorted(kinds))}"


def describe(types: frozenset[NodeType], kinds: frozenset[str] | None) -> str:
    names = [t.value for t in NodeType if t in types]  # the enum's order, stable
    text = _article(" or ".join(names)) if len(names) < 3 else ", ".join(names)
    if kinds is not None and NodeType.EVENT in types:
        text += f" ({'an Event ' if len(names) > 1 else ''}{_kinds_text(kinds)})"
    return text


def _node(entity_id: str, node: Defined) -> str:
    kind = (
        f" of kind {node.kind}"
        if node.type == NodeType.EVENT and node.kind
        else (" with no kind" if node.type == NodeType.EVENT else "")
    )
    return f"{entity_id} is {_article(node.type.value)}{kind}"


def _fits(node: Defined, types: frozenset[NodeType], kinds: frozenset[str] | None) -> bool:
    if node.type not in types:
        return False
    return kinds is None or node.type != NodeType.EVENT or node.kind in kinds


# Shapes known to fit: (type, tail type, tail kind, head type, head kind). A few hundred at
# most, and most relationships have one of them.
_FITTING: set[tuple[RelType, NodeType, str | None, NodeType, str | None]] = set()


def check_shape(rel: RelationIn, tail: Defined, head: Defined, report: Report) -> None:
    """The relation table (graph/schema.py): which nodes and event kinds a type connects."""
    shape = (rel.type, tail.type, tail.kind, head.type, head.kind)
    if shape in _FITTING:
        return
    if _check_shape(rel, tail, head, report):
        _FITTING.add(shape)


def _check_shape(rel: RelationIn, tail: Defined, head: Defined, report: Report) -> bool:
    """Whether the shape fits; reports why not."""
    rule = RELATION_TABLE.get(rel.type)
    if rule is None:
        report("type", f"{rel.type} has no row in the relation table (graph/schema.py)")
        return False
    tails = [s for s in rule.shapes if _fits(tail, s.tail, s.tail_kinds)]
    if not tails:
        allowed = " or ".join(dict.fromkeys(describe(s.tail, s.tail_kinds) for s in rule.shapes))
        report("from", f"{rel.type} ({rule.meaning}) goes from {allowed}; {_node(rel.from_, tail)}")
        return False
    if any(_fits(head, s.head, s.head_kinds) for s in tails):
        return True
    allowed = " or ".join(dict.fromkeys(describe(s.head, s.head_kinds) for s in tails))
    hint = HINTS.get((rel.type, head.kind), "")
    report(
        "to",
        f"{rel.type} ({rule.meaning}) from {_article(tail.type.value)} goes to "
        f"{allowed}; {_node(rel.to, head)}{hint}",
    )
    return False


def check_attribution(
    item: Dated | EntityIn, entities: dict[str, Defined], broken: set[str], report: Report
) -> None:
    party = item.attributed_to
    if party is None or party in broken:
        return
    node = entities.get(party)
    if node is None:
        report("attributed_to", f"{party} is not defined in any data file")
    elif node.type not in ATTRIBUTABLE:
        report(
            "attributed_to",
            f"names whose claim it is: a Person or an Organization, but {_node(party, node)}",
        )


def check_ended(item: Dated, cited: str, published: dict[str, str | None], report: Report) -> None:
    """`ended: true` is bounded by the citing source's date, so that source needs one."""
    if item.ended and cited in published and published[cited] is None:
        report(
            "ended",
            f"{cited} has `published: null`, so it cannot bound the end; give `valid_to` instead",
        )


def check_former(rel: RelationIn, report: Report) -> None:
    """A "former" tie with no end would hold "as of" every later date."""
    if rel.valid_to is not None or rel.ended is not None:
        return
    fields = ("role", "quote", "note") if rel.type in FORMER_CHECKED else ("role",)
    for name in fields:
        value = getattr(rel, name)
        match = FORMER.search(value) if value else None
        if match and value:
            start = max(0, match.start() - 20)
            excerpt = value[start : match.end() + 25].strip()
            report(
                name,
                f"says {match.group(0)!r} (\u2026{excerpt}\u2026) but the {rel.type} "
                f"has no end: give `valid_to`, or `ended: true` when the source gives "
                f"no date (`ended: false` if the word refers to something else)",
            )
            return


def check_status(
    item: StatusIn, entities: dict[str, Defined], broken: set[str], report: Report
) -> None:
    node = entities.get(item.entity)
    if node is None:
        if item.entity not in broken:
            report("entity", f"{item.entity} is not defined in any data file")
        return
    _, fits = STATUS_RULES[item.status]
    if node.type not in fits:
        names = " or ".join(t.value for t in NodeType if t in fits)
        report("status", f"{item.status} describes {_article(names)}; {_node(item.entity, node)}")


def derived_status(rel: RelationIn) -> StatusIn | None:
    """DESIGNATED with `status:` also states that status of its target, with its dates."""
    if rel.type != RelType.DESIGNATED or rel.status is None:
        return None
    return StatusIn.model_validate(
        {
            "entity": rel.to,
            "status": rel.status,
            "key": rel.key,
            "valid_from": rel.valid_from,
            "valid_to": rel.valid_to,
            "ended": rel.ended,
            "attributed_to": rel.attributed_to,
            "source": rel.source,
            "quote": rel.quote,
            "note": rel.note,
        }
    )
