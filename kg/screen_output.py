"""What `kg screen` writes: the list's columns with one line per candidate, the progress
on stderr while it runs, and the summary at the end."""

from __future__ import annotations

import csv
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kg.screen_input import Layout, Row

if TYPE_CHECKING:
    from api.schemas.match import HeldStatus, QueryMatches

COLUMNS = (
    "match_rank", "match_status", "score", "entity_id", "entity_name", "statuses_as_of",
    "designations", "sources", "publishers", "link",
)  # fmt: skip
# A row's status is its best candidate's (its first line's), or that it had none.
ROW_STATUSES = ("match", "ambiguous", "candidate", "no match", "no name")
SAID = {"candidate": "candidate only"}  # in the summary: the rows where none is better
PROGRESS_EVERY = 1.0  # seconds between progress reports; none for a shorter run


def held_text(held: Iterable[HeldStatus]) -> str:
    """`in_exile; imprisoned (per <party>)`: each status once (several sources often state
    it), whose claim it is when a source only reports it, and `not certain` when the day
    falls in the month or year its start or end is given as."""
    seen: dict[tuple[str, str], bool] = {}
    for status in held:
        key = (status.status, status.attributed_to.name if status.attributed_to else "")
        seen[key] = seen.get(key, False) or status.certain is not False
    out = []
    for (name, party), certain in seen.items():
        notes = ([] if certain else ["not certain"]) + ([f"per {party}"] if party else [])
        out.append(f"{name} ({', '.join(notes)})" if notes else name)
    return "; ".join(out)


def answer_lines(row: Row, answer: QueryMatches | None) -> list[list[str]]:
    """The output lines of one row: one per candidate, or one saying there is none."""
    blank = [""] * (len(COLUMNS) - 2)
    if not row.name:
        return [[*row.fields, "", "no name", *blank]]
    if answer is None or not answer.results:
        return [[*row.fields, "", "no match", *blank]]
    lines = []
    for rank, result in enumerate(answer.results, 1):
        status = "ambiguous" if result.ambiguous else "match" if result.match else "candidate"
        lines.append(
            [
                *row.fields,
                str(rank),
                status,
                f"{result.score:.2f}",
                result.entity_id,
                result.caption,
                held_text(result.statuses),
                held_text(result.designations),
                str(result.sources),
                str(result.publishers),
                result.links.entity,
            ]
        )
    return lines


class Writer:
    """The answer goes to a temporary file beside OUT, put in its place only once complete:
    a run that fails leaves no half-written list that looks finished."""

    def __init__(self, out: Path, layout: Layout, header: list[str]) -> None:
        handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
        self.temp, self.out = Path(name), out
        self.lines = 0
        self.tally: Counter[str] = Counter()
        # A BOM and the delimiter as the list had them: Excel reads back what it wrote.
        encoding = "utf-8-sig" if layout.bom else "utf-8"
        self.file = os.fdopen(handle, "w", encoding=encoding, newline="")
        if layout.sep_line:
            self.file.write(f"sep={layout.delimiter}\r\n")
        self.csv = csv.writer(self.file, delimiter=layout.delimiter)
        self.csv.writerow([*header, *COLUMNS])

    def row(self, row: Row, answer: QueryMatches | None) -> None:
        lines = answer_lines(row, answer)
        self.csv.writerows(lines)
        self.lines += len(lines)
        self.tally[lines[0][len(row.fields) + 1]] += 1

    def finish(self) -> None:
        self.file.close()
        os.replace(self.temp, self.out)

    def discard(self) -> None:
        self.file.close()
        self.temp.unlink(missing_ok=True)


class Ticker:
    """Rows done of the total and the rate on stderr, about every second; nothing for a run
    shorter than that. In place on a terminal, plain lines in a log; KG_PROGRESS=off."""

    def __init__(self, total: int, out: TextIO | None = None) -> None:
        from ingest.progress import mode

        self.out = out or sys.stderr
        self.total, self.done, self.shown = total, 0, -1
        self.started = self.last = time.monotonic()
        self.mode = mode(self.out)

    def advance(self, rows: int) -> None:
        self.done += rows
        now = time.monotonic()
        if self.mode != "off" and now - self.last >= PROGRESS_EVERY:
            self.last = now
            self._show(now)

    def _show(self, now: float) -> None:
        from ingest.progress import rate_text

        elapsed = now - self.started
        text = f"screening: {self.done:,}/{self.total:,} rows, "
        text += rate_text(self.done, elapsed, "rows")
        if self.done and self.done < self.total:
            text += f", about {elapsed / self.done * (self.total - self.done):,.0f} s left"
        text += f" ({elapsed:,.1f} s)"
        if self.mode == "bar":  # one line, redrawn in place
            print(f"\r{text}".ljust(79), end="", file=self.out, flush=True)
        else:
            print(text, file=self.out, flush=True)
        self.shown = self.done

    def close(self) -> None:
        """The final figures, if progress was shown at all; a terminal's line is ended."""
        if self.shown < 0:
            return
        if self.shown != self.done:
            self._show(time.monotonic())
        if self.mode == "bar":
            print(file=self.out, flush=True)


def summary(source: Path, writer: Writer, as_of: object, seconds: float) -> str:
    tally = writer.tally
    counts = ", ".join(f"{tally[status]:,} {SAID.get(status, status)}" for status in ROW_STATUSES)
    return (
        f"Screened {sum(tally.values()):,} rows of {source} as of {as_of} in {seconds:,.1f} s: "
        f"{counts} (each row by its best candidate).\n"
        f"Wrote {writer.out} ({writer.lines:,} lines and the header)."
    )
