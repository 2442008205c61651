"""Rows of the named queries -> the API's response models. Storage-only fields stay behind."""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

from neo4j.graph import Node as GraphNode
from neo4j.graph import Path as GraphPath
from neo4j.graph import Relationship as GraphRelationship
from neo4j.time import Date, DateTime, Duration, Time

from api import schemas
from graph.schema import semantic_type
from graph.statuses import uncertain_period

Row = dict[str, Any]
# Source metadata by id, as the queries return it next to the facts that cite the sources.
Cited = dict[str, Row]

# Kept in the graph for search and as-of queries; the public fields say the same in words.
# `type` and `caption` of a relationship serve Neo4j Browser; the edge's own `type` says it.
# `ingest_hash` and `bulk_load` are the loaders' bookkeeping (ingest/plan.py); `ftm_dataset`
# names the FtM imports that wrote or cite a node (for `kg import-ftm --remove`): the
# provenance itself is the cited FtM dataset Source, which the API shows as any source.
_BOOKKEEPING = {"ingest_hash", "bulk_load", "ftm_dataset"}
_NODE_INTERNAL = _BOOKKEEPING | {
    "search_keys",
    "search_text",
    "sources",
    "figures",
    "attributed_to",
    "attributed_to_name",
}
_REL_INTERNAL = _BOOKKEEPING | {
    "id",
    "sources",
    "evidence",
    "evidence_kinds",
    "figures",
    "type",
    "caption",
    "attributed_to",
    "attributed_to_name",
}
_SOURCE_FIELDS = set(schemas.SourceMeta.model_fields)


def plain(value: Any) -> Any:
    """Any value a Neo4j record can hold, as JSON-ready Python."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Date | DateTime | Time):
        return value.iso_format()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, list | tuple):  # a Point too: it is a tuple of its coordinates
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, GraphNode | GraphRelationship | GraphPath):
        return _graph_value(value)
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    return str(value)


def _graph_value(value: GraphNode | GraphRelationship | GraphPath) -> Row:
    """A node, relationship or path (what analysts' Cypher may return) as a JSON map."""
    if isinstance(value, GraphNode):
        return {
            "element_id": value.element_id,
            "labels": sorted(value.labels),
            "properties": plain(dict(value)),
        }
    if isinstance(value, GraphRelationship):
        return {
            "element_id": value.element_id,
            "type": value.type,
            "start": value.start_node.element_id if value.start_node else None,
            "end": value.end_node.element_id if value.end_node else None,
            "properties": plain(dict(value)),
        }
    return {
        "nodes": [plain(n) for n in value.nodes],
        "relationships": [plain(r) for r in value.relationships],
    }


def cited(sources: list[Row]) -> Cited:
    """The `sources` column of a query (source properties or a projection), by id."""
    return {s["id"]: plain(s) for s in sources}


def _figures(props: Row) -> Row:
    return {name: props[name] for name in props.get("figures") or [] if name in props}


def party(props: Row) -> schemas.Party | None:
    """Whose claim a statement (relationship, event, status) is; the ingest stores the
    party's name next to its id, so no second read is needed."""
    party_id = props.get("attributed_to")
    if party_id is None:
        return None
    return schemas.Party(id=party_id, name=props.get("attributed_to_name") or party_id)


def rel_type(stored: str) -> str:
    """The meaning of a stored relationship type (CLAIMED_FOUNDED -> FOUNDED)."""
    return semantic_type(stored).value


def node_fields(props: Row) -> Row:
    """A node's public fields: its properties less the search keys, figures as one map."""
    figures = _figures(props)
    out = {k: plain(v) for k, v in props.items() if k not in _NODE_INTERNAL and k not in figures}
    out["figures"] = figures
    out["attributed_to"] = party(props)
    out.setdefault("aliases", [])
    return out


def node(props: Row) -> schemas.Node:
    return schemas.Node(**node_fields(props))


def ref(props: Row) -> schemas.NodeRef:
    return schemas.NodeRef(
        id=props["id"], name=props.get("name") or props["id"], type=props.get("type") or "Source"
    )


def rel_properties(props: Row) -> Row:
    """role, verdict, valid_from/to (as given, with precision and as-of dates), figures."""
    return {k: plain(v) for k, v in props.items() if k not in _REL_INTERNAL}


def evidence(kind: str | None, text: str | None) -> Row:
    """`quote` for verbatim passages, `note` for paraphrases, never both."""
    if kind == "quote":
        return {"evidence_kind": "quote", "quote": text}
    if kind == "note":
        return {"evidence_kind": "note", "note": text}
    return {}


def passages(props: Row) -> dict[str, Row]:
    """Each source of a fact, with the passage it gives (the graph keeps aligned lists)."""
    ids = props.get("sources") or []
    texts = props.get("evidence") or []
    kinds = props.get("evidence_kinds") or []
    return {
        source_id: evidence(
            kinds[i] if i < len(kinds) else None, texts[i] if i < len(texts) else None
        )
        for i, source_id in enumerate(ids)
    }


def citations(props: Row, meta: Cited) -> list[schemas.Citation]:
    """A fact's sources, each with the passage that source gives for it."""
    out = []
    for source_id, passage in passages(props).items():
        info = meta.get(source_id, {})
        out.append(
            schemas.Citation(
                id=source_id,
                title=info.get("title"),
                publisher=info.get("publisher"),
                url=info.get("url"),
                published=info.get("published"),
                **passage,
            )
        )
    return out


def all_citations(facts: list[Row], meta: Cited) -> list[schemas.Citation]:
    return [c for props in facts for c in citations(props, meta)]


def edge(rel: Row, meta: Cited, as_of: date | None = None) -> schemas.Edge:
    """A relationship row {element_id, type, source, target, props} as a public edge; with
    `as_of`, whether it certainly holds that day."""
    props = rel["props"]
    period = uncertain_period(props, as_of) if as_of else None
    return schemas.Edge(
        certain=None if as_of is None else period is None,
        uncertain_period=period,
        id=props.get("id") or rel.get("element_id", ""),
        type=rel_type(rel["type"]),
        source=rel["source"],
        target=rel["target"],
        attributed_to=party(props),
        properties=rel_properties(props),
        sources=citations(props, meta),
    )


def relation(rel: Row, meta: Cited) -> schemas.Relation:
    """A fact seen from one of its ends: {type, out, props, other}."""
    props = rel["props"]
    return schemas.Relation(
        id=props.get("id", ""),
        type=rel_type(rel["type"]),
        direction="out" if rel["out"] else "in",
        other=schemas.NodeRef(**rel["other"]),
        attributed_to=party(props),
        properties=rel_properties(props),
        sources=citations(props, meta),
    )


def status(
    props: Row, meta: Cited, holds: bool = False, day: date | None = None
) -> schemas.StatusStatement:
    """A Status node's properties as a statement, with its citations; where it holds on
    `day`, whether it does so certainly."""
    fields = {
        k: plain(props.get(k))
        for k in schemas.StatusStatement.model_fields
        if k
        not in (
            "holds",
            "sources",
            "attributed_to",
            "starts",
            "ends",
            "certain",
            "uncertain_period",
        )
    }
    period = uncertain_period(props, day) if holds and day else None
    return schemas.StatusStatement(
        **fields,
        holds=holds,
        certain=None if not (holds and day) else period is None,
        uncertain_period=period,
        starts=plain(props.get("valid_from_date")),
        ends=plain(props.get("valid_to_date")),
        attributed_to=party(props),
        sources=citations(props, meta),
    )


def source_meta(props: Row, **counts: int) -> schemas.SourceMeta:
    fields = {k: v for k, v in plain(props).items() if k in _SOURCE_FIELDS}
    return schemas.SourceMeta(**fields, **counts)


def own_evidence(props: Row, source_id: str) -> Row:
    """The passage this source gives for a fact that several sources may state."""
    return passages(props).get(source_id, {})
