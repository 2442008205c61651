"""One linker per process: built from the graph in one query, rebuilt after any write.

Before linking, the index reads the graph's version (api/repository/version.py, the one
the analysis cache follows too); when it changed, it reads every entity's names again and
rebuilds the automaton. Linking itself runs in a worker thread, so a long
article does not stall the event loop; a text longer than KG_LINK_MAX_CHARS is a 413, and
past KG_LINK_CONCURRENCY texts at once another gets a 429 at once (no queue: linking holds
the interpreter, and a queue would only make every caller wait longer).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

from api.errors import Busy, Problem
from api.schemas import LinkedMention, LinkResult, NodeRef
from graph.linker import CONFIDENT, Linker, Mention

RETRY_AFTER = 1  # seconds, in a 429: 200,000 characters link in about half a second
Rows = Callable[..., Awaitable[list[dict[str, Any]]]]
Version = Callable[[], Awaitable[Hashable]]  # the graph's version, read now


def _ref(entity: Any) -> NodeRef:
    return NodeRef(id=entity.id, name=entity.name, type=entity.type)


def result(mentions: list[Mention], min_confidence: float = 0.0) -> LinkResult:
    out: list[LinkedMention] = []
    seen: dict[str, NodeRef] = {}
    for m in mentions:
        if m.confidence < min_confidence:
            continue
        ambiguous = len(m.candidates) > 1
        out.append(
            LinkedMention(
                start=m.start,
                end=m.end,
                text=m.text,
                entity=_ref(m.entity),
                confidence=m.confidence,
                ambiguous=ambiguous,
                generic=m.generic,
                candidates=[_ref(c) for c in m.candidates] if ambiguous else [],
            )
        )
        if m.confidence >= CONFIDENT:
            seen.setdefault(m.entity.id, _ref(m.entity))
    return LinkResult(mentions=out, entities=list(seen.values()))


class TextTooLong(Problem):
    def __init__(self, detail: str) -> None:
        super().__init__(413, "Content too large", detail)


class LinkIndex:
    def __init__(self, max_chars: int = 200_000, concurrency: int = 2) -> None:
        self.max_chars, self.concurrency = max_chars, concurrency
        self._slots = asyncio.Semaphore(concurrency)
        self.linker: Linker | None = None
        self.version: Hashable | None = None
        self._lock = asyncio.Lock()

    async def current(self, version: Version, rows: Rows) -> Linker:
        """The linker for the graph as it is now (names read again only if it changed)."""
        async with self._lock:
            # Read before the names: a linker is never older than the version it is kept for.
            now = await version()
            if self.linker is None or now != self.version:
                built = (await rows("api/link/entities"))[0]
                self.linker = await asyncio.to_thread(Linker, built["rows"])
                self.version = now
            return self.linker

    async def link(
        self, text: str, min_confidence: float, version: Version, rows: Rows
    ) -> LinkResult:
        if len(text) > self.max_chars:
            raise TextTooLong(
                f"the text has {len(text):,} characters; at most {self.max_chars:,} are linked "
                "at once (KG_LINK_MAX_CHARS): send it in parts"
            )
        if self._slots.locked():
            raise Busy(
                f"{self.concurrency} texts are being linked, the most at once "
                "(KG_LINK_CONCURRENCY); ask again shortly",
                retry_after=RETRY_AFTER,
            )
        await self._slots.acquire()  # free, so this does not wait
        try:
            linker = await self.current(version, rows)
        except BaseException:
            self._slots.release()
            raise
        # A client that leaves does not stop the thread: the slot is held until it ends.
        work = asyncio.ensure_future(asyncio.to_thread(linker.link, text))
        work.add_done_callback(self._finished)
        mentions = await asyncio.shield(work)
        return result(mentions, min_confidence)

    def _finished(self, work: asyncio.Future[list[Mention]]) -> None:
        self._slots.release()
        if not work.cancelled():
            work.exception()  # retrieved: its caller may have gone
