"""The batch limiter of /match and /reconcile (api/matching/service.py), without a server:
past KG_MATCH_CONCURRENCY batches the next one is a 429 at once, and a slot frees when a
batch ends, however it ends."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from api.errors import Busy, QueryTimeout
from api.matching.service import Batches
from api.settings import ApiSettings


class Held:
    """Stands in for the repository: each match waits until released (no Neo4j here; the
    reads are tested in tests/api/test_match.py)."""

    def __init__(self) -> None:
        self.release = asyncio.Event()

    async def match(self, *args: Any) -> dict[str, Any]:
        await self.release.wait()
        return {}


def run(batches: Batches, repo: Held) -> Any:
    return batches.run(
        repo,  # type: ignore[arg-type]
        {},
        limit=5,
        threshold=0.7,
        cutoff=0.5,
        as_of=None,
        base_url="/",
    )


def test_past_the_concurrency_a_batch_is_refused_at_once_and_slots_come_back() -> None:
    async def scenario() -> None:
        batches = Batches(ApiSettings(match_concurrency=2, match_timeout=5))
        repo = Held()
        first = asyncio.create_task(run(batches, repo))
        second = asyncio.create_task(run(batches, repo))
        await asyncio.sleep(0.01)
        with pytest.raises(Busy) as busy:
            await run(batches, repo)
        assert busy.value.status == 429 and busy.value.headers["Retry-After"] == "1"
        assert "KG_MATCH_CONCURRENCY" in busy.value.detail
        repo.release.set()
        assert await first == {} and await second == {}
        assert await run(batches, repo) == {}  # both slots free again

    asyncio.run(scenario())


def test_a_batch_past_the_deadline_is_a_504_and_frees_its_slot() -> None:
    async def scenario() -> None:
        batches = Batches(ApiSettings(match_concurrency=1, match_timeout=0.05))
        repo = Held()
        with pytest.raises(QueryTimeout) as late:
            await run(batches, repo)
        assert late.value.status == 504 and "KG_MATCH_TIMEOUT" in late.value.detail
        repo.release.set()
        assert await run(batches, repo) == {}

    asyncio.run(scenario())
