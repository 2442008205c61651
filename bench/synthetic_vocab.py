"""The words and shapes of the synthetic facts: which relations each kind of entity states
(with weights), their phrases, roles, statuses and publishers. Every template must fit the
relation table (graph/schema.py); the event kinds a template may reach come from it.
"""

from __future__ import annotations

from itertools import accumulate
from typing import Any

from bench.synthetic_world import (
    CLM,
    EVENT_KIND_LIST,
    EVT,
    HUB_WEIGHTS,
    ORG,
    ORG_KIND_LIST,
    PER,
    PLC,
)
from graph.relations import RELATION_TABLE
from graph.schema import NodeType
from graph.schema import RelType as R

Item = dict[str, Any]
Template = tuple[R, tuple[NodeType, ...], float]
ACTORS, ANY = (PER, ORG), (PER, ORG, EVT, PLC, CLM)
PERSON_T: list[Template] = [
    (R.MEMBER_OF, (ORG,), 10), (R.WORKS_FOR, (ORG,), 6), (R.LEADS, (ORG,), 2),
    (R.FOUNDED, (ORG,), 1), (R.HELPED_CREATE, (ORG, EVT), 1), (R.REPRESENTS, (ORG,), 1),
    (R.LIVES_IN, (PLC,), 5), (R.LEFT, (PLC,), 3), (R.IMPRISONED_IN, (PLC,), 1),
    (R.PARTICIPATED_IN, (EVT,), 8), (R.SUBJECT_OF, (EVT,), 5), (R.ORGANIZED, (EVT,), 2),
    (R.SPOKE_TO, (ORG, PER), 3), (R.RELATIVE_OF, (PER,), 1), (R.SUCCEEDED, (PER,), 1),
    (R.ALLIED_WITH, ACTORS, 2), (R.ACCUSED, ACTORS, 1), (R.SUPPORTS, ANY, 3),
    (R.OPPOSES, ANY, 3), (R.MADE, (CLM, EVT), 3), (R.PROMOTED, (EVT, CLM, ORG), 1),
    (R.PUBLISHED_ON, (ORG,), 2), (R.REPORTED, (EVT, CLM), 1), (R.FACT_CHECKED, (CLM,), 0.5),
]  # fmt: skip
ORG_T: list[Template] = [
    (R.BASED_IN, (PLC,), 6), (R.PART_OF, (ORG,), 2), (R.ALLIED_WITH, ACTORS, 2),
    (R.MEMBER_OF, (ORG,), 2), (R.ORGANIZED, (EVT,), 4), (R.PARTICIPATED_IN, (EVT,), 3),
    (R.SUPPORTS, ANY, 2), (R.OPPOSES, ANY, 3), (R.HOSTED_BY, (ORG,), 1),
    (R.PUBLISHED_ON, (ORG,), 1), (R.LEFT, (PLC,), 1), (R.FOUNDED, (ORG,), 1),
    (R.SUBJECT_OF, (EVT,), 2),
]  # fmt: skip
# Organisations of these kinds act as courts, ministries, services and outlets do.
BY_KIND: dict[str, list[Template]] = {
    "court": [(R.SENTENCED, (PER,), 12), (R.DESIGNATED, ACTORS, 6)],
    "state_body": [(R.DESIGNATED, ACTORS, 14), (R.INITIATED, (EVT,), 4)],
    "intelligence_service": [(R.INITIATED, (EVT,), 8), (R.ACCUSED, ACTORS, 8)],
    "media_outlet": [(R.REPORTED, (EVT, CLM), 10), (R.FACT_CHECKED, (CLM,), 4),
                     (R.MADE, (CLM,), 2)],
}  # fmt: skip
OTHER_T: dict[NodeType, list[Template]] = {
    EVT: [(R.LOCATED_IN, (PLC,), 3), (R.ABOUT, ANY, 2), (R.PART_OF, (EVT,), 1),
          (R.HOSTED_BY, (ORG,), 1)],
    PLC: [(R.PART_OF, (PLC,), 1)],
    CLM: [(R.ABOUT, ANY, 1)],
}  # fmt: skip
PER_ENTITY = {PER: 6, ORG: 6, EVT: 4, PLC: 1, CLM: 3}  # about 5 relations per entity on average
DURABLE = {R.MEMBER_OF, R.WORKS_FOR, R.LEADS, R.REPRESENTS, R.LIVES_IN, R.IMPRISONED_IN,
           R.BASED_IN, R.ALLIED_WITH, R.SUPPORTS, R.OPPOSES, R.PUBLISHED_ON, R.PART_OF}  # fmt: skip
PHRASE = {R.MEMBER_OF: "is a member of", R.WORKS_FOR: "works for", R.LEADS: "heads",
          R.FOUNDED: "founded", R.HELPED_CREATE: "helped set up", R.REPRESENTS: "represents",
          R.LIVES_IN: "lives in", R.LEFT: "left", R.IMPRISONED_IN: "is held in",
          R.PARTICIPATED_IN: "took part in", R.SUBJECT_OF: "was the target of",
          R.ORGANIZED: "organised", R.INITIATED: "opened", R.SPOKE_TO: "gave an interview to",
          R.RELATIVE_OF: "is a relative of", R.SUCCEEDED: "replaced",
          R.ALLIED_WITH: "is allied with", R.ACCUSED: "accused", R.SUPPORTS: "supports",
          R.OPPOSES: "opposes", R.MADE: "made", R.PROMOTED: "promoted",
          R.PUBLISHED_ON: "publishes on", R.REPORTED: "reported", R.FACT_CHECKED: "fact-checked",
          R.SENTENCED: "sentenced", R.DESIGNATED: "designated", R.BASED_IN: "is based in",
          R.PART_OF: "is part of", R.HOSTED_BY: "was hosted by", R.LOCATED_IN: "took place in",
          R.ABOUT: "is about"}  # fmt: skip
ROLES = {
    R.LEADS: ["chair", "director", "coordinator", "co-chair", "editor-in-chief"],
    R.WORKS_FOR: ["editor", "lawyer", "analyst", "correspondent", "producer", "adviser"],
    R.RELATIVE_OF: ["brother", "sister", "wife", "husband", "son", "daughter"],
    R.SENTENCED: ["treason", "'false information' about the army", "extremism", "in absentia"],
    R.ACCUSED: ["extremism", "treason", "fraud", "working for a foreign state"],
    R.PARTICIPATED_IN: ["speaker", "delegate", "organiser", "participant"],
    R.REPRESENTS: ["representative", "spokesperson"],
}
DESIGNATIONS = {
    PER: ["foreign_agent", "extremist", "terrorist", "terrorist_extremist_list", "wanted"],
    ORG: ["foreign_agent", "undesirable", "extremist", "terrorist"],
}
STATUSES = {
    PER: ["in_exile", "in_exile", "imprisoned", "detained", "foreign_agent", "wanted", "dead",
          "released", "at_liberty", "in_office"],
    ORG: ["undesirable", "foreign_agent", "banned", "in_exile", "dissolved", "extremist"],
}  # fmt: skip
VERDICTS = ["false", "misleading", "partly true", "true", "unproven"]
JOBS = ["opposition politician", "journalist", "lawyer", "human rights defender", "economist",
        "blogger", "historian", "municipal deputy", "activist", "artist"]  # fmt: skip
PUBLISHERS = ["The Moscow Times", "Meduza", "Novaya Gazeta Europe", "RFE/RL", "The Insider",
              "Kyiv Independent", "Mediazona", "OVD-Info", "BBC Russian Service",
              "Verstka"]  # fmt: skip
# The 'fsb' hub: whose claims the attributed statements are, half of the time.
CLAIMANT = HUB_WEIGHTS[ORG][1][0]


def _event_kinds(rel: R, tail: NodeType) -> list[int] | None:
    """The event kinds the relation table lets `rel` reach from `tail` (None: any)."""
    kinds: set[str] = set()
    for shape in RELATION_TABLE[rel].shapes:
        if tail in shape.tail and EVT in shape.head:
            if shape.head_kinds is None:
                return None
            kinds |= shape.head_kinds
    return sorted(EVENT_KIND_LIST.index(k) for k in kinds)


def _table(templates: list[Template]) -> tuple[list[Template], list[float]]:
    return templates, list(accumulate(w for _, _, w in templates))


TABLES = {PER: _table(PERSON_T), EVT: _table(OTHER_T[EVT]), PLC: _table(OTHER_T[PLC]),
          CLM: _table(OTHER_T[CLM])}  # fmt: skip
ORG_TABLES = {k: _table(ORG_T + BY_KIND.get(k, [])) for k in ORG_KIND_LIST}
EVENT_HEADS = {(t, tail): _event_kinds(t, tail) for t in PHRASE for tail in ANY}
