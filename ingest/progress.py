"""Progress of long runs: a bar with rate and time left on a terminal, plain lines elsewhere.

    with progress("writing relationships", total=len(rows), unit="rows") as advance:
        for batch in batches:
            ...
            advance(len(batch))

On a terminal (stderr is a TTY) this draws a `rich` bar. Otherwise (CI, a log file, a pipe)
it prints one line every `PLAIN_EVERY` seconds and one at the end, so a log shows both that
the run is alive and how fast it went. `KG_PROGRESS=off` silences both; `plain` forces lines;
`KG_PROGRESS_EVERY` sets the seconds between plain lines.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

Advance = Callable[[int], None]
PLAIN_EVERY = 5.0


def mode(stream: TextIO | None = None) -> str:
    """'bar', 'plain' or 'off': KG_PROGRESS wins, else a bar only on a terminal."""
    chosen = os.environ.get("KG_PROGRESS", "").strip().lower()
    if chosen in {"off", "plain", "bar"}:
        return chosen
    stream = stream or sys.stderr
    return "bar" if stream.isatty() else "plain"


def plain_every() -> float:
    try:
        return max(0.0, float(os.environ.get("KG_PROGRESS_EVERY", PLAIN_EVERY)))
    except ValueError:
        return PLAIN_EVERY


def rate_text(done: int, seconds: float, unit: str) -> str:
    rate = done / seconds if seconds > 0 else 0.0
    return f"{rate:,.0f} {unit}/s"


@contextmanager
def progress(label: str, total: int | None, unit: str = "rows") -> Iterator[Advance]:
    """Yield `advance(n)`; report on stderr as `mode()` says."""
    chosen = mode()
    if chosen == "off":
        yield lambda _n: None
    elif chosen == "bar":
        with _bar(label, total, unit) as advance:
            yield advance
    else:
        with _plain(label, total, unit, sys.stderr) as advance:
            yield advance


@contextmanager
def _bar(label: str, total: int | None, unit: str) -> Iterator[Advance]:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    started = time.monotonic()
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task(label, total=total, rate="")
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            rate = rate_text(done, time.monotonic() - started, unit)
            bar.update(task, advance=n, rate=rate)

        yield advance


@contextmanager
def _plain(label: str, total: int | None, unit: str, out: TextIO) -> Iterator[Advance]:
    started = last = time.monotonic()
    every = plain_every()
    done = 0

    def line(now: float) -> str:
        elapsed = now - started
        of = f"/{total:,}" if total else ""
        text = f"{label}: {done:,}{of} {unit}, {rate_text(done, elapsed, unit)}"
        if total and done and done < total:
            left = elapsed / done * (total - done)
            text += f", about {left:,.0f} s left"
        return text + f" ({elapsed:,.1f} s)"

    def advance(n: int) -> None:
        nonlocal done, last
        done += n
        now = time.monotonic()
        if now - last >= every:
            last = now
            print(line(now), file=out, flush=True)

    yield advance
    now = time.monotonic()
    if last > started or now - started >= every:  # a short, quiet run stays quiet
        print(line(now), file=out, flush=True)
