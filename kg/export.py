"""`kg export --format json|graphml|ftm [--root ID --depth N] FILE`: the answer of
GET /export (the same reads), written to a file or stdout."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from graph import ftm
from graph.settings import Neo4jSettings
from kg.errors import CliError


def cmd_export(args: argparse.Namespace) -> int:
    """The graph, or a neighbourhood, to FILE (or `-`, stdout) as /export answers it."""
    import asyncio
    import json

    from api import graphml
    from api.errors import Problem
    from api.repository import Repository
    from api.settings import ApiSettings
    from graph.driver import check_connection, make_driver

    if args.format == "ftm":
        ftm.require("kg export --format ftm")  # before any work: a plain message, exit 2
    settings = Neo4jSettings()
    with make_driver(settings) as driver:
        check_connection(driver, settings)

    async def read() -> Any:
        # The same reads as GET /export, with a batch job's patience instead of a request's.
        repo = Repository.connect(settings, ApiSettings(query_timeout=600))
        try:
            return await repo.export(args.root, args.depth)
        finally:
            await repo.close()

    try:
        out = asyncio.run(read())
    except Problem as problem:
        raise CliError(problem.detail) from problem
    if args.format == "ftm":
        from api.ftm import ftm_lines

        data = "".join(ftm_lines(out)).encode()
    elif args.format == "graphml":
        data = graphml.render(out)
    else:
        text = json.dumps(out.model_dump(mode="json"), ensure_ascii=False, indent=2)
        data = (text + "\n").encode()
    if str(args.file) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        args.file.write_bytes(data)
        lines = data.count(b"\n")
        counted = f", {lines} FtM entities" if args.format == "ftm" else ""
        print(
            f"Wrote {args.file} ({args.format}, {len(out.nodes)} graph entities{counted}).",
            file=sys.stderr,
        )
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    exp = sub.add_parser("export", help="the graph as JSON, GraphML or FollowTheMoney")
    exp.add_argument("file", type=Path, help="the file to write; - for stdout")
    exp.add_argument("--format", choices=["json", "graphml", "ftm"], default="json")
    exp.add_argument("--root", help="only the neighbourhood of this entity id")
    exp.add_argument("--depth", type=int, choices=[1, 2, 3], default=2, help="with --root: hops")
    exp.set_defaults(func=cmd_export)
