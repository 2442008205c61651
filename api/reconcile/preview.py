"""The preview card OpenRefine shows in a frame when a candidate is hovered: the entity's
name, type and description, the statuses and designations holding today, how many sources
name it, and a link to its page.

Every value is escaped: names and descriptions come from the data files, and the page is
shown inside another application. The page carries its own policy: no script, its one
style block by hash, and framing allowed (OpenRefine frames it from its own origin); the
API's default policy forbids framing everything else.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from html import escape
from urllib.parse import quote

from api.reconcile.extend import held
from api.reconcile.vocabulary import TYPES
from api.repository.reconcile import Facts

STYLE = (
    "body{font:14px/1.4 system-ui,sans-serif;margin:8px;color:#222}"
    "h1{font-size:16px;margin:0 0 2px}.meta{color:#666;font-size:12px;margin:0 0 6px}"
    "p{margin:4px 0}.label{color:#666}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
POLICY = (
    f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; "
    "frame-ancestors *; base-uri 'none'; form-action 'none'"
)
MAX_DESCRIPTION = 300  # characters of the description the card shows


def _line(label: str, items: list[str]) -> str:
    shown = ", ".join(escape(item) for item in items) if items else "none recorded"
    return f'<p><span class="label">{escape(label)}:</span> {shown}</p>'


def card(facts: Facts, today: date) -> str:
    term = TYPES.get(facts.type)
    description = facts.description or ""
    if len(description) > MAX_DESCRIPTION:
        description = description[: MAX_DESCRIPTION - 1] + "…"
    # Relative to /reconcile/preview, so the link follows whatever address served the card.
    page = f"../entities/{quote(facts.id, safe=':')}"
    day = today.isoformat()
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(facts.name)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{escape(facts.name)}</h1>"
        f'<p class="meta">{escape(term.name if term else facts.type)} · {escape(facts.id)}</p>'
        + (f"<p>{escape(description)}</p>" if description else "")
        + _line(f"Status on {day}", held(facts, today, designations=False))
        + _line(f"Designations on {day}", held(facts, today, designations=True))
        + f'<p><span class="label">Named by</span> {facts.sources} source(s) · '
        f'<a href="{escape(page)}" target="_blank" rel="noopener noreferrer">the entity '
        "and its relations</a></p></body></html>"
    )
