"""Neo4j values -> the API's JSON shapes. Storage-only fields stay behind."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote

from neo4j.graph import Node as GraphNode
from neo4j.graph import Path as GraphPath
from neo4j.graph import Relationship as GraphRelationship
from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time

import cypher
from api import schemas

NEIGHBOURHOOD = "browser/neighbourhood"

# Kept in the graph for search and as-of queries; the public fields say the same in words.
_NODE_INTERNAL = {"search_keys", "search_text", "sources", "figures"}
_REL_INTERNAL = {"id", "sources", "evidence", "evidence_kinds", "figures"}


def plain(value: Any) -> Any:
    """Any value a Neo4j record can hold, as JSON-ready Python."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Date | DateTime | Time):
        return value.iso_format()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, GraphNode):
        return {"element_id": value.element_id, "labels": sorted(value.labels),
                "properties": plain(dict(value))}
    if isinstance(value, GraphRelationship):
        return {"element_id": value.element_id, "type": value.type,
                "start": value.start_node.element_id if value.start_node else None,
                "end": value.end_node.element_id if value.end_node else None,
                "properties": plain(dict(value))}
    if isinstance(value, GraphPath):
        return {"nodes": [plain(n) for n in value.nodes],
                "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    return str(value)


def _figures(props: dict[str, Any]) -> dict[str, Any]:
    return {name: props[name] for name in props.get("figures") or [] if name in props}


def node(props: dict[str, Any]) -> dict[str, Any]:
    """A node's public fields: its properties less the search keys, figures as one map."""
    figures = _figures(props)
    out = {k: plain(v) for k, v in props.items() if k not in _NODE_INTERNAL and k not in figures}
    out["figures"] = figures
    out.setdefault("aliases", [])
    return out


def ref(props: dict[str, Any]) -> schemas.NodeRef:
    return schemas.NodeRef(id=props["id"], name=props.get("name") or props["id"],
                           type=props.get("type") or "Source")


def rel_properties(props: dict[str, Any]) -> dict[str, Any]:
    """role, verdict, valid_from/to (as given, with precision and as-of dates), figures."""
    return {k: plain(v) for k, v in props.items() if k not in _REL_INTERNAL}


def evidence(kind: str | None, text: str | None) -> dict[str, Any]:
    """`quote` for verbatim passages, `note` for paraphrases, never both."""
    if kind == "quote":
        return {"evidence_kind": "quote", "quote": text}
    if kind == "note":
        return {"evidence_kind": "note", "note": text}
    return {}


def passages(props: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each source of a fact, with the passage it gives (the graph keeps aligned lists)."""
    ids = props.get("sources") or []
    texts = props.get("evidence") or []
    kinds = props.get("evidence_kinds") or []
    return {
        source_id: evidence(kinds[i] if i < len(kinds) else None,
                            texts[i] if i < len(texts) else None)
        for i, source_id in enumerate(ids)
    }


def citations(props: dict[str, Any], meta: dict[str, dict[str, Any]]) -> list[schemas.Citation]:
    """A relation's sources, each with the passage that source gives for it."""
    out = []
    for source_id, passage in passages(props).items():
        info = meta.get(source_id, {})
        out.append(schemas.Citation(
            id=source_id, title=info.get("title"), publisher=info.get("publisher"),
            url=info.get("url"), published=info.get("published"), **passage,
        ))
    return out


def source_ids(*rel_props: dict[str, Any]) -> list[str]:
    return sorted({s for props in rel_props for s in props.get("sources") or []})


def edge(rel: dict[str, Any], meta: dict[str, dict[str, Any]]) -> schemas.Edge:
    """A relationship row {props, type, source, target} as a public edge."""
    props = rel["props"]
    return schemas.Edge(id=props.get("id") or rel.get("element_id", ""), type=rel["type"],
                        source=rel["source"], target=rel["target"],
                        properties=rel_properties(props), sources=citations(props, meta))


def browser_url(base: str, entity_id: str) -> str:
    """Neo4j Browser with the entity's neighbourhood query typed in, ready to run.

    A link carries no parameters, and a `:param` line before the query would put the
    Browser in multi-statement mode, which reports success instead of drawing the graph.
    So the named query's `$id` is bound to the id as a string literal: the id matched
    ENTITY_ID (letters, digits, '-' and one ':') already, and json.dumps quotes it.
    """
    text = cypher.query(NEIGHBOURHOOD).body.replace("$id", json.dumps(entity_id))
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}cmd=edit&arg={quote(text, safe='')}"
