"""The load average with every figure: read before and after each measurement, and a figure
taken on a busy machine marked as such.

Busy: the one-minute load average before the measurement was above the number of cores, so
other work was already competing for every core when it began (the benchmark's own load is
counted only in the figure after).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

CORES = os.cpu_count() or 1


def now() -> float:
    """The one-minute load average."""
    return os.getloadavg()[0]


@dataclass
class Load:
    before: float
    after: float | None = None

    @property
    def busy(self) -> bool:
        return self.before > CORES

    def __str__(self) -> str:
        after = f"{self.after:.2f}" if self.after is not None else "?"
        mark = f"; BUSY (over {CORES} cores before it began)" if self.busy else ""
        return f"load {self.before:.2f} -> {after}{mark}"

    def as_dict(self) -> dict[str, float | bool | None]:
        return {"before": self.before, "after": self.after, "busy": self.busy}


@contextmanager
def measured() -> Iterator[Load]:
    """`with measured() as load:` ... the load average before, and after when the block ends."""
    load = Load(now())
    try:
        yield load
    finally:
        load.after = now()
