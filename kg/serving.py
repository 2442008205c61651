"""`kg serve`, `kg gateway` and `kg run`: the long-running commands, and how they start.

`kg run` is what `make run` runs: Neo4j up, the data loaded, Neo4j restarted read-only, the
newsroom gateway in a child process of its own beside the API, and both watched (restarted
if they die) while the API runs.
"""

from __future__ import annotations

import argparse
import logging
import os

from graph.settings import LocalServerSettings, Neo4jSettings, neo4j_uri_is_set
from kg.errors import CliError
from kg.local.writable import writable


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
    from ingest.pipeline import prepare, write_rows
    from kg.local.supervise import serve_supervised
    from newsroom.gateway import GatewayError, GatewayProcess

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
