"""The gateway's bounds: its settings, who gets a connection, failed logins, query slots.

Everything here is plain bookkeeping (no sockets), so it is tested without a server
(tests/unit/test_gateway_limits.py). Unauthenticated connections are the cheap ones to hold
open, so they are the ones given up when a cap is reached: a journalist who logs in is
never pushed out by clients that only connect.
"""

from __future__ import annotations

import asyncio
import contextlib
import resource
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

KIB, MIB = 1024, 1024 * 1024
# Descriptors kept free for the listener, logs and the event loop itself.
RESERVED_FILES = 32


class GatewaySettings(BaseSettings):
    """KG_GATEWAY_* (docs/security.md lists each bound with its default)."""

    model_config = SettingsConfigDict(env_prefix="KG_GATEWAY_", extra="ignore")

    max_connections: int = Field(default=200, ge=1, le=100_000)
    max_per_address: int = Field(default=32, ge=1, le=100_000)
    auth_timeout: float = Field(default=5.0, gt=0, le=300)
    idle_timeout: float = Field(default=3600.0, gt=0)
    max_login_message: int = Field(default=8 * KIB, ge=512, le=MIB)
    max_message: int = Field(default=MIB, ge=8 * KIB, le=64 * MIB)
    max_record: int = Field(default=16 * MIB, ge=64 * KIB, le=256 * MIB)
    max_result: int = Field(default=256 * MIB, ge=MIB)
    query_timeout: float = Field(default=30.0, gt=0, le=3600)
    connect_timeout: float = Field(default=5.0, gt=0, le=120)
    # Neo4j gets this much longer than the query timeout to answer before it counts as hung.
    upstream_grace: float = Field(default=5.0, gt=0, le=120)
    queries_per_client: int = Field(default=4, ge=1, le=1000)
    login_free_failures: int = Field(default=3, ge=0, le=100)
    login_max_backoff: float = Field(default=60.0, gt=0, le=3600)

    @property
    def upstream_timeout(self) -> float:
        return self.query_timeout + self.upstream_grace


def connection_cap(configured: int) -> int:
    """The connection cap this process can afford: an authenticated connection holds two
    descriptors (the client's and Neo4j's), so never more than the open-file limit allows."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return configured
    return max(1, min(configured, (soft - RESERVED_FILES) // 2))


@dataclass(eq=False)
class Ticket:
    """One admitted connection; `evict` ends it (cancels its task)."""

    address: str
    evict: Callable[[], None]
    authenticated: bool = False


@dataclass
class Admission:
    """Caps on connections in total and per client address.

    At a cap, the oldest unauthenticated connection (of that address, or of all) is closed to
    make room; when every connection there has logged in, the newcomer is refused.
    """

    total: int
    per_address: int
    tickets: OrderedDict[int, Ticket] = field(default_factory=OrderedDict)
    per: dict[str, int] = field(default_factory=dict)
    evicted: int = 0
    refused: int = 0

    def admit(self, address: str, evict: Callable[[], None]) -> Ticket | None:
        if self.per.get(address, 0) >= self.per_address and not self._evict(address):
            self.refused += 1
            return None
        if len(self.tickets) >= self.total and not self._evict(None):
            self.refused += 1
            return None
        ticket = Ticket(address, evict)
        self.tickets[id(ticket)] = ticket
        self.per[address] = self.per.get(address, 0) + 1
        return ticket

    def _evict(self, address: str | None) -> bool:
        for ticket in self.tickets.values():
            if not ticket.authenticated and address in (None, ticket.address):
                self.release(ticket)
                self.evicted += 1
                ticket.evict()
                return True
        return False

    def release(self, ticket: Ticket) -> None:
        if self.tickets.pop(id(ticket), None) is None:
            return
        left = self.per[ticket.address] - 1
        if left:
            self.per[ticket.address] = left
        else:
            del self.per[ticket.address]

    def __len__(self) -> int:
        return len(self.tickets)


@dataclass
class LoginThrottle:
    """Failed logins per address: after `free` failures each one doubles a lockout (1 s, 2 s,
    4 s, ... up to `longest`), during which that address's logins are refused unchecked."""

    free: int = 3
    longest: float = 60.0
    clock: Callable[[], float] = time.monotonic
    capacity: int = 4096
    failures: OrderedDict[str, tuple[int, float]] = field(default_factory=OrderedDict)

    def wait(self, address: str) -> float:
        """Seconds until `address` may try again (0: now)."""
        _, until = self.failures.get(address, (0, 0.0))
        return max(0.0, until - self.clock())

    def failed(self, address: str) -> tuple[int, float]:
        """Record a failure; the count so far and the lockout it starts."""
        count, _ = self.failures.pop(address, (0, 0.0))
        count += 1
        over = count - self.free
        lockout = min(self.longest, 2.0 ** (over - 1)) if over > 0 else 0.0
        self.failures[address] = (count, self.clock() + lockout)
        while len(self.failures) > self.capacity:  # the oldest record goes first
            self.failures.popitem(last=False)
        return count, lockout

    def succeeded(self, address: str) -> None:
        self.failures.pop(address, None)


class Busy(Exception):
    """No query slot came free in time."""


@dataclass
class QuerySlots:
    """At most `per_client` requests of one client address in Neo4j at a time."""

    per_client: int
    semaphores: dict[str, asyncio.Semaphore] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)

    @contextlib.asynccontextmanager
    async def hold(self, address: str, timeout: float) -> AsyncIterator[None]:
        semaphore = self.semaphores.setdefault(address, asyncio.Semaphore(self.per_client))
        self.users[address] = self.users.get(address, 0) + 1
        try:
            try:
                async with asyncio.timeout(timeout):
                    await semaphore.acquire()
            except TimeoutError as error:
                raise Busy from error
            try:
                yield
            finally:
                semaphore.release()
        finally:
            self.users[address] -= 1
            if not self.users[address]:
                del self.users[address], self.semaphores[address]
