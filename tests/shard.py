"""`pytest -p tests.shard --shard I/N`: only every N-th selected test, from the I-th (0-based).

`make check` runs the quick tests as two such shards side by side, one per core (pytest-xdist
is not among the dependencies). Tests are dealt out one by one after the marker selection,
so the slow ones of a module land in both shards.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--shard", default=None, metavar="I/N", help="run every N-th test from I")


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    spec = config.getoption("shard")
    if not spec:
        return
    index, count = (int(part) for part in spec.split("/"))
    if not 0 <= index < count:
        raise pytest.UsageError(f"--shard {spec}: I must be at least 0 and below N")
    kept = [item for number, item in enumerate(items) if number % count == index]
    dropped = [item for number, item in enumerate(items) if number % count != index]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = kept
