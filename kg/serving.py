"""`kg serve`, `kg gateway` and `kg run`: the long-running commands, and how they start.

`kg run` is what `make run` runs: Neo4j up, the data loaded, Neo4j restarted read-only, the
newsroom gateway in a child process of its own beside the API, and both watched (restarted
if they die) while the API runs. Ctrl-C or SIGTERM stops what it started, in order: the API,
the gateway, then Neo4j (left up with --keep-neo4j, KG_KEEP_NEO4J=1, or when it was already
running before `kg run`; never touched with NEO4J_URI set).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
from typing import TYPE_CHECKING, Any

from graph.settings import LocalServerSettings, Neo4jSettings, neo4j_uri_is_set
from kg.errors import CliError
from kg.local.writable import writable

if TYPE_CHECKING:
    from newsroom.gateway import GatewayProcess


def _refuse_exposure(host: str) -> None:
    from api.security import exposure_refusal
    from api.settings import ApiSettings

    refusal = exposure_refusal(host, ApiSettings())
    if refusal:
        raise CliError(refusal)


def cmd_gateway(args: argparse.Namespace) -> int:
    """The newsroom gateway: journalists' own login to the graph, reads only (docs/newsroom.md)."""
    from pydantic import ValidationError

    from newsroom import gateway

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


def _api(args: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    """The app (or, with several workers, the factory each worker calls) and uvicorn's
    options, after the banner."""
    from api.main import create_app
    from api.protocol import ProblemHttpProtocol
    from api.security import allowed_names
    from api.settings import ApiSettings

    _refuse_exposure(args.host)
    api_settings = ApiSettings()
    print(f"API docs: http://{args.host}:{args.port}/docs", flush=True)
    print(f"Answering to the host names: {', '.join(sorted(allowed_names(api_settings)))}")
    workers = args.workers or api_settings.api_workers
    # Its own protocol: a request uvicorn cannot parse gets problem+json too. Forwarded
    # headers are trusted only when FORWARDED_ALLOW_IPS names the proxy: otherwise any
    # local client could pick its own address and dodge the per-address /cypher rate limit.
    options: dict[str, Any] = dict(
        host=args.host,
        port=args.port,
        log_level="info",
        http=ProblemHttpProtocol,
        proxy_headers=bool(os.environ.get("FORWARDED_ALLOW_IPS")),
    )
    if workers > 1:
        # uvicorn's supervisor starts the processes; each builds its app from the environment.
        print(f"{workers} API processes", flush=True)
        return "api.main:create_app", {**options, "factory": True, "workers": workers}
    return create_app(api_settings=api_settings), options


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    app, options = _api(args)
    uvicorn.run(app, **options)
    return 0


def _serve_announcing_stop(args: argparse.Namespace) -> int:
    """`kg serve` that says "Stopping the API ..." when a signal ends it (`kg run`)."""
    import uvicorn

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            if not self.should_exit:
                print("Stopping the API ...", flush=True)
            super().handle_exit(sig, frame)

    app, options = _api(args)
    if options.get("workers", 1) > 1:
        uvicorn.run(app, **options)  # its supervisor stops the workers on Ctrl-C or SIGTERM
        print("The API processes stopped.", flush=True)
        return 0
    Server(uvicorn.Config(app, **options)).run()
    return 0


def _newsroom_banner(local: LocalServerSettings, gateway_uri: str) -> None:
    print(
        f"Newsroom: Neo4j Browser at {local.http_url}/browser/ ; connect to {gateway_uri} "
        f"as {local.newsroom_user}, password: `kg gateway password` (reads only)",
        flush=True,
    )


def _leave_neo4j(local: LocalServerSettings, keep: bool) -> str | None:
    """Why `kg run` leaves Neo4j up when it ends; None when it stops it."""
    from kg.local import server

    if neo4j_uri_is_set():
        return "Neo4j (NEO4J_URI) is not this command's: left as it is."
    if keep or local.keep_neo4j:
        return "Neo4j is left running (--keep-neo4j or KG_KEEP_NEO4J): `kg neo4j stop` stops it."
    try:
        running = server.server_pid(local) is not None
    except server.StateUnknown:
        running = True  # not known to be ours: not ours to stop
    if running:
        return (
            "Neo4j is left running: it was up before `kg run` started (`kg neo4j stop` stops it)."
        )
    return None


def _stop(gate: GatewayProcess | None, local: LocalServerSettings, leave: str | None) -> None:
    """The gateway, then Neo4j unless it is left up; a second Ctrl-C does not cut this short."""
    from kg.local import server

    def still_stopping(signum: int, frame: Any) -> None:
        print("kg run: still stopping ...", flush=True)

    previous = {sig: signal.signal(sig, still_stopping) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        if gate is not None:
            print("Stopping the gateway ...", flush=True)
            gate.stop()
        if leave is not None:
            print(leave, flush=True)
            return
        print("Stopping Neo4j ...", flush=True)
        server.stop(local)
        print("Neo4j stopped.", flush=True)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _sigterm_as_exit(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)  # so that `finally` runs and stops what was started


def cmd_run(args: argparse.Namespace) -> int:
    """Everything a fresh machine needs: Neo4j up, data loaded, gateway and API served.

    The local server ends in newsroom (read-only) mode, and journalists reach it only
    through the gateway with their own login (docs/newsroom.md, docs/security.md).
    Ctrl-C or SIGTERM stops the API, the gateway, then Neo4j (see `_leave_neo4j`).
    """
    from ingest.cache import default_cache
    from ingest.pipeline import prepare, write_rows
    from kg.local.supervise import serve_supervised
    from newsroom.gateway import GatewayError, GatewayProcess

    _refuse_exposure(args.host)  # before minutes of start-up, not after
    local = LocalServerSettings()
    external = neo4j_uri_is_set()
    rows = prepare(args.data, default_cache())  # every file valid before Neo4j is touched
    leave = _leave_neo4j(local, getattr(args, "keep_neo4j", False))
    previous = signal.signal(signal.SIGTERM, _sigterm_as_exit)
    gate: GatewayProcess | None = None
    try:
        with writable("load the data (kg run)", always=True):
            print(write_rows(Neo4jSettings(), rows, print).table())
        # Its own process: a flood of gateway clients cannot use up the API's descriptors.
        try:
            gate = GatewayProcess(local).start()
        except GatewayError as error:
            raise CliError(str(error)) from error
        _newsroom_banner(local, gate.uri)
        if leave is None:
            print("Ctrl-C stops the API, the gateway and Neo4j.", flush=True)
        else:
            print(f"Ctrl-C stops the API and the gateway. {leave}", flush=True)
        if external:
            return _serve_announcing_stop(args)
        # Neo4j is watched while the API runs; one that keeps dying stops `kg run` (exit 1).
        return serve_supervised(local, read_only=True, serve=lambda: _serve_announcing_stop(args))
    finally:
        _stop(gate, local, leave)
        signal.signal(signal.SIGTERM, previous)
