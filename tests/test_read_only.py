"""No path leaves the newsroom database writable: an invalid or
hostile `kg ingest` restarts nothing, a refused `kg bulk load`, an empty FtM import and the
removal of an unknown import restart nothing, and a writer killed with SIGKILL leaves a
lock from which `kg run`'s supervisor, or the next command, restores read-only. Each test
uses this module's own server, loaded and then started read-only."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver
from neo4j.exceptions import Neo4jError

from graph.driver import make_driver
from graph.settings import LocalServerSettings
from ingest.bounds import MAX_DEPTH
from ingest.load import fingerprint
from ingest.pipeline import run_ingest
from kg.bulk import bulk_load
from kg.errors import CliError
from kg.local import server, writer
from kg.local.supervise import Supervisor
from tests.helpers import REPO, dataset, start_throwaway
from tests.test_bulk import DATA as BULK_DATA
from tests.test_bulk import write_bulk

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServerSettings]:
    if os.environ.get("NEO4J_URI"):
        pytest.skip("restarts the project's own server; not with an external NEO4J_URI")
    root = tmp_path_factory.mktemp("read-only")
    settings = start_throwaway(root, read_only=False)
    try:
        run_ingest(server.connection(settings), dataset(root))
        server.start(settings, read_only=True)
        yield settings
    finally:
        server.stop(settings)


@pytest.fixture()
def newsroom(local: LocalServerSettings) -> LocalServerSettings:
    """The module's server, running read-only (as a test may have left it otherwise)."""
    server.start(local, read_only=True)
    assert server.is_running(local) and server.recorded_read_only(local)
    return local


def env(local: LocalServerSettings) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    return {
        **kept,
        "KG_STATE_DIR": str(local.state_dir),
        "KG_BOLT_PORT": str(local.bolt_port),
        "KG_HTTP_PORT": str(local.http_port),
        "KG_START_TIMEOUT": "180",
        "KG_PROGRESS": "off",
    }


def kg(local: LocalServerSettings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args],
        capture_output=True, text=True, env=env(local), cwd=REPO, timeout=600, check=False,
    )  # fmt: skip


def driver_of(local: LocalServerSettings) -> Driver:
    return make_driver(server.connection(local))


def assert_read_only(local: LocalServerSettings) -> None:
    assert server.recorded_read_only(local) and server.is_running(local)
    with driver_of(local) as driver, pytest.raises(Neo4jError):
        driver.execute_query("CREATE (:Probe)")
    assert not server.Paths(local.home).writer_file.exists()


def test_invalid_and_hostile_ingests_restart_nothing(
    newsroom: LocalServerSettings, tmp_path: Path
) -> None:
    """Validation comes first: each invalid dataset cost two restarts, and 50,000 nested
    `[` restarted Neo4j writable and then crashed (exit 139)."""
    pid = server.server_pid(newsroom)
    broken = kg(newsroom, "ingest", "--data", str(dataset(tmp_path / "a", "syntax.yaml")))
    assert broken.returncode == 1 and "nothing was written" in broken.stderr
    deep = dataset(tmp_path / "b")
    (deep / "deep.yaml").write_text("entities: " + "[" * 50_000 + "\n")
    hostile = kg(newsroom, "ingest", "--data", str(deep))
    assert hostile.returncode == 1, (hostile.returncode, hostile.stderr[-300:])
    assert f"deep.yaml:1: is refused: nested deeper than {MAX_DEPTH} levels" in hostile.stderr
    for done in (broken, hostile):
        assert "Restarting" not in done.stdout, done.stdout
    assert server.server_pid(newsroom) == pid
    assert_read_only(newsroom)


def test_a_refused_bulk_load_leaves_the_server_as_it_was(
    newsroom: LocalServerSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It used to restart Neo4j writable, refuse the full database, and stay writable."""
    for name, value in env(newsroom).items():
        monkeypatch.setenv(name, value)
    for name in ("NEO4J_URI", "NEO4J_PASSWORD", "NEO4J_USER", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    pid = server.server_pid(newsroom)
    with pytest.raises(CliError, match="already holds data"):
        bulk_load(write_bulk(BULK_DATA, tmp_path / "bulk"))
    assert server.server_pid(newsroom) == pid
    assert_read_only(newsroom)


def test_an_empty_import_and_an_unknown_removal_restart_nothing(
    newsroom: LocalServerSettings, tmp_path: Path
) -> None:
    pid = server.server_pid(newsroom)
    empty = tmp_path / "empty.ftm.json"
    empty.write_text("\n")
    done = kg(newsroom, "import-ftm", str(empty))
    assert done.returncode == 0 and "nothing to import (it holds no entities)" in done.stdout
    unknown = kg(newsroom, "import-ftm", "--remove", "nosuchimport")
    assert unknown.returncode == 2
    assert "no FtM import named 'nosuchimport'" in unknown.stderr
    for run in (done, unknown):
        assert "Restarting" not in run.stdout, run.stdout
    assert server.server_pid(newsroom) == pid
    assert_read_only(newsroom)


def big_ftm(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            props = {"name": [f"Killed Importer {i}"]}
            out.write(json.dumps({"id": f"kill-{i}", "schema": "Person", "properties": props}))
            out.write("\n")
    return path


def writing(local: LocalServerSettings) -> bool:
    """The import has made the server writable and committed its first writes."""
    if server.recorded_read_only(local) or not server.is_running(local):
        return False
    with driver_of(local) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (m:FtmImport {id: 'kill'}) RETURN m.status AS status"
        )
    return bool(records) and records[0]["status"] == "writing"


def test_a_sigkilled_writer_is_made_read_only_again(
    newsroom: LocalServerSettings, tmp_path: Path
) -> None:
    with driver_of(newsroom) as driver:
        before = fingerprint(driver, "neo4j")
    lock = server.Paths(newsroom.home).writer_file
    path = big_ftm(tmp_path / "kill.ftm.json", 30_000)
    log = tmp_path / "import.log"
    with log.open("w") as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "import-ftm", str(path)],
            stdout=out, stderr=subprocess.STDOUT, env=env(newsroom), cwd=REPO,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 600
        while not writing(newsroom):
            assert child.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
    left = writer.read(lock)
    assert left is not None and left.pid == child.pid and left.restore_read_only
    assert not server.recorded_read_only(newsroom)  # once left writable here

    # kg run's supervisor restores read-only on its next look
    said: list[str] = []
    watch = Supervisor(newsroom, read_only=True, on_give_up=said.append, report=said.append)
    watch.check()
    assert any(f"pid {child.pid}) ended without making Neo4j read-only" in s for s in said), said
    assert watch.restarts == [] and not watch.gave_up
    assert_read_only(newsroom)

    # The next command does too: a writer that took the lock and was killed
    server.start(newsroom, read_only=False)
    script = (
        "import os, pathlib, signal; from kg.local import writer; "
        f"writer.acquire(pathlib.Path({str(lock)!r}), True, 'a test writer'); "
        "os.kill(os.getpid(), signal.SIGKILL)"
    )
    died = subprocess.run([sys.executable, "-c", script], cwd=REPO, check=False, timeout=60)
    assert died.returncode == -signal.SIGKILL and writer.stale(lock) is not None
    started = kg(newsroom, "neo4j", "start")
    assert started.returncode == 0, started.stderr
    assert "ended without making Neo4j read-only again" in started.stdout
    assert_read_only(newsroom)

    # The half-written import is removed, and the server is read-only after
    removed = kg(newsroom, "import-ftm", "--remove", "kill")
    assert removed.returncode == 0, removed.stderr
    assert_read_only(newsroom)
    with driver_of(newsroom) as driver:
        assert fingerprint(driver, "neo4j") == before
