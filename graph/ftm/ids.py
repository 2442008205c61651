"""Our ids in FtM form and back: `person:ilya-ponomarev` <-> `eg-person-ilya-ponomarev`.

Kept apart from mapping.py so that what needs only the ids (POST /match, /reconcile)
works without the optional FollowTheMoney package.
"""

from __future__ import annotations

import re

from graph.ftm.tables import FTM_PREFIX, SOURCE_PREFIX
from graph.schema import ENTITY_ID_PATTERN, ID_PREFIX, SOURCE_ID_PATTERN

SLUG = r"[a-z0-9][a-z0-9-]*"
_PREFIXES = "|".join([*ID_PREFIX.values(), SOURCE_PREFIX])
_FTM_ID = re.compile(rf"^eg-({_PREFIXES})-({SLUG})$")
_OUR_ID = re.compile(rf"{ENTITY_ID_PATTERN}|{SOURCE_ID_PATTERN}")


def to_ftm_id(our_id: str) -> str:
    """`person:ilya-ponomarev` -> `eg-person-ilya-ponomarev` (entities and sources)."""
    if not _OUR_ID.match(our_id):
        raise ValueError(f"not an entity or source id: {our_id!r}")
    prefix, slug = our_id.split(":", 1)
    return f"{FTM_PREFIX}{prefix}-{slug}"


def from_ftm_id(ftm_id: str) -> str | None:
    """`eg-person-ilya-ponomarev` -> `person:ilya-ponomarev`; None for any other id."""
    m = _FTM_ID.match(ftm_id)
    return f"{m.group(1)}:{m.group(2)}" if m else None
