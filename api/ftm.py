"""The graph (or a neighbourhood) as FollowTheMoney entities, one JSON object per line.

The input is the API's own export (`Repository.export`: the same queries, root/depth and
truncation as `/export?format=json`), so the three formats cannot disagree about what is in
the graph. Each fact becomes one FtM entity per citing source, so each carries its own
provenance (docs/ftm.md has the table). Every entity is checked with `graph/ftm/check.py`
before anything is written: an export that FtM would reject or alter fails loudly instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

from api import schemas
from graph.ftm import mapping
from graph.ftm.check import FtmInvalid, check_entity, put, reference_errors
from graph.schema import RelType, Status, semantic_type

Entity = dict[str, Any]


def _make(schema: str, ftm_id: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.id = ftm_id
    return proxy


def _put(proxy: EntityProxy, prop: str, *values: object, may_change: bool = False) -> None:
    """Add values through FtM's cleaning; a value it would drop or change is an error, not
    a silent edit (`may_change`: the exact value is kept elsewhere or restored on import)."""
    for value in values:
        if value is None or value == "" or value == []:
            continue
        put(proxy, prop, str(value), may_change)


def _put_names(proxy: EntityProxy, prop: str, values: list[str]) -> list[str]:
    """Names and aliases through FtM's name cleaning; each one it changes (quotes stripped)
    gives an "exact <prop>: <value>" line for the entity's notes."""
    exact = []
    for value in values:
        if value and put(proxy, prop, value, may_change=True) != value:
            try:
                exact.append(mapping.exact_line(prop, value))
            except ValueError as e:
                raise FtmInvalid(f"{proxy.id}: {e}") from e
    return exact


def _provenance(proxy: EntityProxy, cite: schemas.Citation | None) -> None:
    if cite is None:
        return
    _put(proxy, "proof", mapping.to_ftm_id(cite.id))
    _put(proxy, "sourceUrl", cite.url)
    _put(proxy, "publisher", cite.publisher)


def _evidence(
    proxy: EntityProxy,
    cite: schemas.Citation | None,
    party: schemas.Party | None,
    figures: mapping.Figures | None = None,
) -> None:
    kind = cite.evidence_kind if cite else None
    text = (cite.quote if kind == "quote" else cite.note) if cite else None
    props = mapping.evidence_props(
        kind, text, party.id if party else None, party.name if party else None, figures
    )
    for prop, value in props.items():
        _put(proxy, prop, value)


def _per(party: schemas.Party | None) -> str | None:
    """'per <name> [<ftm id>]': whose claim an attributed event is."""
    if party is None:
        return None
    return mapping.evidence_props(None, None, party.id, party.name)["description"]


def _citations(cites: list[schemas.Citation]) -> list[schemas.Citation | None]:
    # A fact without a citation (none in the curated graph) still becomes one entity.
    return list(cites) or [None]


class _Builder:
    def __init__(self, export: schemas.Export) -> None:
        self.export = export
        self.schema_of: dict[str, str] = {s.id: "Article" for s in export.sources}
        self.schema_of.update({n.id: mapping.ENTITY_SCHEMA[n.type] for n in export.nodes})
        self.name_of = {n.id: n.name for n in export.nodes}

    def source(self, src: schemas.SourceMeta) -> EntityProxy:
        proxy = _make("Article", mapping.to_ftm_id(src.id))
        _put(proxy, "name", src.title or src.id, may_change=True)  # `title` is exact
        _put(proxy, "title", src.title)
        _put(proxy, "publisher", src.publisher)
        _put(proxy, "sourceUrl", src.url)
        _put(proxy, "publishedAt", src.published)
        _put(proxy, "language", src.language, may_change=True)  # "eng"; the import: "en"
        _put(proxy, "keywords", src.evidence)  # quote: text held verbatim; note: paraphrase
        _put(proxy, "description", src.remarks)
        return proxy

    def node(self, node: schemas.Node) -> EntityProxy:
        extra = node.model_extra or {}
        proxy = _make(mapping.ENTITY_SCHEMA[node.type], mapping.to_ftm_id(node.id))
        exact = _put_names(proxy, "name", [node.name])
        exact += _put_names(proxy, "alias", list(node.aliases))
        _put(proxy, "description", node.description)
        notes = [_per(node.attributed_to)]
        notes += [f"{name}: {value}" for name, value in sorted(node.figures.items())]
        notes += exact
        _put(proxy, "notes", "\n".join(n for n in notes if n) or None)
        if node.type == "Organization":
            _put(proxy, "classification", extra.get("kind"))
            _put(proxy, "incorporationDate", extra.get("founded"))
        elif node.type == "Event":
            _put(proxy, "keywords", extra.get("kind"))
            _put(proxy, "startDate", extra.get("date"))
            _put(proxy, "endDate", extra.get("end_date"))
        elif node.type == "Claim":
            _put(proxy, "keywords", "claim")
            _put(proxy, "summary", extra.get("text"))
            _put(proxy, "startDate", extra.get("date"))
        elif node.type == "Place":
            _put(proxy, "full", node.name)  # Address's caption is `full`, not `name`
            _put(proxy, "keywords", extra.get("kind"))
        return proxy

    def mention(self, edge: schemas.Edge) -> Iterator[EntityProxy]:
        for cite in _citations(edge.sources):
            proxy = _make("Documentation", mapping.rel_ftm_id(edge.id, cite.id if cite else ""))
            _put(proxy, "entity", mapping.to_ftm_id(edge.source))
            _put(proxy, "document", mapping.to_ftm_id(edge.target))
            _put(proxy, "recordId", edge.id)
            _provenance(proxy, cite)
            _evidence(proxy, cite, None)
            yield proxy

    def relation(self, edge: schemas.Edge) -> Iterator[EntityProxy]:
        rel_type = semantic_type(edge.type)
        ends = mapping.interval_schema(
            rel_type, self.schema_of[edge.source], self.schema_of[edge.target]
        )
        props = edge.properties
        if props.get("ended") is not None and "status" not in model[ends.schema].properties:
            ends = mapping.ENDS_UNKNOWN  # Family and Associate cannot say ended/ongoing
        role = props.get("role") or props.get("verdict")
        figures = _figures(props)
        for cite in _citations(edge.sources):
            proxy = _make(ends.schema, mapping.rel_ftm_id(edge.id, cite.id if cite else ""))
            if ends.schema == "Sanction":
                _put(proxy, "entity", mapping.to_ftm_id(edge.target))
                _put(proxy, "authority", self.name_of.get(edge.source, edge.source))
                _put(proxy, "program", role)
                _put(proxy, "programId", props.get("status"))
            else:
                _put(proxy, ends.source_prop, mapping.to_ftm_id(edge.source))
                _put(proxy, ends.target_prop, mapping.to_ftm_id(edge.target))
                text = mapping.role_text(rel_type, _str(role), ends.schema == "UnknownLink")
                prop = "relationship" if ends.schema in ("Family", "Associate") else "role"
                _put(proxy, prop, text)
            self._dated(proxy, props.get("valid_from"), props.get("valid_to"), props.get("ended"))
            _put(proxy, "recordId", edge.id)
            _provenance(proxy, cite)
            _evidence(proxy, cite, edge.attributed_to, figures)
            yield proxy

    def status(self, st: schemas.EntityStatus) -> Iterator[EntityProxy]:
        schema = mapping.status_schema(st.status)
        words = Status(st.status).value.replace("_", " ")
        for cite in _citations(st.sources):
            proxy = _make(schema, mapping.status_ftm_id(st.id, cite.id if cite else ""))
            if schema == "Sanction":
                _put(proxy, "entity", mapping.to_ftm_id(st.entity))
                _put(proxy, "program", words)
                _put(proxy, "programId", st.status)
            else:
                name = f"{self.name_of.get(st.entity, st.entity)}: {words}"
                _put(proxy, "name", name, may_change=True)  # a caption: recordId says it
                _put(proxy, "involved", mapping.to_ftm_id(st.entity))
                _put(proxy, "keywords", st.status)
            self._dated(proxy, st.valid_from, st.valid_to, st.ended)
            _put(proxy, "recordId", st.id)
            _provenance(proxy, cite)
            _evidence(proxy, cite, st.attributed_to)
            yield proxy

    @staticmethod
    def _dated(proxy: EntityProxy, start: Any, end: Any, ended: Any) -> None:
        _put(proxy, "startDate", start)
        _put(proxy, "endDate", end)
        # `ended` without a date ("former ..."), or explicitly not ended: an interval's
        # `status`, a status Event's `keywords` (Event has no `status`)
        said = {True: "ended" if not end else None, False: "ongoing"}.get(ended)
        if said is None:
            return
        prop = "status" if "status" in proxy.schema.properties else "keywords"
        if prop not in proxy.schema.properties:
            raise FtmInvalid(f"{proxy.id}: {proxy.schema.name} cannot say {said!r}")
        _put(proxy, prop, said)

    def proxies(self) -> Iterator[EntityProxy]:
        for src in self.export.sources:
            yield self.source(src)
        for node in self.export.nodes:
            yield self.node(node)
        for st in self.export.statuses:
            yield from self.status(st)
        for edge in self.export.edges:
            if edge.type == RelType.MENTIONED_IN:
                yield from self.mention(edge)
            else:
                yield from self.relation(edge)


def _figures(props: dict[str, Any]) -> mapping.Figures:
    """A relationship's figures: its numeric properties (the API folds them into
    `properties`; every other property is text, a date or the boolean `ended`)."""
    return {
        k: v for k, v in props.items() if isinstance(v, int | float) and not isinstance(v, bool)
    }


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def ftm_entities(export: schemas.Export) -> list[Entity]:
    """Every FtM entity of the export, each checked (graph/ftm/check.py), with
    `datasets: ["exile_graph"]`. Raises FtmInvalid rather than write a bad entity."""
    out = []
    for proxy in _Builder(export).proxies():
        data = proxy.to_dict()
        data["datasets"] = [mapping.DATASET]
        check_entity(data)
        out.append(data)
    errors = reference_errors(out)
    if errors:
        raise FtmInvalid("; ".join(errors[:5]))
    return out


def ftm_lines(export: schemas.Export) -> Iterator[str]:
    """The export as JSON lines (each ending in a newline), the form Aleph and
    OpenSanctions publish (`entities.ftm.json`)."""
    for data in ftm_entities(export):
        yield json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"
