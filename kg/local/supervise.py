"""Keep the local Neo4j up while `kg run` serves the API.

A background thread looks at the server every second or two: its process (alive, not a
zombie) and its Bolt port. When the server has died, or its port has stayed silent for the
start timeout, it says what happened and starts it again in the same mode, a bounded number
of times within a window; past that it gives up, says so, and calls `on_give_up` (the CLI
stops the API with a non-zero exit). The API needs no restart: its driver reconnects.
A server stopped on purpose (`kg neo4j stop`) is left down. When the pid file, /proc or a
socket cannot be read (no descriptor left), the state is unknown, never "dead": nothing is
restarted or removed. A server a writer is using is the writer's; one a writer left
writable when it died (kg/local/writer.py) is restarted read-only.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Self

from graph.driver import DatabaseUnavailable
from graph.settings import LocalServerSettings
from kg.local import process, server, writer

Report = Callable[[str], None]


def to_stderr(message: str) -> None:
    print(f"kg run: {message}", file=sys.stderr, flush=True)


class Supervisor(threading.Thread):
    def __init__(
        self,
        settings: LocalServerSettings,
        read_only: bool,
        on_give_up: Callable[[str], None],
        *,
        interval: float = 1.0,
        max_restarts: int = 3,
        window: float = 600.0,
        hang_after: float | None = None,
        report: Report = to_stderr,
    ) -> None:
        super().__init__(name="neo4j-supervisor", daemon=True)
        self.settings, self.read_only, self.on_give_up = settings, read_only, on_give_up
        self.interval, self.max_restarts, self.window = interval, max_restarts, window
        # A port silent this long on a live process is a hung server, not a slow start.
        self.hang_after = settings.start_timeout if hang_after is None else hang_after
        self.report = report
        self.restarts: list[float] = []  # when each restart began (monotonic)
        self.gave_up = False
        self._halt = threading.Event()
        try:
            self._pid = server.server_pid(settings)
        except server.StateUnknown:
            self._pid = None  # learnt on the first check that can read it
        self._silent_since: float | None = None
        self._left_down = False
        self._unknown = False  # reported once per spell

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop watching (a restart under way finishes on its own: the thread is a daemon)."""
        self._halt.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout)

    def run(self) -> None:
        while not self._halt.wait(self.interval) and not self.gave_up:
            try:
                self.check()
            except Exception as error:  # a surprise must not end the watch silently
                self.report(f"could not check on Neo4j: {type(error).__name__}: {error}")

    def check(self) -> None:
        """One look at the server; restarts it if it is gone or hung, never on a failed read."""
        try:
            self._check()
        except (server.StateUnknown, process.Unknown) as error:
            self._silent_since = None  # a silence not heard is not the server's
            if not self._unknown:
                self.report(f"cannot tell whether Neo4j is up ({error}); not touching it.")
            self._unknown = True
        else:
            if self._unknown:
                self.report("Neo4j can be checked again.")
            self._unknown = False

    def _writer(self) -> bool:
        """True while a writer holds the server; a dead one's work is undone first."""
        lock = server.Paths(self.settings.home).writer_file
        held = writer.read(lock)
        if held is None:
            return False
        if writer.holder_alive(held):
            self._silent_since = None
            return True
        if held.restore_read_only and not server.recorded_read_only(self.settings):
            self.report(
                f"a writer ({held.purpose}, pid {held.pid}) ended without making Neo4j "
                "read-only again; restarting it read-only ..."
            )
            server.start(self.settings, read_only=True)
            self._pid, self._silent_since = server.server_pid(self.settings), None
            self.report(f"Neo4j is read-only again (pid {self._pid}).")
        writer.clear_stale(lock)
        return False

    def _check(self) -> None:
        if self._writer():
            return
        pid = server.server_pid(self.settings)
        if pid is not None and pid != self._pid:
            if self._pid is not None:
                process.reap(self._pid)  # the one we watched, if it was our child
            self.report(f"Neo4j runs as pid {pid} now (started by another command).")
            self._pid, self._silent_since = pid, None
        if pid is None:
            self._gone()
        elif server.bolt_probe(self.settings):
            self._silent_since = None
            self._left_down = False
        elif self._silent_since is None:
            self._silent_since = time.monotonic()
        elif time.monotonic() - self._silent_since > self.hang_after:
            self.report(
                f"Neo4j (pid {pid}) is alive but its Bolt port {self.settings.bolt_port} has "
                f"not answered for {self.hang_after:.0f}s; stopping it. {self._logs()}"
            )
            server.stop(self.settings)
            self._restart()

    def _gone(self) -> None:
        if server.Paths(self.settings.home).stopped_file.exists():
            if not self._left_down:
                self.report(
                    "Neo4j was stopped on purpose (`kg neo4j stop`); leaving it down. "
                    "The API answers 503 until `kg neo4j start`."
                )
                self._left_down = True
            self._pid = None
            return
        if self._pid is not None:
            # Seen while still exiting, a child needs a moment before its status is known.
            ended = process.describe_exit(process.reap(self._pid, wait=5.0))
            self.report(f"Neo4j (pid {self._pid}) {ended}. {self._logs()}")
            self._pid = None
        self._restart()

    def _restart(self) -> None:
        now = time.monotonic()
        self.restarts = [t for t in self.restarts if now - t < self.window]
        minutes = f"{self.window / 60:g} min"
        if len(self.restarts) >= self.max_restarts:
            self.gave_up = True
            message = (
                f"Neo4j went down again after {len(self.restarts)} restart(s) within "
                f"{minutes}; giving up and stopping the API. {self._logs()}"
            )
            self.report(message)
            self.on_give_up(message)
            return
        self.restarts.append(now)
        mode = server.mode_name(self.read_only)
        self.report(
            f"restarting Neo4j {mode} (restart {len(self.restarts)} of at most "
            f"{self.max_restarts} within {minutes}) ..."
        )
        try:
            server.start(self.settings, read_only=self.read_only)
        except (server.ServerError, DatabaseUnavailable) as error:
            self.report(f"Neo4j did not start again: {error}")
            return
        self._pid = server.server_pid(self.settings)
        self._silent_since = None
        self.report(f"Neo4j is back (pid {self._pid}) after {time.monotonic() - now:.1f}s.")

    def _logs(self) -> str:
        paths = server.Paths(self.settings.home)
        return f"Logs: {paths.console_log} and {paths.logs / 'neo4j.log'}."


def serve_supervised(
    settings: LocalServerSettings, read_only: bool, serve: Callable[[], int]
) -> int:
    """Run `serve` (the API, in the main thread) while a Supervisor keeps Neo4j up.

    When the supervisor gives up it interrupts the API as Ctrl-C would; the result is 1.
    """

    def stop_api(_: str) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # handled in the main thread (by uvicorn)

    with Supervisor(settings, read_only, on_give_up=stop_api) as watch:
        try:
            code = serve()
        except KeyboardInterrupt:
            if not watch.gave_up:
                raise
            code = 0
    return 1 if watch.gave_up else code
