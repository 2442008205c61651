"""The project's own Neo4j Community 5.26 LTS, run from Maven Central jars without Docker.

The jars come from kg/local/runtime.py; the server is started as `java -cp <jars>/*
CommunityEntryPoint`. Running means a live process and a Bolt port that answers
(kg/local/process.py), not only a pid file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

from graph.driver import DatabaseUnavailable, wait_until_ready
from graph.settings import (
    LocalServerSettings,
    local_connection,
)
from kg.local import process, writer
from kg.local.conf import neo4j_conf
from kg.local.paths import Paths as Paths  # read as server.Paths by the other commands
from kg.local.runtime import ServerError as ServerError  # raised from here too; cli catches it
from kg.local.runtime import jar_dir, require_java

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"


READ_ONLY = "read-only"
WRITABLE = "writable"


def recorded_read_only(settings: LocalServerSettings) -> bool:
    """True when the server was last started in newsroom (read-only) mode."""
    mode_file = Paths(settings.home).mode_file
    return mode_file.exists() and mode_file.read_text().strip() == READ_ONLY


def mode_name(read_only: bool) -> str:
    return "newsroom (read-only)" if read_only else "writable"


class StateUnknown(ServerError):
    """The pid file or /proc could not be read: whether the server lives is unknown."""


def _pid(paths: Paths) -> int | None:
    """The pid of our running server: alive, not a zombie, started with this home.

    A pid file whose process has gone (killed, crashed, or a pid reused since) is removed.
    StateUnknown when the pid file or /proc cannot be read (out of descriptors): then
    nothing is removed, and nobody may conclude the server died.
    """
    try:
        pid = int(paths.pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    except OSError as error:
        raise StateUnknown(f"cannot read {paths.pid_file}: {error}") from error
    try:
        living = process.alive(pid, marker=f"--home-dir={paths.home}")
    except process.Unknown as error:
        raise StateUnknown(str(error)) from error
    if living:
        return pid
    paths.pid_file.unlink(missing_ok=True)
    return None


def bolt_answers(settings: LocalServerSettings, timeout: float = 1.0) -> bool:
    return process.bolt_answers(settings.host, settings.bolt_port, timeout)


def bolt_probe(settings: LocalServerSettings, timeout: float = 1.0) -> bool:
    """bolt_answers, raising process.Unknown when this process could not even try."""
    return process.bolt_probe(settings.host, settings.bolt_port, timeout)


def server_pid(settings: LocalServerSettings) -> int | None:
    """The live server's pid (a stale pid file is removed), whether or not Bolt answers."""
    return _pid(Paths(settings.home))


def run_admin(
    settings: LocalServerSettings, *args: str, java_options: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """`neo4j-admin` (the AdminTool in the server's jars) with this server's home and config,
    so it reads and writes where the server does."""
    paths = Paths(settings.home)
    env = {**os.environ, "NEO4J_HOME": str(paths.home), "NEO4J_CONF": str(paths.conf_dir)}
    cmd = [require_java(), *java_options, "-cp", f"{jar_dir(settings)}/*", ADMIN_TOOL, *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)


def _set_initial_password(settings: LocalServerSettings, paths: Paths, password: str) -> None:
    if (paths.home / "data" / "dbms" / "auth.ini").exists():
        return
    done = run_admin(settings, "dbms", "set-initial-password", password)
    if done.returncode != 0:
        raise ServerError(f"Could not set the initial password: {done.stderr.strip()[-300:]}")


def start(settings: LocalServerSettings, read_only: bool | None = None) -> Paths:
    """Start the server in the background and wait until Bolt answers.

    `read_only=None` keeps the recorded mode (writable on a first start). Community cannot
    switch a database's access at run time, so a running server in the other mode is
    restarted.
    """
    paths = Paths(settings.home)
    java = require_java()
    current = recorded_read_only(settings)
    dead = writer.stale(paths.writer_file)
    if read_only is None and dead is not None and dead.restore_read_only:
        print(
            f"A writer ({dead.purpose}, pid {dead.pid}) ended without making Neo4j read-only "
            "again; starting it read-only.",
            flush=True,
        )
        read_only = True
    wanted = current if read_only is None else read_only
    pid = _answering_pid(settings, paths)
    if pid is not None:
        if wanted == current:
            print(f"Neo4j is already running (pid {pid}), {mode_name(current)}.")
            if wanted:
                writer.clear_stale(paths.writer_file)
            return paths
        print(
            f"Neo4j is running {mode_name(current)}; restarting it {mode_name(wanted)} ...",
            flush=True,
        )
        stop(settings)
    jars = jar_dir(settings)
    for folder in (paths.conf_dir, paths.logs, paths.pid_file.parent, paths.home / "data"):
        folder.mkdir(parents=True, exist_ok=True)
    (paths.conf_dir / "neo4j.conf").write_text(neo4j_conf(settings, paths, wanted))
    paths.mode_file.write_text((READ_ONLY if wanted else WRITABLE) + "\n")
    connect = connection(settings)
    _set_initial_password(settings, paths, connect.secret)
    cmd = [
        java,
        f"-Xms{settings.heap}",
        f"-Xmx{settings.heap}",
        "-XX:+UseG1GC",
        "-Dfile.encoding=UTF-8",
        "-cp",
        f"{jars}/*",
        ENTRY_POINT,
        f"--home-dir={paths.home}",
        f"--config-dir={paths.conf_dir}",
    ]
    with paths.console_log.open("ab") as log:
        child = subprocess.Popen(
            cmd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    process.adopt(child)
    paths.pid_file.write_text(str(child.pid))
    paths.stopped_file.unlink(missing_ok=True)
    try:
        wait_until_ready(connect, settings.start_timeout, alive=lambda: child.poll() is None)
    except DatabaseUnavailable as error:
        if child.poll() is not None:
            raise ServerError(f"Neo4j exited during start-up; see {paths.console_log}") from error
        raise ServerError(
            f"Neo4j did not answer on {settings.bolt_uri} within {settings.start_timeout:.0f}s; "
            f"see {paths.console_log} and {paths.logs / 'neo4j.log'}"
        ) from error
    if wanted:
        writer.clear_stale(paths.writer_file)  # what a dead writer left to do is done
    return paths


def _answering_pid(settings: LocalServerSettings, paths: Paths) -> int | None:
    """The live server's pid once its Bolt port answers; None if no server is alive.

    A silent port may be a server starting (another `kg neo4j start`): it gets the start
    timeout to answer. One that stays silent is hung, and not ours to kill here.
    """
    deadline = time.monotonic() + settings.start_timeout
    pid = _pid(paths)
    if pid is not None and not bolt_answers(settings):
        print(f"Neo4j (pid {pid}) is alive but Bolt is not answering yet; waiting ...", flush=True)
    while pid is not None and not bolt_answers(settings):
        if time.monotonic() > deadline:
            raise ServerError(
                f"Neo4j (pid {pid}) is alive but Bolt port {settings.bolt_port} did not answer "
                f"within {settings.start_timeout:.0f}s; see {paths.logs / 'neo4j.log'}. "
                "`kg neo4j stop` ends it."
            )
        time.sleep(0.5)
        pid = _pid(paths)
    return pid


# How to reach this local server; defined beside the settings so the gateway needs no server.
connection = local_connection


def stop(settings: LocalServerSettings, timeout: float = 60.0) -> bool:
    """Stop the server; True if one was running."""
    paths = Paths(settings.home)
    if paths.pid_file.parent.exists():
        paths.stopped_file.write_text("")  # on purpose: a supervisor must not restart it
    pid = _pid(paths)
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    if not process.wait_gone(pid, timeout):
        os.kill(pid, signal.SIGKILL)
        process.wait_gone(pid, 10)
    paths.pid_file.unlink(missing_ok=True)
    return True


STOPPED = "stopped"


def status(settings: LocalServerSettings) -> str:
    """Says "running (…)" only when the process is alive and Bolt answers; else what is wrong."""
    paths = Paths(settings.home)
    had = paths.pid_file.read_text().strip() if paths.pid_file.exists() else ""
    pid = _pid(paths)
    answers = bolt_answers(settings)
    if pid is None:
        if answers:
            return f"{STOPPED}, but something else answers Bolt on port {settings.bolt_port}"
        if had:
            return f"{STOPPED} (pid {had} had died; its stale pid file was removed)"
        return STOPPED
    if not answers:
        return (
            f"process alive (pid {pid}) but Bolt port {settings.bolt_port} not answering: "
            "starting, or hung (`kg neo4j logs`)"
        )
    return (
        f"running (pid {pid}, bolt {settings.bolt_uri}, browser {settings.http_url}/browser/), "
        f"{mode_name(recorded_read_only(settings))}"
    )


def is_running(settings: LocalServerSettings) -> bool:
    """Our server's process is alive and its Bolt port answers."""
    return _pid(Paths(settings.home)) is not None and bolt_answers(settings)


def log_tail(settings: LocalServerSettings, lines: int = 50) -> str:
    paths = Paths(settings.home)
    chunks = []
    for log in (paths.console_log, paths.logs / "neo4j.log"):
        if log.exists():
            tail = log.read_text(errors="replace").splitlines()[-lines:]
            chunks.append(f"==> {log} <==\n" + "\n".join(tail))
    return "\n\n".join(chunks) or f"No logs yet under {paths.logs}."
