"""What the newsroom login may run: reads of the graph, and what Neo4j Browser needs.

Every query is first planned upstream (EXPLAIN, nothing runs) and judged by its plan
(graph/plan_guard.py). Administration commands all plan to one opaque operator
(`AdministrationCommand@system`: SHOW DATABASES and CREATE USER look alike), so the few the
Browser sends are allowed by their exact text instead, and nothing else runs on `system`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.plan_guard import ALLOWED_PROCEDURES, ReadPolicy, too_complex

SYSTEM = "system"
REFUSED = "Neo.ClientError.Security.Forbidden"
PREFIX = "the newsroom login reads the graph only"

# Neo4j Browser 5.24 on connect and every 20 s after, besides reads of the graph:
# on `system` the exact texts below; on the graph db.labels(), db.relationshipTypes(),
# db.propertyKeys() (in the API's allowlist too) and a count. A journalist may also type
# these DBMS-mode procedures (the query type is 's' though they only read).
BROWSER_DBMS_PROCEDURES = frozenset(
    {"dbms.components", "dbms.clientConfig", "dbms.showCurrentUser"}
)
# SHOW operators that list metadata only (not settings, users or transactions).
BROWSER_SHOW = frozenset({"ShowProcedures", "ShowFunctions", "ShowIndexes", "ShowConstraints"})
# What the Browser sends to `system`, whitespace-normalised; nothing else runs there.
# dbms.clientConfig() returns the browser.* settings and whether auth is on, nothing more.
SYSTEM_TEXTS = frozenset(
    {
        "SHOW DATABASES",
        "CALL dbms.components() YIELD name, versions, edition",
        "CALL dbms.clientConfig()",
        "CALL dbms.showCurrentUser()",
        "SHOW PROCEDURES yield name, description, signature",
        "SHOW FUNCTIONS yield name, description, signature",
    }
)

_PROFILE = re.compile(r"^\s*PROFILE\b", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def normalised(query: str) -> str:
    return _SPACE.sub(" ", query).strip().rstrip(";").strip()


@dataclass(frozen=True)
class Decision:
    """`explain` is the text to plan first; None with no `refusal` means allowed as is."""

    refusal: str | None = None
    explain: str | None = None


def newsroom_policy(database: str) -> ReadPolicy:
    return ReadPolicy(
        procedures=ALLOWED_PROCEDURES,
        dbms_procedures=BROWSER_DBMS_PROCEDURES,
        show=BROWSER_SHOW,
        database=database,
        list_allowed=False,
    )


def before_planning(query: str, database: str | None) -> Decision:
    """Decide what can be decided from the text: the Browser's own administration
    commands pass, anything else on `system` is refused, the rest must be planned."""
    if normalised(query) in SYSTEM_TEXTS:
        return Decision()
    if database is not None and database.lower() == SYSTEM:
        return Decision(refusal=f"{PREFIX}: nothing else runs on the system database")
    # As on the API's /cypher: planning time grows steeply with relationship patterns, and
    # Neo4j's timeout does not interrupt all of it, so such a query is not even planned.
    why = too_complex(query)
    if why:
        return Decision(refusal=f"{PREFIX}: {why}")
    # PROFILE runs the query it profiles; EXPLAIN PROFILE is an error, so plan the rest.
    match = _PROFILE.match(query)
    body = query[match.end() :] if match else query
    return Decision(explain="EXPLAIN " + body)


def after_planning(
    policy: ReadPolicy, query_type: object, plan: object, planned_on: object
) -> str | None:
    """The refusal for a planned query, from the EXPLAIN summary's `type`, `plan` and `db`."""
    if isinstance(planned_on, str) and planned_on.lower() == SYSTEM:
        return f"{PREFIX}: nothing else runs on the system database"
    if isinstance(planned_on, str) and policy.database and planned_on != policy.database:
        return f"{PREFIX}: queries may only read the {policy.database!r} database"
    kind = query_type if isinstance(query_type, str) else None
    why = policy.refusal(kind, plan if isinstance(plan, dict) else None)
    return None if why is None else f"{PREFIX}: {why}"
