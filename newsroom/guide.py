"""The Neo4j Browser guide and style for journalists, generated from the named queries.

Every runnable block in the guide is the body of a file in `cypher/`, and its caption is that
file's header, so the guide cannot drift from the queries. Queries the API also runs take
parameters; the Browser cannot pass them from a guide, so such a query is preceded by a
runnable `:param` block that sets exactly the parameters the file uses (checked here).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from html import escape

import cypher
from graph.schema import CLAIMED, ENTITY, SOURCE, STATUS, NodeType, RelType

TITLE = "Exile graph: a guide for the newsroom"
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")

Value = str | int | float | bool | date | None | list["Value"]


class GuideError(ValueError):
    """A guide entry that does not fit its query file (e.g. a parameter left unset)."""


@dataclass(frozen=True)
class Run:
    """One clickable query: a name in `cypher/`, with values for its parameters, if any."""

    name: str
    params: Mapping[str, Value] = field(default_factory=dict)
    note: str = ""  # an extra sentence (HTML) after the file's own description


@dataclass(frozen=True)
class Slide:
    title: str
    lead: str  # HTML: one or two sentences
    body: str = ""  # HTML
    runs: tuple[Run, ...] = ()


def cypher_literal(value: Value) -> str:
    """A Python value as Cypher source text, for `:param` blocks (never for queries)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return f"date('{value.isoformat()}')"
    if isinstance(value, list):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def caption(name: str) -> str:
    """The header's description, without its `Parameters:` line(s)."""
    header = cypher.query(name).header
    return " ".join(header.split("Parameters:")[0].split())


def param_command(run: Run) -> str:
    """`:param [{a, b}] => { RETURN … AS a, … AS b }`: Neo4j evaluates it, so dates are dates."""
    wanted = set(_PARAM.findall(cypher.query(run.name).body))
    given = set(run.params)
    if wanted != given:
        raise GuideError(
            f"cypher/{run.name}.cypher uses {sorted(wanted)} but the guide sets {sorted(given)}"
        )
    keys = sorted(given)
    values = ", ".join(f"{cypher_literal(run.params[k])} AS {k}" for k in keys)
    return f":param [{{{', '.join(keys)}}}] => {{ RETURN {values} }}"


def _pre(text: str) -> str:
    # `runnable`: a click copies it into the editor; the ▶ the Browser adds runs it.
    return f'<pre class="pre-scrollable code runnable">{escape(text)}</pre>'


def render_run(run: Run) -> str:
    parts = [
        f'<figure data-query="{escape(run.name)}">',
        f"<figcaption><p>{escape(caption(run.name))} {run.note}</p></figcaption>",
    ]
    if run.params:
        parts += [
            "<p><em>First set its parameters, then run the query:</em></p>",
            _pre(param_command(run)),
        ]
    parts += [
        _pre(cypher.query(run.name).body),
        f'<p class="small">cypher/{escape(run.name)}.cypher</p>',
        "</figure>",
    ]
    return "\n".join(parts)


def render_slide(slide: Slide) -> str:
    runs = "\n".join(render_run(run) for run in slide.runs)
    return (
        '<slide class="row-fluid">\n'
        f'<div class="col-sm-3"><h3>{escape(slide.title)}</h3>'
        f'<p class="lead">{slide.lead}</p></div>\n'
        f'<div class="col-sm-9">\n{slide.body}\n{runs}\n</div>\n</slide>'
    )


def render_guide(slides: tuple[Slide, ...]) -> str:
    """A whole `:play` guide: every <slide> becomes one page of the Browser's carousel."""
    pages = "\n".join(render_slide(slide) for slide in slides)
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{escape(TITLE)}</title>'
        '</head><body>\n<article class="guide">\n<carousel class="deck container-fluid">\n'
        f"{pages}\n</carousel>\n</article>\n</body></html>\n"
    )


# Colours by node type (Browser GraSS). Every type must have one: a KeyError at import
# time, not a grey node in the newsroom.
NODE_COLOURS: dict[str, tuple[str, str]] = {  # fill, border
    NodeType.PERSON: ("#C990C0", "#B261A5"),
    NodeType.ORGANIZATION: ("#57C7E3", "#23B3D7"),
    NodeType.EVENT: ("#F79767", "#F36924"),
    NodeType.PLACE: ("#8DCC93", "#5DB665"),
    NodeType.CLAIM: ("#FFC454", "#D7A013"),
    SOURCE: ("#D9C8AE", "#C0A378"),
    STATUS: ("#E6E6E6", "#9A9A9A"),
}
# Acts of state against people stand out; MENTIONED_IN (entity -> article) recedes.
REL_COLOURS: dict[str, str] = {
    RelType.DESIGNATED: "#D04040",
    RelType.SENTENCED: "#D04040",
    RelType.IMPRISONED_IN: "#D04040",
    RelType.MENTIONED_IN: "#C8C8C8",
    RelType.HAS_STATUS: "#9A9A9A",
}
# A party's claim (stored as CLAIMED_<TYPE>): amber and thin, so it reads as "reported", and
# captioned "TYPE · per <party>" from its `caption` property.
CLAIMED_COLOUR = "#E8A317"
CLAIMED_TEXT = "#8A5A00"  # the caption, darker: readable on white


@cache
def render_style() -> str:
    """GraSS: colour by type, names as captions; a relationship's caption is its `caption`
    property (the type, or "TYPE · per <party>" for a claim), `<type>` where it has none."""
    rules = [
        "node { diameter: 75px; color: #A5ABB6; border-color: #9AA1AC; border-width: 2px; "
        "text-color-internal: #FFFFFF; font-size: 10px; caption: '{name}'; }",
        # `Entity` first: a later, type-specific rule wins for nodes with both labels.
        f"node.{ENTITY} {{ caption: '{{name}}'; }}",
    ]
    captions = {SOURCE: "{publisher}", STATUS: "{status}"}
    for label in [*NodeType, SOURCE, STATUS]:
        fill, border = NODE_COLOURS[label]
        text = "#000000" if label in (NodeType.CLAIM, SOURCE, STATUS) else "#FFFFFF"
        node_caption = captions.get(label, "{name}")
        rules.append(
            f"node.{label} {{ color: {fill}; border-color: {border}; "
            f"text-color-internal: {text}; caption: '{node_caption}'; }}"
        )
    rules.append(
        "relationship { color: #A5ABB6; shaft-width: 2px; font-size: 9px; padding: 3px; "
        "text-color-external: #000000; text-color-internal: #FFFFFF; "
        "caption: '<type>'; }"
    )
    for rel in RelType:
        colour = REL_COLOURS.get(rel, "#A5ABB6")
        width = "1px" if rel in (RelType.MENTIONED_IN, RelType.HAS_STATUS) else "2px"
        rules.append(
            f"relationship.{rel} {{ color: {colour}; shaft-width: {width}; "
            "caption: '{caption}'; }"
        )
    for claimed in CLAIMED.values():
        rules.append(
            f"relationship.{claimed} {{ color: {CLAIMED_COLOUR}; shaft-width: 1px; "
            f"text-color-external: {CLAIMED_TEXT}; caption: '{{caption}}'; }}"
        )
    return "\n".join(rules) + "\n"
