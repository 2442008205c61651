"""Is the local server really there? A pid file alone cannot say.

A SIGKILLed child stays a zombie until its parent reaps it, so `kill(pid, 0)` still
succeeds, and the pid file outlives both. A server counts as running only when its process
is alive (not a zombie, still our Neo4j) and its Bolt port answers the Bolt handshake.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import socket
import subprocess
import time
from pathlib import Path


class Unknown(OSError):
    """The state could not be read (out of descriptors, memory, permission): not "dead"."""


# Errors that say nothing about the other process: only that this one is short of something.
_LOCAL_SHORTAGE = {errno.EMFILE, errno.ENFILE, errno.ENOMEM, errno.ENOBUFS, errno.EAGAIN}

# The servers this process started: their exit status is read from here (and they reaped).
_children: dict[int, subprocess.Popen[bytes]] = {}

# Bolt's magic preamble, then four version offers: 5.0–5.8 (a range), 4.4, two empty.
# A Bolt server answers with four bytes (the version it picked, or zeros), then waits.
_HANDSHAKE = b"\x60\x60\xb0\x17" + bytes([0, 8, 8, 5, 0, 0, 4, 4]) + bytes(8)


def adopt(child: subprocess.Popen[bytes]) -> None:
    """Remember a server we started, so its exit can be told and it gets reaped."""
    _children[child.pid] = child


def reap(pid: int, wait: float = 0.0) -> int | None:
    """The exit code of our own child `pid` once it has exited (reaping it), else None.

    Negative codes are signals, as in `Popen.returncode`. `wait`: how long to wait for a
    child that is still exiting. None too for a process that is not our child: only its
    parent can read its status.
    """
    child = _children.get(pid)
    if child is not None:
        try:
            return child.wait(wait) if wait > 0 else child.poll()
        except subprocess.TimeoutExpired:
            return None
    with contextlib.suppress(ChildProcessError):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return os.waitstatus_to_exitcode(status)
    return None


def _proc(pid: int, name: str) -> str | None:
    """/proc/<pid>/<name>, or None where there is no /proc (not Linux) or no such process.

    Any other failure (no descriptor left, say) raises Unknown: a process must never be
    taken for dead because this one could not look.
    """
    try:
        return Path(f"/proc/{pid}/{name}").read_text(errors="replace")
    except (FileNotFoundError, ProcessLookupError):
        return None
    except OSError as error:
        raise Unknown(error.errno, f"cannot read /proc/{pid}/{name}: {error}") from error


def running(pid: int) -> bool:
    """True while `pid` exists and is not a zombie (our own child is reaped on the way)."""
    reap(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process: it exists
    stat = _proc(pid, "stat")
    if stat is None:
        # No /proc (not Linux): kill(0) is all there is; or it is gone since.
        return not Path("/proc/self").exists()
    # The state letter follows the command name, which is in parentheses and may hold spaces.
    return stat.rpartition(")")[2].split()[:1] not in (["Z"], ["X"], ["x"])


def alive(pid: int, marker: str = "") -> bool:
    """True if `pid` runs and (on Linux) has `marker` in its command line.

    The marker guards against a recycled pid: after a reboot the number in a stale pid file
    may belong to any process, which `stop` must never signal. An exiting process has an
    empty command line, so it no longer counts.
    """
    if not running(pid):
        return False
    cmdline = _proc(pid, "cmdline")
    return cmdline is None or marker in cmdline.replace("\0", " ")


def wait_gone(pid: int, timeout: float) -> bool:
    """Wait until `pid` has exited (a zombie counts: only its parent can reap it)."""
    if pid in _children:
        return reap(pid, wait=timeout) is not None
    deadline = time.monotonic() + timeout
    while running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def describe_exit(code: int | None) -> str:
    """How a process ended, in words: 'killed by signal 9 (SIGKILL)', 'exited with code 1'."""
    if code is None:
        return "ended (its exit status went to another process)"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = "unknown signal"
        return f"was killed by signal {-code} ({name})"
    return f"exited with code {code}"


def bolt_answers(host: str, port: int, timeout: float = 1.0) -> bool:
    """True if something on host:port accepts a connection and answers the Bolt handshake."""
    try:
        return bolt_probe(host, port, timeout)
    except Unknown:
        return False


def bolt_probe(host: str, port: int, timeout: float = 1.0) -> bool:
    """As bolt_answers, but raises Unknown when this process could not even try (no
    descriptor or memory left): a silence it did not hear is not the server's."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            sock.sendall(_HANDSHAKE)
            reply = b""
            while len(reply) < 4:
                chunk = sock.recv(4 - len(reply))
                if not chunk:
                    return False
                reply += chunk
    except OSError as error:
        if error.errno in _LOCAL_SHORTAGE:
            raise Unknown(error.errno, f"cannot open a socket: {error}") from error
        return False
    return True
