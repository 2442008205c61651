"""`kg ingest` killed half-way through its write, with real processes: the graph is as
before or as after, never between. Each test starts (and kills) a throwaway server of its
own."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.driver import make_driver
from graph.schema import ID_PREFIX
from graph.settings import LocalServerSettings, Neo4jSettings
from ingest import load
from ingest.pipeline import run_ingest
from ingest.validate import DEFAULT_DATA_DIR
from kg.local import server
from tests.helpers import REPO, env_for

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


def copies(folder: Path, count: int) -> Path:
    """The curated dataset `count` times over, every id renamed per copy (a big, valid load)."""
    prefixes = "|".join([*ID_PREFIX.values(), "source"])
    ids = re.compile(rf"\b({prefixes}):([a-z0-9][a-z0-9-]*)")
    folder.mkdir(parents=True)
    for n in range(count):
        for path in sorted(DEFAULT_DATA_DIR.glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            renamed = ids.sub(rf"\1:\2-copy{n}", text) if n else text
            (folder / f"{path.stem}-copy{n}.yaml").write_text(renamed, encoding="utf-8")
    return folder


def kg_ingest(settings: Neo4jSettings, data: Path) -> list[str]:
    return [sys.executable, "-m", "kg.cli", "ingest", "--data", str(data)]


def ingest_env(settings: Neo4jSettings, atomic: bool) -> dict[str, str]:
    """Progress as a plain line per batch of 100 rows; `atomic`: the whole change in one
    transaction (the default for a change this size), else committed batches."""
    return {
        **env_for(settings),
        "KG_PROGRESS": "plain",
        "KG_PROGRESS_EVERY": "0",
        "KG_INGEST_BATCH_ROWS": "100",
        "KG_INGEST_ATOMIC_ROWS": "20000" if atomic else "0",
    }


def kill_mid_write(
    settings: Neo4jSettings, data: Path, atomic: bool, within: float = 300
) -> tuple[int, int]:
    """Run the real `kg ingest` with a terminal for its stderr, and SIGKILL it at the first
    progress line short of the total."""
    parent, child = pty.openpty()
    run = subprocess.Popen(
        kg_ingest(settings, data),
        env=ingest_env(settings, atomic),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=child,
    )
    os.close(child)
    seen = b""
    deadline = time.monotonic() + within
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([parent], [], [], 1.0)
            if not ready:
                assert run.poll() is None, f"kg ingest ended early: {seen[-500:]!r}"
                continue
            try:
                seen += os.read(parent, 4096)
            except OSError:  # the terminal closed: the ingest has ended
                break
            progress = [
                (int(done.replace(b",", b"")), int(total.replace(b",", b"")))
                for done, total in re.findall(rb"writing: ([\d,]+)/([\d,]+) rows", seen)
            ]
            if progress and 0 < progress[-1][0] < progress[-1][1]:
                run.send_signal(signal.SIGKILL)
                assert run.wait(30) == -signal.SIGKILL
                return progress[-1]
        raise AssertionError(f"no progress short of the total: {seen[-500:]!r}")
    finally:
        if run.poll() is None:
            run.kill()
            run.wait(30)
        os.close(parent)


def fingerprint(settings: Neo4jSettings) -> str:
    with make_driver(settings) as driver:
        return load.fingerprint(driver, settings.database)


@pytest.mark.parametrize("atomic", [True, False], ids=["one-transaction", "batched"])
def test_ingest_killed_mid_write(
    own_server: LocalServerSettings, tmp_path: Path, atomic: bool
) -> None:
    """SIGKILL of a real `kg ingest` half-way. One transaction: readers keep the previous
    graph. Committed batches (a change above KG_INGEST_ATOMIC_ROWS): the graph is part-way,
    and a re-run writes only what is missing and reaches the graph of a clean load."""
    settings = server.connection(own_server)
    run_ingest(settings)  # the curated dataset, as a newsroom would have it
    before = fingerprint(settings)
    big = copies(tmp_path / "big", 3)

    done, total = kill_mid_write(settings, big, atomic)
    assert 0 < done < total
    if atomic:
        assert fingerprint(settings) == before  # the one transaction never committed
    else:
        assert fingerprint(settings) != before  # committed batches are in the graph

    rerun = subprocess.run(
        kg_ingest(settings, big),
        env=ingest_env(settings, atomic),
        cwd=REPO,
        capture_output=True,
        timeout=600,
    )
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    resumed = b"The previous ingest did not finish" in rerun.stdout
    assert resumed == (not atomic)
    written = re.search(rb"(\d+) rows written", rerun.stdout)
    assert written is not None
    # the re-run of a killed batched ingest skips what the killed run committed
    assert (int(written.group(1)) < total) == (not atomic)
    after_rerun = fingerprint(settings)
    assert after_rerun != before

    with make_driver(settings) as driver, driver.session(database=settings.database) as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()
    assert fingerprint(settings) != after_rerun
    run_ingest(settings, big)  # a clean load of the same files
    assert fingerprint(settings) == after_rerun
    shutil.rmtree(big)
