"""Data extension: for reconciled entity ids, the values of the properties asked for.

Every id and property are read in one query (cypher/api/match/details.cypher). Which
statuses hold on the day asked for (`as_of`, default today) is decided by
graph.statuses.holds_on, the same rule as GET /entities/{id}?as_of= and POST /match: the
latest condition or office, and every designation still open.
"""

from __future__ import annotations

import re
from datetime import date

from api.errors import Invalid
from api.reconcile.requests import ExtendProperty, ExtendQuery
from api.reconcile.vocabulary import DATED, EXTEND_PROPERTIES
from api.repository import Repository
from api.repository.reconcile import Facts
from api.schemas import reconcile as r
from graph.schema import Facet
from graph.statuses import holds_on, uncertain_period

CYRILLIC = re.compile(r"[\u0400-\u052f]")  # Cyrillic and its supplement


def held(facts: Facts, day: date, designations: bool) -> list[str]:
    """The statuses (conditions and offices) or the designations holding on `day`, each
    once. A status only a party claims says whose claim it is; one whose start or end is
    given only as a month or year around the day says it is uncertain."""
    statuses = list(facts.statuses)
    shown: dict[str, str] = {}
    for props, holds in zip(statuses, holds_on(statuses, day), strict=True):
        if not holds or (props["facet"] == Facet.DESIGNATION) != designations:
            continue
        label = props["status"]
        if props.get("attributed_to"):
            label += f" (according to {props.get('attributed_to_name') or props['attributed_to']})"
        elif period := uncertain_period(props, day):
            label += f" (uncertain: dated {period})"
        # The plain statement wins over a party's claim or an uncertain one of the same status.
        if props["status"] not in shown or label == props["status"]:
            shown[props["status"]] = label
    return list(shown.values())


def values(facts: Facts | None, prop: ExtendProperty, today: date) -> list[r.ReconStr | r.ReconInt]:
    if facts is None:  # no such entity: no values, as the specification has it
        return []
    if prop.id == "sources":
        return [r.ReconInt(number=facts.sources)]
    if prop.id == "aliases_cyrillic":
        return [r.ReconStr(text=a) for a in facts.aliases if CYRILLIC.search(a)]
    day = prop.settings.as_of or today
    return [r.ReconStr(text=s) for s in held(facts, day, designations=prop.id == "designations")]


def column(prop: ExtendProperty, today: date) -> r.ReconExtendMeta:
    """The column OpenRefine adds: a dated property names its day in the column's name."""
    name = EXTEND_PROPERTIES[prop.id].name
    if prop.id in DATED:
        name += f" on {(prop.settings.as_of or today).isoformat()}"
    return r.ReconExtendMeta(id=prop.id, name=name)


async def extend(repo: Repository, query: ExtendQuery, most: int) -> r.ReconExtension:
    if len(query.ids) > most:
        raise Invalid(
            f"extend.ids: {len(query.ids)} ids; at most {most} in one request "
            "(KG_MATCH_MAX_QUERIES): send the rest in another"
        )
    # Rows are keyed by property id, so a property asked for twice is answered once (the
    # first time's settings).
    first: dict[str, ExtendProperty] = {}
    for prop in query.properties:
        first.setdefault(prop.id, prop)
    props = list(first.values())
    today = date.today()
    found = await repo.facts(query.ids) if props else {}
    return r.ReconExtension(
        meta=[column(prop, today) for prop in props],
        rows={
            id_: {prop.id: values(found.get(id_), prop, today) for prop in props}
            for id_ in query.ids
        },
    )
