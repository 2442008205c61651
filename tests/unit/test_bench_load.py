"""Every benchmark figure carries the load average before and after, and a busy start is marked."""

from __future__ import annotations

import pytest

from bench import load as bench_load


def test_a_figure_says_its_load_and_marks_a_busy_start(monkeypatch: pytest.MonkeyPatch) -> None:
    readings = iter([0.5, 1.25])
    monkeypatch.setattr(bench_load, "now", lambda: next(readings))
    with bench_load.measured() as quiet:
        assert quiet.after is None
    assert str(quiet) == "load 0.50 -> 1.25" and not quiet.busy
    busy = bench_load.Load(bench_load.CORES + 0.5, 1.0)
    assert busy.busy and "BUSY" in str(busy)
    assert busy.as_dict() == {"before": bench_load.CORES + 0.5, "after": 1.0, "busy": True}
