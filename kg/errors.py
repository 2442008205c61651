"""How `kg` reports what went wrong: each package raises its own typed error, and this table
turns it into one plain sentence on stderr and an exit code (no traceback)."""

from __future__ import annotations

import os
import sys

from neo4j.exceptions import Neo4jError

from graph.driver import DatabaseUnavailable
from graph.ftm import FtmMissing
from ingest.bounds import Refused
from ingest.parsed import InvalidData
from kg.link import ArticleRefused
from kg.local.runtime import ServerError
from newsroom.gateway import GatewayError


class CliError(RuntimeError):
    """Something the user can fix, found by the command itself; one plain sentence."""


# Exit 2: the environment or a request was refused (fix it and run again).
REFUSED: tuple[type[Exception], ...] = (
    CliError,
    ServerError,
    DatabaseUnavailable,
    GatewayError,
    ArticleRefused,
    Refused,
    FtmMissing,
)


def report(error: BaseException) -> int:
    """Print `error` for a person and return the exit code; re-raise what is not an error."""
    if isinstance(error, InvalidData):
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"kg: {len(error.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 1
    if isinstance(error, REFUSED):
        print(f"kg: {error}", file=sys.stderr)
        return 2
    if isinstance(error, Neo4jError):
        print(f"kg: Neo4j refused the request: {error.code}: {error.message}", file=sys.stderr)
        return 2
    if isinstance(error, KeyboardInterrupt):
        return 130
    if not isinstance(error, Exception) or os.environ.get("KG_DEBUG"):
        raise error
    print(
        f"kg: unexpected {type(error).__name__}: {error} (KG_DEBUG=1 shows details)",
        file=sys.stderr,
    )
    return 1
