"""What the local server runs on: a Java 17+ runtime, and the Neo4j jars Maven fetches once.

`pom.xml` in kg/local/maven/ names the artifacts; Maven copies them into a cache outside the
repository, keyed by the pom's content.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import time
from collections import deque
from pathlib import Path

from graph.settings import LocalServerSettings

POM = Path(__file__).with_name("maven") / "pom.xml"
MIN_JAVA = 17
PROGRESS_EVERY = 5.0  # seconds between Maven progress lines


class ServerError(RuntimeError):
    """A problem with the local server, worded for the person at the terminal."""


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
    cmd = [mvn, "-B", "-Dstyle.color=never", "-f", str(POM), "dependency:copy-dependencies"]
    cmd += [f"-DoutputDirectory={partial}", "-DincludeScope=runtime"]
    returncode, tail = _maven(cmd)
    if returncode != 0:
        raise ServerError("Maven could not fetch the Neo4j jars:\n  " + "\n  ".join(tail))
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    (target / ".complete").touch()
    return target


def _maven(cmd: list[str]) -> tuple[int, list[str]]:
    """Run Maven, saying every few seconds how many files it has downloaded (no silent
    minutes); its exit code and last lines."""
    tail: deque[str] = deque(maxlen=5)
    downloaded, said = 0, time.monotonic()
    with subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace"
    ) as maven:
        assert maven.stdout is not None
        for line in maven.stdout:
            tail.append(line.rstrip())
            downloaded += "Downloaded from" in line
            if time.monotonic() - said >= PROGRESS_EVERY:
                print(f"  ... {downloaded} files downloaded", flush=True)
                said = time.monotonic()
    print(f"  {downloaded} files downloaded.", flush=True)
    return maven.returncode, [line for line in tail if line]
