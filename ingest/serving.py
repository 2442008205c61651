"""`kg serve`, `kg gateway` and `kg run`: the long-running commands, and how they start.

`kg run` is what `make run` runs: Neo4j up, the data loaded, Neo4j restarted read-only, the
newsroom gateway in a child process of its own beside the API, and both watched (restarted
if they die) while the API runs.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from graph import server, writer
from graph.settings import LocalServerSettings, Neo4jSettings, neo4j_uri_is_set


@contextmanager
def writable(purpose: str, *, always: bool = False, restart: bool = True) -> Iterator[None]:
    """The local server writable for the duration of a write (`kg ingest`, `kg import-ftm`,
    `kg bulk load`). Community cannot lift read-only at run time: a server in newsroom mode
    is restarted writable, and read-only again on every way out (SIGTERM too). The writer
    lock (graph/writer.py) records this process, so that after a SIGKILL the supervisor or
    the next command restores read-only. `always`: writable now and read-only after, however
    it runs (`kg run`); `restart=False`: the caller starts and stops the server itself."""
    if neo4j_uri_is_set():
        yield
        return
    local = LocalServerSettings()
    lock = server.Paths(local.home).writer_file
    dead = writer.stale(lock)
    running = server.is_running(local)
    newsroom = always or (running and server.recorded_read_only(local))
    newsroom = newsroom or (dead is not None and dead.restore_read_only)
    writer.acquire(lock, newsroom, purpose)
    if dead is not None:
        print(f"A writer ({dead.purpose}, pid {dead.pid}) ended without cleaning up.")
    previous = _sigterm_as_exit()
    try:
        if restart and running and server.recorded_read_only(local):
            print(
                f"Neo4j is in newsroom (read-only) mode: restarting it writable to {purpose} ...",
                flush=True,
            )
            server.start(local, read_only=False)
        elif restart and always:
            server.start(local, read_only=False)
        yield
    finally:
        try:
            if newsroom:
                print("Restarting Neo4j in newsroom (read-only) mode ...", flush=True)
                server.start(local, read_only=True)
            writer.release(lock)  # kept when read-only failed: the next one retries
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


def _sigterm_as_exit() -> Any:
    """SIGTERM ends Python without running `finally`; as SystemExit it does (main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    return signal.signal(signal.SIGTERM, stop)


class CliError(RuntimeError):
    """Something the user can fix; printed as one plain sentence, no traceback."""


def _refuse_exposure(host: str) -> None:
    from api.security import exposure_refusal
    from api.settings import ApiSettings

    refusal = exposure_refusal(host, ApiSettings())
    if refusal:
        raise CliError(refusal)


def cmd_gateway(args: argparse.Namespace) -> int:
    """The newsroom gateway: journalists' own login to the graph, reads only (docs/newsroom.md)."""
    from pydantic import ValidationError

    from graph import gateway

    local = LocalServerSettings()
    try:
        if args.action == "password":
            print(gateway.newsroom_credentials(local).password)
            return 0
        # NEO4J_URI and friends name the Neo4j to guard (Docker); else the local server.
        gate = gateway.gateway_for(local, Neo4jSettings() if neo4j_uri_is_set() else None)
    except gateway.GatewayError as error:
        raise CliError(str(error)) from error
    except ValidationError as error:
        problems = "; ".join(
            f"KG_GATEWAY_{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors()
        )
        raise CliError(f"gateway settings: {problems}") from error
    host, port = args.host or local.host, args.port or local.gateway_port
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    print(
        f"Newsroom gateway on bolt://{host}:{port} (Neo4j Browser connects here): "
        f"user {gate.newsroom.user}, password `kg gateway password`",
        flush=True,
    )
    try:
        gateway.serve(gate, host, port)
    except gateway.GatewayError as error:
        raise CliError(str(error)) from error
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.main import create_app
    from api.protocol import ProblemHttpProtocol
    from api.security import allowed_names
    from api.settings import ApiSettings

    _refuse_exposure(args.host)
    api_settings = ApiSettings()
    print(f"API docs: http://{args.host}:{args.port}/docs", flush=True)
    print(f"Answering to the host names: {', '.join(sorted(allowed_names(api_settings)))}")
    app = create_app(api_settings=api_settings)
    # Its own protocol: a request uvicorn cannot parse gets problem+json too. Forwarded
    # headers are trusted only when FORWARDED_ALLOW_IPS names the proxy: otherwise any
    # local client could pick its own address and dodge the per-address /cypher rate limit.
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level="info",
        http=ProblemHttpProtocol,
        proxy_headers=bool(os.environ.get("FORWARDED_ALLOW_IPS")),
    )
    return 0


def _newsroom_banner(local: LocalServerSettings, gateway_uri: str) -> None:
    print(
        f"Newsroom: Neo4j Browser at {local.http_url}/browser/ ; connect to {gateway_uri} "
        f"as {local.newsroom_user}, password: `kg gateway password` (reads only)",
        flush=True,
    )


def cmd_run(args: argparse.Namespace) -> int:
    """Everything a fresh machine needs: Neo4j up, data loaded, gateway and API served.

    The local server ends in newsroom (read-only) mode, and journalists reach it only
    through the gateway with their own login (docs/newsroom.md, docs/security.md).
    """
    from graph.gateway import GatewayError, GatewayProcess
    from graph.supervise import serve_supervised
    from ingest.pipeline import prepare, write_rows

    _refuse_exposure(args.host)  # before minutes of start-up, not after
    local = LocalServerSettings()
    external = neo4j_uri_is_set()
    rows = prepare(args.data)  # every file valid before Neo4j is touched
    with writable("load the data (kg run)", always=True):
        print(write_rows(Neo4jSettings(), rows, print).table())
    # Its own process: a flood of gateway clients cannot use up the API's descriptors.
    try:
        gate = GatewayProcess(local).start()
    except GatewayError as error:
        raise CliError(str(error)) from error
    try:
        _newsroom_banner(local, gate.uri)
        if external:
            return cmd_serve(args)
        # Neo4j is watched while the API runs; one that keeps dying stops `kg run` (exit 1).
        return serve_supervised(local, read_only=True, serve=lambda: cmd_serve(args))
    finally:
        gate.stop()
