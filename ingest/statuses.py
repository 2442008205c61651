"""Status statements -> rows for `(:Status)` nodes, merged across files like relations.

A status with no `valid_from` is known to hold on its source's publication date: that day
(`observed`, the last day the published date can mean) is its start for "as of" queries,
whatever another source adds (an end, say). The rule is ingest.dates.as_of_start.
"""

from __future__ import annotations

from collections import defaultdict

from graph.schema import facet
from ingest.dates import PartialDate, Row, as_of_start, time_props
from ingest.models import StatusIn
from ingest.rules import derived_status
from ingest.validate import Parsed


def statements(parsed: list[Parsed]) -> dict[str, list[tuple[str, StatusIn]]]:
    """Every status statement by id, each with the sources that state it; a DESIGNATED with
    `status:` states one for its target."""
    merged: dict[str, list[tuple[str, StatusIn]]] = defaultdict(list)
    for p in parsed:
        own = p.model.source.id
        for rel in p.model.relations:
            derived = derived_status(rel)
            if derived is not None:
                merged[derived.fact_id].append((rel.source or own, derived))
        for item in p.model.statuses:
            merged[item.fact_id].append((item.source or own, item))
    return merged


def status_rows(parsed: list[Parsed], published: dict[str, PartialDate | None]) -> list[Row]:
    rows: list[Row] = []
    for fact_id, cited in statements(parsed).items():
        first = cited[0][1]
        props: Row = {
            "id": fact_id,
            "entity": first.entity,
            "status": first.status.value,
            "facet": facet(first.status).value,
        }
        time_props(list(cited), published, props)
        # (the last day each citing source's date can mean, whether it said it had ended)
        seen = [(d.end, bool(item.ended)) for sid, item in cited if (d := published.get(sid))]
        if seen:
            props["observed"] = min(day for day, _ in seen)
        start = as_of_start(props, seen)
        if start is not None:
            props["valid_from_date"] = start
        props["sources"] = [sid for sid, _ in cited]
        props["evidence"] = [item.evidence[1] for _, item in cited]
        props["evidence_kinds"] = [item.evidence[0] for _, item in cited]
        rows.append({"id": fact_id, "entity": first.entity, "props": props})
    return rows
