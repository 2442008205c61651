"""The project's own Neo4j Community 5.26 LTS, run from Maven Central jars without Docker.

`pom.xml` beside this file names the artifacts; Maven copies them once into a cache outside
the repository, and the server is started as `java -cp <jars>/* CommunityEntryPoint`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from graph.driver import DatabaseUnavailable, wait_until_ready
from graph.neo4j_conf import neo4j_conf
from graph.settings import LocalServerSettings, Neo4jSettings, read_or_create_password

POM = Path(__file__).with_name("server") / "pom.xml"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
MIN_JAVA = 17


class ServerError(RuntimeError):
    """A problem with the local server, worded for the person at the terminal."""


@dataclass(frozen=True)
class Paths:
    home: Path

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def console_log(self) -> Path:
        return self.logs / "console.log"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def mode_file(self) -> Path:
        """The mode of the last start ("read-only" or "writable"); a plain start keeps it."""
        return self.home / "mode"


READ_ONLY = "read-only"
WRITABLE = "writable"


def recorded_read_only(settings: LocalServerSettings) -> bool:
    """True when the server was last started in newsroom (read-only) mode."""
    mode_file = Paths(settings.home).mode_file
    return mode_file.exists() and mode_file.read_text().strip() == READ_ONLY


def mode_name(read_only: bool) -> str:
    return "newsroom (read-only)" if read_only else "writable"


def require_java() -> str:
    java = shutil.which("java")
    hint = (
        "Install a Java 17+ runtime (Debian/Ubuntu: `apt-get install openjdk-17-jre-headless`), "
        "or set NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD to use an existing Neo4j "
        "(Docker: `docker compose up neo4j`, Aura or a cluster)."
    )
    if java is None:
        raise ServerError(f"Java was not found on PATH. Neo4j 5.26 needs Java {MIN_JAVA}+. {hint}")
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False).stderr
    match = re.search(r'version "(\d+)', out)
    if not match or int(match.group(1)) < MIN_JAVA:
        raise ServerError(f"{java} is not Java {MIN_JAVA}+ ({out.strip()[:80]!r}). {hint}")
    return java


def jar_dir(settings: LocalServerSettings) -> Path:
    """The cached jars for this exact pom.xml, downloaded by Maven on first use."""
    # Comments don't change what Maven resolves, so they don't invalidate the cache.
    pom = re.sub(r"<!--.*?-->", "", POM.read_text(encoding="utf-8"), flags=re.S)
    digest = hashlib.sha256(pom.encode()).hexdigest()[:12]
    target = settings.jar_cache / f"neo4j-jars-{digest}"
    if (target / ".complete").exists():
        return target
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServerError(
            "Maven (mvn) was not found on PATH; it fetches the Neo4j jars once. "
            "Install it (Debian/Ubuntu: `apt-get install maven`), or set NEO4J_URI and "
            "friends to use an existing Neo4j."
        )
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    print(f"Fetching Neo4j jars with Maven into {target} (once) ...", flush=True)
    cmd = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(POM),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={partial}",
        "-DincludeScope=runtime",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
        raise ServerError("Maven could not fetch the Neo4j jars:\n  " + "\n  ".join(tail))
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    (target / ".complete").touch()
    return target


def _pid(paths: Paths) -> int | None:
    try:
        pid = int(paths.pid_file.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def _set_initial_password(java: str, jars: Path, paths: Paths, password: str) -> None:
    if (paths.home / "data" / "dbms" / "auth.ini").exists():
        return
    env = {**os.environ, "NEO4J_HOME": str(paths.home), "NEO4J_CONF": str(paths.conf_dir)}
    cmd = [java, "-cp", f"{jars}/*", ADMIN_TOOL, "dbms", "set-initial-password", password]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
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
    wanted = current if read_only is None else read_only
    if _pid(paths) is not None:
        if wanted == current:
            print(f"Neo4j is already running (pid {_pid(paths)}), {mode_name(current)}.")
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
    _set_initial_password(java, jars, paths, connect.secret)
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
        process = subprocess.Popen(
            cmd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    paths.pid_file.write_text(str(process.pid))
    try:
        wait_until_ready(connect, settings.start_timeout, alive=lambda: process.poll() is None)
    except DatabaseUnavailable as error:
        if process.poll() is not None:
            raise ServerError(f"Neo4j exited during start-up; see {paths.console_log}") from error
        raise ServerError(
            f"Neo4j did not answer on {settings.bolt_uri} within {settings.start_timeout:.0f}s; "
            f"see {paths.console_log} and {paths.logs / 'neo4j.log'}"
        ) from error
    return paths


def connection(settings: LocalServerSettings) -> Neo4jSettings:
    """How to reach this local server with its stored (or NEO4J_PASSWORD) password."""
    password = os.environ.get("NEO4J_PASSWORD") or read_or_create_password(settings.password_file)
    return Neo4jSettings(uri=settings.bolt_uri, password=password)


def stop(settings: LocalServerSettings, timeout: float = 60.0) -> bool:
    """Stop the server; True if one was running."""
    paths = Paths(settings.home)
    pid = _pid(paths)
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _pid(paths) is not None:
        time.sleep(0.2)
        _reap(pid)
    if _pid(paths) is not None:
        os.kill(pid, signal.SIGKILL)
    paths.pid_file.unlink(missing_ok=True)
    return True


def _reap(pid: int) -> None:
    """Collect our own child's exit status so the pid stops looking alive."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def status(settings: LocalServerSettings) -> str:
    pid = _pid(Paths(settings.home))
    if pid is None:
        return "stopped"
    return (
        f"running (pid {pid}, bolt {settings.bolt_uri}, browser {settings.http_url}/browser/), "
        f"{mode_name(recorded_read_only(settings))}"
    )


def is_running(settings: LocalServerSettings) -> bool:
    return _pid(Paths(settings.home)) is not None


def log_tail(settings: LocalServerSettings, lines: int = 50) -> str:
    paths = Paths(settings.home)
    chunks = []
    for log in (paths.console_log, paths.logs / "neo4j.log"):
        if log.exists():
            tail = log.read_text(errors="replace").splitlines()[-lines:]
            chunks.append(f"==> {log} <==\n" + "\n".join(tail))
    return "\n\n".join(chunks) or f"No logs yet under {paths.logs}."
