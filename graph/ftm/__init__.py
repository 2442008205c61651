"""FollowTheMoney, shared by the read side (api/ftm.py) and the import (ingest/ftm/): the
tables between the vocabulary and FtM schemata (tables), the functions over them (mapping),
and the checks an FtM entity must pass (check). Needs only followthemoney and graph.schema.

followthemoney is the `ftm` extra (its PyICU dependency is compiled from source): the API and
the ingest run without it, and what needs it calls `require()` first for a plain message.
This module imports followthemoney only in `require()`.
"""

from __future__ import annotations

MEDIA_TYPE = "application/x-ndjson"  # JSON lines: what `ftm`, ftmq and alephclient read
INSTALL = "pip install 'exile-graph[ftm]'"


class FtmInvalid(ValueError):
    """An entity that followthemoney would reject or change."""


class FtmMissing(RuntimeError):
    """followthemoney is not installed here (the `ftm` extra)."""


def require(what: str) -> None:
    """Raise FtmMissing, naming `what` needs it and how to install it, when FtM is absent."""
    try:  # imported, not just found: an install without its ICU library fails here too
        import followthemoney  # noqa: F401
    except ImportError as e:
        raise FtmMissing(
            f"{what} needs FollowTheMoney, an optional extra not installed here: run "
            f"`make install-ftm` in the project (or {INSTALL}); it compiles PyICU once, "
            f"which needs a C++ compiler and ICU's headers ({e})"
        ) from e
