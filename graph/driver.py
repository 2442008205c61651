"""One driver per process. The API uses the async driver; the CLI and ingest the sync one."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Literal, TypedDict

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, Driver, GraphDatabase
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

from cypher import load
from graph.settings import Neo4jSettings


class DatabaseUnavailable(RuntimeError):
    """Neo4j did not answer; the message says where we looked."""


class _Options(TypedDict):
    auth: tuple[str, str]
    connection_timeout: float
    connection_acquisition_timeout: float
    max_transaction_retry_time: float
    initial_retry_delay: float
    notifications_min_severity: Literal["OFF"]


# The API answers 503 within 2 s when Neo4j is down, not after minutes: a refused or reset
# connection fails at once, so what bounds a request is the connect timeout and the
# managed transaction's retries (by default 1 s, 2 s, 4 s … for up to 30 s).
API_CONNECT_TIMEOUT = 1.0
# One quick retry: it replaces a pooled connection that died with the old server.
API_RETRY_TIME = 0.1  # checked after each failure: the second attempt is the last
API_RETRY_DELAY = 0.2
# Waiting for a free pooled connection (all 100 busy): give up before the client does.
API_ACQUIRE_TIMEOUT = 3.0


def _options(settings: Neo4jSettings, *, api: bool = False) -> _Options:
    """The options both drivers share; a TypedDict, so the type checker sees each one.

    The CLI and the ingest wait longer: a batch may meet a server that is still starting.
    """
    if api:
        connect = min(settings.connection_timeout, API_CONNECT_TIMEOUT)
        acquire = max(API_ACQUIRE_TIMEOUT, connect)
        retry_time, retry_delay = API_RETRY_TIME, API_RETRY_DELAY
    else:  # fail fast when the server is gone, instead of retrying for 30 s
        connect = settings.connection_timeout
        acquire = connect * 2
        retry_time, retry_delay = 5.0, 1.0
    return _Options(
        auth=(settings.user, settings.secret),
        connection_timeout=connect,
        connection_acquisition_timeout=acquire,
        max_transaction_retry_time=retry_time,
        initial_retry_delay=retry_delay,
        notifications_min_severity="OFF",
    )


def make_driver(settings: Neo4jSettings) -> Driver:
    return GraphDatabase.driver(settings.uri, **_options(settings))


def make_async_driver(settings: Neo4jSettings) -> AsyncDriver:
    """The API's driver: fails within a second or so when Neo4j is down, see above."""
    return AsyncGraphDatabase.driver(settings.uri, **_options(settings, api=True))


def check_connection(driver: Driver, settings: Neo4jSettings) -> None:
    """Fail fast, in plain words, before any work: wrong address or wrong password."""
    try:
        driver.verify_connectivity()
    except AuthError as error:
        raise DatabaseUnavailable(
            f"Neo4j at {settings.uri} refused the credentials of user {settings.user!r}. "
            "Check NEO4J_USER and NEO4J_PASSWORD (or the stored password file)."
        ) from error
    except (ServiceUnavailable, OSError) as error:
        raise DatabaseUnavailable(
            f"Neo4j at {settings.uri} did not answer. Start the local one with "
            "`kg neo4j start`, or point NEO4J_URI at a running server."
        ) from error


def wait_until_ready(
    settings: Neo4jSettings, timeout: float, alive: Callable[[], bool] = lambda: True
) -> None:
    """Poll until a query answers, or raise DatabaseUnavailable after `timeout` seconds.

    `alive` is asked between polls: a server process that died will never answer.
    """
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline and alive():
        try:
            # A plain session: execute_query would retry (and log) on its own.
            with (
                make_driver(settings) as driver,
                driver.session(
                    database=settings.database, default_access_mode=neo4j.READ_ACCESS
                ) as session,
            ):
                session.run(load("health/ping")).consume()
            return
        except AuthError as error:
            raise DatabaseUnavailable(
                f"Neo4j at {settings.uri} refused the credentials of user {settings.user!r}: "
                f"{error.message}. Check NEO4J_PASSWORD or the stored password file."
            ) from error
        except (ServiceUnavailable, Neo4jError, OSError) as error:
            last = error
            time.sleep(0.5)
    raise DatabaseUnavailable(
        f"Neo4j at {settings.uri} did not answer within {timeout:.0f}s: {last}"
    )
