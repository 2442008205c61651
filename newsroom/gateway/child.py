"""The gateway as `kg run` runs it: `kg gateway` in a child process of its own, watched.

In its own process, whatever the gateway's clients hold (descriptors, memory, the event
loop) is not the API's. A watcher thread restarts it if it dies (a bounded number of times
within a window, as the Neo4j supervisor does) and `stop()` ends it; the child also ends
when its parent dies (Linux: PR_SET_PDEATHSIG), so no orphan keeps the port.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Self

from graph.settings import LocalServerSettings, Neo4jSettings
from newsroom.gateway.upstream import GatewayError

READY_TIMEOUT = 30.0
STOP_TIMEOUT = 5.0
PR_SET_PDEATHSIG = 1


def to_stderr(message: str) -> None:
    print(f"kg run: {message}", file=sys.stderr, flush=True)


def child_environment(local: LocalServerSettings, upstream: Neo4jSettings | None) -> dict[str, str]:
    """This process's environment, with the settings given as objects spelled out."""
    env = dict(os.environ)
    env |= {
        "KG_STATE_DIR": str(local.state_dir),
        "KG_HOST": local.host,
        "KG_BOLT_PORT": str(local.bolt_port),
        "KG_HTTP_PORT": str(local.http_port),
        "KG_GATEWAY_PORT": str(local.gateway_port),
        "KG_NEWSROOM_USER": local.newsroom_user,
    }
    if local.newsroom_password is not None:
        env["KG_NEWSROOM_PASSWORD"] = local.newsroom_password.get_secret_value()
    if upstream is not None:
        env |= {"NEO4J_URI": upstream.uri, "NEO4J_USER": upstream.user}
        env |= {"NEO4J_PASSWORD": upstream.secret, "NEO4J_DATABASE": upstream.database}
    return env


class GatewayProcess:
    def __init__(
        self,
        local: LocalServerSettings,
        upstream: Neo4jSettings | None = None,
        *,
        open_files: int | None = None,
        output: Path | None = None,
        env: dict[str, str] | None = None,
        report: Callable[[str], None] = to_stderr,
        max_restarts: int = 3,
        window: float = 600.0,
    ) -> None:
        self.host, self.port = local.host, local.gateway_port
        self.env = child_environment(local, upstream) | (env or {})
        self.open_files, self.output, self.report = open_files, output, report
        self.max_restarts, self.window = max_restarts, window
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts: list[float] = []
        self._halt = threading.Event()
        self._watch = threading.Thread(target=self._watching, name="gateway-watch", daemon=True)
        self._log: IO[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"bolt://{self.host}:{self.port}"

    @property
    def pid(self) -> int | None:
        return None if self.process is None else self.process.pid

    def _limits(self) -> None:  # runs in the child, between fork and exec
        if self.open_files is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (self.open_files, self.open_files))
        if sys.platform.startswith("linux"):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)

    def _spawn(self) -> None:
        command = [sys.executable, "-m", "kg.cli", "gateway"]
        command += ["--host", self.host, "--port", str(self.port)]
        if self.output is not None and self._log is None:
            self._log = self.output.open("ab")
        self.process = subprocess.Popen(
            command,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT if self._log else None,
            preexec_fn=self._limits,  # only setrlimit and prctl: safe between fork and exec
            start_new_session=True,  # Ctrl-C reaches `kg run`, which stops the gateway itself
        )
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                raise GatewayError(f"the newsroom gateway exited with status {code} at start")
            try:
                with socket.create_connection((self.host, self.port), timeout=1.0):
                    return
            except OSError:
                time.sleep(0.1)
        self._terminate()
        raise GatewayError(f"the newsroom gateway did not listen on {self.uri} in time")

    def start(self) -> Self:
        self._spawn()
        self._watch.start()
        return self

    def _watching(self) -> None:
        while not self._halt.wait(1.0):
            process = self.process
            if process is None or process.poll() is None:
                continue
            now = time.monotonic()
            self.restarts = [t for t in self.restarts if now - t < self.window]
            if len(self.restarts) >= self.max_restarts:
                self.report(
                    f"the newsroom gateway (pid {process.pid}) exited with status "
                    f"{process.returncode} again; not restarting it ({self.max_restarts} "
                    f"restarts within {self.window / 60:g} min). The API keeps running."
                )
                return
            self.restarts.append(now)
            self.report(
                f"the newsroom gateway (pid {process.pid}) exited with status "
                f"{process.returncode}; restarting it"
            )
            try:
                self._spawn()
            except GatewayError as error:
                self.report(str(error))

    def _terminate(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT)

    def stop(self) -> None:
        self._halt.set()
        if self._watch.is_alive():
            self._watch.join(STOP_TIMEOUT)
        self._terminate()
        if self._log is not None:
            self._log.close()
