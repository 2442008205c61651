"""GraphML for Gephi and networkx: typed keys, scalar values (lists joined), provenance kept.

Each node and edge carries its sources (ids joined by " | ") and each edge the evidence the
sources give, so the file is citable on its own. An attributed edge or event (a party's claim)
has `attributed_to` and `attributed_to_name`; an entity has its status statements in
`statuses` ("status from..to [per party]", joined).
"""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree import ElementTree as ET

from api import schemas

NS = "http://graphml.graphdrawing.org/xmlns"
SEP = " | "
# What XML 1.0 cannot hold at all, not even as a character reference.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Unexportable(ValueError):
    """A stored value GraphML cannot carry (only data stored before ingest/chars.py)."""


def _scalar(value: Any) -> str | int | float | bool | None:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list):
        return SEP.join(str(v) for v in value if v is not None)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _type_name(values: list[Any]) -> str:
    kinds = {type(v) for v in values if v is not None}
    if kinds == {bool}:
        return "boolean"
    if kinds <= {int}:
        return "long"
    if kinds <= {int, float}:
        return "double"
    return "string"


def _attrs(items: list[dict[str, Any]]) -> dict[str, str]:
    """Attribute name -> GraphML type, from every value the attribute takes."""
    values: dict[str, list[Any]] = {}
    for item in items:
        for name, value in item.items():
            values.setdefault(name, []).append(value)
    return {name: _type_name(v) for name, v in sorted(values.items())}


def _party(party: schemas.Party | None) -> dict[str, Any]:
    return {"attributed_to": party.id, "attributed_to_name": party.name} if party else {}


def _status_text(status: schemas.EntityStatus) -> str:
    span = f"{status.starts or '?'}..{status.ends or ''}"
    per = f" per {status.attributed_to.name}" if status.attributed_to else ""
    return f"{status.status} {span}{per}"


def _node_attrs(node: schemas.Node, statuses: list[str]) -> dict[str, Any]:
    data = node.model_dump(exclude={"id", "figures", "attributed_to"})
    data.update(node.figures)
    data.update(_party(node.attributed_to), statuses=statuses)
    data["label"] = node.name  # Gephi's node label
    return {k: _scalar(v) for k, v in data.items() if v not in (None, [], {})}


def _edge_attrs(edge: schemas.Edge) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": edge.type,
        "label": edge.type,
        **edge.properties,
        **_party(edge.attributed_to),
    }
    data["sources"] = [c.id for c in edge.sources]
    data["evidence"] = [c.quote or c.note or "" for c in edge.sources]
    data["evidence_kinds"] = [c.evidence_kind or "" for c in edge.sources]
    return {k: _scalar(v) for k, v in data.items() if v not in (None, [], {})}


def _source_attrs(source: schemas.SourceMeta) -> dict[str, Any]:
    data = source.model_dump(exclude={"id", "entities", "relations"})
    data.update(type="Source", label=source.title or source.id, name=source.title or source.id)
    return {k: _scalar(v) for k, v in data.items() if v is not None}


def render(export: schemas.Export) -> bytes:
    statuses: dict[str, list[str]] = {}
    for status in export.statuses:
        statuses.setdefault(status.entity, []).append(_status_text(status))
    nodes = [(n.id, _node_attrs(n, statuses.get(n.id, []))) for n in export.nodes]
    nodes += [(s.id, _source_attrs(s)) for s in export.sources]
    edges = [(e, _edge_attrs(e)) for e in export.edges]

    root = ET.Element("graphml", xmlns=NS)
    node_keys = _keys(root, "node", _attrs([a for _, a in nodes]))
    edge_keys = _keys(root, "edge", _attrs([a for _, a in edges]))
    graph = ET.SubElement(root, "graph", id="exile-graph", edgedefault="directed")
    known = {node_id for node_id, _ in nodes}
    for node_id, attrs in nodes:
        _data(ET.SubElement(graph, "node", id=node_id), attrs, node_keys)
    for edge, attrs in edges:
        if edge.source in known and edge.target in known:
            element = ET.SubElement(
                graph, "edge", id=edge.id, source=edge.source, target=edge.target
            )
            _data(element, attrs, edge_keys)
    ET.indent(root)
    out: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    # ElementTree writes a text's \r raw, and parsers read it as \n: a reference keeps it.
    return out.replace(b"\r", b"&#13;")


def _keys(root: ET.Element, scope: str, types: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Declare a <key> for each attribute of `scope`; name -> (key id, GraphML type)."""
    keys = {}
    for name, type_name in types.items():
        key_id = f"{scope[0]}_{name}"
        keys[name] = (key_id, type_name)
        ET.SubElement(
            root, "key", {"id": key_id, "for": scope, "attr.name": name, "attr.type": type_name}
        )
    return keys


def _data(parent: ET.Element, attrs: dict[str, Any], keys: dict[str, tuple[str, str]]) -> None:
    for name, value in attrs.items():
        key_id, type_name = keys[name]
        text = str(value).lower() if isinstance(value, bool) else str(value)
        if type_name == "double" and isinstance(value, int):
            text = str(float(value))
        bad = _NOT_XML.search(text)
        if bad:
            raise Unexportable(
                f"{parent.get('id')}: {name} holds U+{ord(bad.group()):04X}, which XML "
                "cannot hold; correct the data (kg validate refuses it) or export as JSON"
            )
        ET.SubElement(parent, "data", key=key_id).text = text
