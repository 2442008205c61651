"""One bulk line -> the rows the curated ingest would write for it (ingest/transform.py).

In bulk each statement has exactly one line, so nothing merges across lines: a relation's
row is transform's for a statement cited once, a status's is status_rows' for one item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from graph.schema import RelType
from ingest.bulk.catalog import Catalog
from ingest.models import DataFile, EntityIn, Evidenced, RelationIn, SourceIn, StatusIn
from ingest.parsed import Parsed
from ingest.statuses import status_rows
from ingest.transform import Row, _name_parties, _relation_props, _Statement, entity_props

_NO_SOURCE = SourceIn.model_construct(id="")  # type: ignore[call-arg]


def entity_row(cat: Catalog, entity: EntityIn) -> Row:
    """Its node row; `sources`: its own source, then those of its mentions."""
    props = entity_props(entity)
    own = entity.source or ""
    props["sources"] = [own, *(s for s in cat.mentioned_by.get(entity.id, ()) if s != own)]
    row = {"id": entity.id, "label": entity.type.value, "props": props}
    if entity.attributed_to is not None:
        _name_parties([row], cat.names)
    return row


def mention_row(entity_id: str, source_id: str, item: Evidenced) -> Row:
    fact_id = f"{RelType.MENTIONED_IN}:{entity_id}->{source_id}"
    statement = _Statement(RelType.MENTIONED_IN, entity_id, source_id, fact_id, {})
    statement.cite(source_id, item)
    return statement.row({})


def relation_row(cat: Catalog, rel: RelationIn) -> Row:
    cited = rel.source or ""
    props = _relation_props([(cited, rel)], cat.event_start, cat.published_dates)
    statement = _Statement(rel.type, rel.from_, rel.to, rel.fact_id, props)
    statement.cite(cited, rel)
    return statement.row(cat.names)


@dataclass
class _OneItem:
    """What status_rows reads of a data file, for one bulk line (a DataFile would be
    built field by field, at a hundred times the cost)."""

    relations: list[RelationIn]
    statuses: list[StatusIn]
    source: SourceIn = field(default_factory=lambda: _NO_SOURCE)


def status_row(cat: Catalog, item: StatusIn | RelationIn) -> Row:
    """A status line's row, or the one a DESIGNATED with `status:` makes."""
    if isinstance(item, RelationIn):
        model = _OneItem(relations=[item], statuses=[])
    else:
        model = _OneItem(relations=[], statuses=[item])
    parsed = Parsed(Path(), cast(DataFile, model))
    (row,) = status_rows([parsed], cat.published_dates)
    _name_parties([row], cat.names)
    return row


def has_status_row(status: Row) -> Row:
    """The HAS_STATUS edge to a status node, as cypher/ingest/upsert_statuses.cypher sets it."""
    props = status["props"]
    return {
        "from": status["entity"],
        "to": status["id"],
        "type": RelType.HAS_STATUS.value,
        "props": {
            "id": f"HAS_STATUS:{status['id']}",
            "type": "HAS_STATUS",
            "caption": "HAS_STATUS",
            "sources": props["sources"],
            "evidence": props["evidence"],
            "evidence_kinds": props["evidence_kinds"],
        },
    }
