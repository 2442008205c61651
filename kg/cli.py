"""The `kg` command: the local Neo4j, the ingest and the API server.

A command imports the API, the FtM code or the gateway inside its own function: loading them
costs seconds that `kg neo4j status` or `kg validate` should not pay. Nothing imports `kg`,
so these imports dodge no cycle (tests/unit/test_imports.py checks the arrows).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from graph.settings import LocalServerSettings, Neo4jSettings, neo4j_uri_is_set
from ingest.validate import DEFAULT_DATA_DIR
from kg.errors import CliError, report
from kg.local import server
from kg.local.writable import writable
from kg.serving import cmd_gateway, cmd_run, cmd_serve


def cmd_neo4j(args: argparse.Namespace) -> int:
    local = LocalServerSettings()
    if args.action == "start":
        server.start(local, read_only=args.read_only)
        print(
            f"Neo4j is up, {server.mode_name(server.recorded_read_only(local))}: "
            f"bolt {local.bolt_uri}, Browser {local.http_url}/browser/"
        )
    elif args.action == "stop":
        print("Neo4j stopped." if server.stop(local) else "Neo4j was not running.")
    elif args.action == "status":
        state = server.status(local)
        print(f"Neo4j: {state}")
        # As LSB init scripts: 0 running, 3 not running, 1 a process but no answer.
        if state.startswith(server.STOPPED):
            return 3
        return 0 if server.is_running(local) else 1
    elif args.action == "logs":
        print(server.log_tail(local, args.lines))
    elif args.action == "password":
        print(Neo4jSettings().secret)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from ingest.validate import validate

    parsed = validate(args.data)
    entities = sum(len(p.model.entities) for p in parsed)
    relations = sum(len(p.model.relations) for p in parsed)
    print(f"{len(parsed)} files valid: {entities} entities, {relations} relations.")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    """The only write path. A local server in newsroom mode is made writable for the load."""
    from graph.driver import check_connection, make_driver
    from ingest.cache import default_cache
    from ingest.pipeline import rows_from, write_rows
    from ingest.unchanged import files_digest, remember, unchanged
    from ingest.validate import validate

    settings = Neo4jSettings()
    with make_driver(settings) as driver:  # a server that is down is said before minutes
        check_connection(driver, settings)  # of validation at 100k entities, not after
    cache = default_cache()
    files = files_digest(args.data) if cache is not None else None
    if cache is not None and unchanged(cache, settings, files):
        print("0 rows written: the files and the graph are as the last ingest left them.")
        return 0
    # Every file valid before Neo4j is restarted; rows_from gets the only reference to the
    # validated files, so their models are freed once read.
    rows = rows_from(validate(args.data, cache), cache)
    with writable("ingest"):
        summary = write_rows(settings, rows, print)
    if cache is not None:
        remember(cache, settings, files)
    print(summary.table())
    return 0


def cmd_bulk(args: argparse.Namespace) -> int:
    """A large list in the bulk format into an empty database (docs/bulk-format.md)."""
    from kg.bulk import bulk_load

    outcome = bulk_load(args.dir, force=args.force)
    print(outcome.table())
    return 0


def cmd_dump(args: argparse.Namespace) -> int:
    """The local database as one file for Neo4j Desktop, or such a file loaded back."""
    from kg.local import dump

    if neo4j_uri_is_set():
        raise CliError("kg dump works on the project's own Neo4j; unset NEO4J_URI")
    local = LocalServerSettings()
    if args.load:
        print("Stopping Neo4j to load the dump ...", flush=True)
        dump.load(local, args.file)
        print(f"Loaded {args.file} into the local database.")
    else:
        print("Stopping Neo4j to write the dump ...", flush=True)
        written = dump.dump(local, args.file)
        print(f"Wrote {written} ({written.stat().st_size / 1e6:.1f} MB).")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Sourcing figures of the loaded graph; rule breaches are listed, not an error."""
    from graph.driver import check_connection, make_driver
    from graph.report import render, sourcing_report

    settings = Neo4jSettings()
    with make_driver(settings) as driver:
        check_connection(driver, settings)
        print(render(sourcing_report(driver, settings.database)))
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from kg.docs import write_docs

    changed = write_docs()
    print(f"rewrote {', '.join(changed)}" if changed else "docs are up to date")
    return 0


def cmd_link(args: argparse.Namespace) -> int:
    """The entities an article names, from the curated data files (no graph needed)."""
    from kg.link import draft, linker_from_data, read_article, table

    if not args.file.is_file():
        raise CliError(f"{args.file} is not a file; give the article as a text file")
    meta, text = read_article(args.file)
    mentions = linker_from_data(args.data).link(text)
    if args.draft is None:
        print(table(mentions))
        return 0
    args.draft.write_text(draft(meta, text, mentions), encoding="utf-8")
    print(f"Wrote {args.draft}: a draft data file; complete it, then `kg validate`.")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="kg", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)

    neo = sub.add_parser("neo4j", help="start, stop or inspect the project's own Neo4j")
    neo.add_argument("action", choices=["start", "stop", "status", "logs", "password"])
    neo.add_argument("--lines", type=int, default=50, help="with logs: how many lines")
    mode = neo.add_mutually_exclusive_group()
    mode.add_argument(
        "--read-only",
        dest="read_only",
        action="store_true",
        default=None,
        help="with start: newsroom mode, the database refuses every write",
    )
    mode.add_argument(
        "--writable",
        dest="read_only",
        action="store_false",
        help="with start: allow writes (default: the mode of the last start)",
    )
    neo.set_defaults(func=cmd_neo4j)

    gw = sub.add_parser("gateway", help="the newsroom's read-only gateway for Neo4j Browser")
    gw.add_argument(
        "action",
        nargs="?",
        choices=["serve", "password"],
        default="serve",
        help="serve (default), or print the journalists' password",
    )
    gw.add_argument("--host", help="listen address (default: KG_HOST, 127.0.0.1)")
    gw.add_argument("--port", type=int, help="listen port (default: KG_GATEWAY_PORT, 7688)")
    gw.set_defaults(func=cmd_gateway)

    lnk = sub.add_parser("link", help="list the known entities an article names")
    lnk.add_argument("file", type=Path, help="the article as text (UTF-8; front matter kept)")
    lnk.add_argument(
        "--draft",
        type=Path,
        metavar="OUT",
        help="write a skeleton data file "
        "(source block, linked entities as mentions) to OUT instead",
    )
    lnk.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA_DIR,
        help="folder of data files (default: the curated dataset)",
    )
    lnk.set_defaults(func=cmd_link)

    dmp = sub.add_parser("dump", help="the local database as one file for Neo4j Desktop")
    dmp.add_argument("file", type=Path, help="the .dump file to write (or, with --load, read)")
    dmp.add_argument(
        "--load", action="store_true", help="replace the local database with the dump in FILE"
    )
    dmp.set_defaults(func=cmd_dump)

    from kg.import_ftm import add_parser as add_import_ftm

    add_import_ftm(sub)  # kg import-ftm FILE [--dataset NAME] [--xref CSV] [--remove NAME]

    from kg.export import add_parser as add_export

    add_export(sub)  # kg export --format json|graphml|ftm [--root ID --depth N] FILE

    from kg.screen import add_parser as add_screen

    add_screen(sub)  # kg screen LIST.csv --out RESULT.csv [--name-column COL] ...

    bulk = sub.add_parser("bulk", help="load a large list (JSON lines) into an empty database")
    bulk_sub = bulk.add_subparsers(dest="action", required=True)
    bulk_load = bulk_sub.add_parser("load", help="check DIR, then load it (docs/bulk-format.md)")
    bulk_load.add_argument("dir", type=Path, help="folder of .jsonl files")
    bulk_load.add_argument(
        "--force", action="store_true", help="replace whatever the database holds"
    )
    bulk_load.set_defaults(func=cmd_bulk)

    for name, func, text in (
        ("validate", cmd_validate, "check every data file"),
        ("ingest", cmd_ingest, "validate, then load the data into Neo4j"),
        ("report", cmd_report, "sourcing figures of the loaded graph"),
        ("docs", cmd_docs, "regenerate the relation table in docs/model.md"),
        ("serve", cmd_serve, "serve the API"),
        ("run", cmd_run, "start Neo4j, load the data and serve the API"),
    ):
        p = sub.add_parser(name, help=text)
        if name in ("validate", "ingest", "run"):
            p.add_argument(
                "--data",
                type=Path,
                default=DEFAULT_DATA_DIR,
                help="folder of data files (default: the curated dataset)",
            )
        if name in ("serve", "run"):
            p.add_argument("--host", default=os.environ.get("KG_API_HOST", "127.0.0.1"))
            p.add_argument("--port", type=int, default=int(os.environ.get("KG_API_PORT", "8000")))
            p.add_argument(
                "--workers",
                type=int,
                choices=range(1, 33),
                metavar="N",
                help="API processes, 1-32 (default: KG_API_WORKERS, 1)",
            )
        if name == "run":
            p.add_argument(
                "--keep-neo4j",
                action="store_true",
                help="leave Neo4j running when `kg run` ends (also KG_KEEP_NEO4J=1)",
            )
        p.set_defaults(func=func)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # The driver logs each retry as a warning; the CLI reports the outcome once instead.
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except (Exception, KeyboardInterrupt) as error:
        return report(error)


if __name__ == "__main__":
    sys.exit(main())
