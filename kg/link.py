"""`kg link FILE`: the known entities an article names, as a table or a draft data file.

The linker is the API's (graph/linker.py), built from the curated data files as an
ingest would load them, so it needs no running graph.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from graph.linker import CONFIDENT, Linker, Mention
from ingest.bounds import Refused, check_yaml
from ingest.transform import transform
from ingest.validate import DEFAULT_DATA_DIR, validate

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|$)")


def linker_from_data(data_dir: Path = DEFAULT_DATA_DIR) -> Linker:
    rows = [
        {
            "id": e["id"],
            "name": e["props"]["name"],
            "type": e["props"]["type"],
            "aliases": e["props"]["aliases"],
            "keys": e["props"]["search_keys"],
        }
        for e in transform(validate(data_dir)).entities
    ]
    return Linker(rows)


class ArticleRefused(ValueError):
    """An article whose front matter cannot be read safely; the message names file and line."""


def read_article(path: Path) -> tuple[dict[str, Any], str]:
    """The article's front matter (title, publisher, url, published), if any, and its text."""
    raw = path.read_text(encoding="utf-8")
    found = _FRONT.match(raw)
    if not found:
        return {}, raw
    try:
        check_yaml(found.group(1))  # safe_load would expand an alias bomb
    except Refused as refused:
        raise ArticleRefused(
            f"{path}:{refused.line + 1}: front matter: {refused.message}"
        ) from None
    meta = yaml.safe_load(found.group(1)) or {}
    return (meta if isinstance(meta, dict) else {}), raw[found.end() :]


def table(mentions: list[Mention]) -> str:
    """One line per mention: offsets, confidence, surface form, entity (or candidates)."""
    lines = [f"{'start':>6} {'end':>6} {'conf':>4}  {'text':<32} entity"]
    for m in mentions:
        entity = " | ".join(c.id for c in m.candidates)
        flags = (" (ambiguous)" if len(m.candidates) > 1 else "") + (
            " (generic)" if m.generic else ""
        )
        lines.append(
            f"{m.start:>6} {m.end:>6} {m.confidence:>4.2f}  {m.text[:32]:<32} {entity}{flags}"
        )
    sure = {m.entity.id for m in mentions if m.confidence >= CONFIDENT}
    lines.append(
        f"{len(mentions)} mentions, {len(sure)} entities linked with confidence >= {CONFIDENT}."
    )
    return "\n".join(lines)


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around a mention, verbatim: the draft's quote for it."""
    for found in _SENTENCE.finditer(text):
        if found.start() <= start and end <= found.end():
            return found.group().strip()
    return text[start:end]


def draft(meta: dict[str, Any], text: str, mentions: list[Mention]) -> str:
    """A skeleton data file: the source block and one mention per confident entity."""
    cyrillic = sum("а" <= ch.lower() <= "я" for ch in text)
    source = {
        "id": "source:TODO-publisher-yyyy-mm-dd",
        "title": str(meta.get("title", "TODO: the headline")),
        "publisher": str(meta.get("publisher", "TODO")),
        "url": str(meta.get("url", "https://TODO")),
        "published": str(meta["published"]) if meta.get("published") else None,
        "evidence": "quote",
        "language": "ru" if cyrillic > len(text) / 4 else "en",
    }
    seen: dict[str, dict[str, str]] = {}
    unsure = []
    for m in mentions:
        if (m.confidence >= CONFIDENT and len(m.candidates) == 1) or m.resolved:
            seen.setdefault(
                m.entity.id, {"id": m.entity.id, "quote": _sentence(text, m.start, m.end)}
            )
        elif m.entity.id not in seen:
            unsure.append(f"#   {m.text!r}: " + " or ".join(c.id for c in m.candidates))
    body = yaml.safe_dump(
        {"source": source, "entities": [], "mentions": list(seen.values()), "relations": []},
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    head = [
        "# Draft written by `kg link --draft`: complete the source block, check every",
        "# mention, then add the new entities and the relations the article states.",
    ]
    if unsure:
        head += ["# Unsure links, left out (check them by hand):", *dict.fromkeys(unsure)]
    return "\n".join(head) + "\n" + body
