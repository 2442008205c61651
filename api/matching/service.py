"""One batch of query examples, bounded: how many, how long, and how many batches at once.

POST /match and /reconcile both go through here, so a batch is refused the same way from
either: too many queries or a bad one is a 422 naming it (before any read), a full set of
KG_MATCH_CONCURRENCY batches a 429 at once, and a batch past KG_MATCH_TIMEOUT a 504.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import date
from typing import Any

from api.errors import Busy, Invalid, QueryTimeout
from api.matching.examples import Example, ExampleInvalid, read_example
from api.repository import Repository
from api.schemas import match as m
from api.settings import ApiSettings

MAX_KEY = 200  # characters of a caller's query id


def read_batch(queries: Mapping[str, Any], most: int, field: str = "queries") -> dict[str, Example]:
    """Every example of a batch, checked; the first bad one is a 422 naming its field."""
    if not queries:
        raise Invalid(f"{field}: no queries given; send at least one")
    if len(queries) > most:
        raise Invalid(
            f"{field}: {len(queries)} queries; at most {most} in one batch "
            "(KG_MATCH_MAX_QUERIES): send the rest in another"
        )
    out = {}
    for key, raw in queries.items():
        if len(key) > MAX_KEY:
            raise Invalid(f"{field}: a query id of {len(key)} characters; at most {MAX_KEY}")
        try:
            out[key] = read_example(f"{field}.{key}", raw)
        except ExampleInvalid as e:
            raise Invalid(str(e)) from None
    return out


class Batches:
    """The slots batches are scored in (KG_MATCH_CONCURRENCY), and their deadline."""

    def __init__(self, settings: ApiSettings) -> None:
        self.settings = settings
        self._slots = asyncio.Semaphore(settings.match_concurrency)

    async def run(
        self,
        repo: Repository,
        examples: dict[str, Example],
        *,
        limit: int,
        threshold: float,
        cutoff: float,
        as_of: date | None,
        base_url: str,
    ) -> dict[str, m.QueryMatches]:
        if self._slots.locked():
            raise Busy(
                f"{self.settings.match_concurrency} batches are being matched, the most at "
                "once (KG_MATCH_CONCURRENCY); ask again shortly",
                retry_after=1,
            )
        async with self._slots:
            try:
                async with asyncio.timeout(self.settings.match_timeout):
                    return await repo.match(
                        examples, limit, threshold, cutoff, as_of or date.today(), base_url
                    )
            except TimeoutError:
                raise QueryTimeout(
                    f"the batch took longer than {self.settings.match_timeout:g} s "
                    "(KG_MATCH_TIMEOUT); send fewer queries at once"
                ) from None
