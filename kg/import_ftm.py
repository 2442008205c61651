"""`kg import-ftm FILE [--dataset NAME] [--xref CSV]` and `kg import-ftm --remove NAME`.

Like `kg ingest`, a local server in newsroom (read-only) mode is restarted writable for the
write and read-only again after. Bad input prints `FILE:LINE: field: what is wrong` lines
and exits 2 with nothing written.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from graph import ftm
from graph.driver import check_connection, make_driver
from graph.settings import Neo4jSettings
from ingest.ftm.types import FtmInputError
from kg.errors import CliError
from kg.local.writable import writable

MAX_SAID = 50  # repeated ids listed; the rest are counted


def import_name(file: Path | None, dataset: str | None) -> str:
    """The import's name: --dataset, else the file's stem ("sanctions.ftm.json" -> "sanctions")."""
    if dataset:
        return dataset
    assert file is not None
    return file.name.split(".")[0]


def cmd_import_ftm(args: argparse.Namespace) -> int:
    ftm.require("kg import-ftm")  # before the import below: a plain message, exit 2
    from ingest.ftm.importer import import_exists, map_file, remove_import, write_import

    if (args.file is None) == (args.remove is None):
        raise CliError("give an FtM file to import, or --remove NAME (not both)")
    settings = Neo4jSettings()
    try:
        mapped = None
        if args.file is not None:
            name = import_name(args.file, args.dataset)
            mapped = map_file(args.file, name, args.xref)  # every problem before a write
            for said in mapped.repeated[:MAX_SAID]:
                print(said, file=sys.stderr)
            if len(mapped.repeated) > MAX_SAID:
                print(
                    f"... {len(mapped.repeated) - MAX_SAID} more ids stated again", file=sys.stderr
                )
            if not mapped.nodes and not mapped.relations:
                print(f"{args.file}: nothing to import ({_skipped(mapped.skipped)}); "
                      "the graph is unchanged.")  # fmt: skip
                return 0
        with make_driver(settings) as driver:  # a read: no restart for nothing to do
            check_connection(driver, settings)
            if mapped is None and not import_exists(driver, settings.database, args.remove):
                raise CliError(f"no FtM import named {args.remove!r} in the graph")
        with writable("import"), make_driver(settings) as driver:
            check_connection(driver, settings)
            if mapped is None:
                remove_import(driver, settings.database, args.remove)
                print(f"Removed the FtM import {args.remove!r}.")
                return 0
            outcome = write_import(driver, settings.database, mapped, name, args.file)
    except FtmInputError as invalid:
        for problem in invalid.problems:
            print(problem, file=sys.stderr)
        print(f"kg: {len(invalid.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 2
    print(outcome.table())
    return 0


def _skipped(skipped: Counter[str]) -> str:
    if not skipped:
        return "it holds no entities"
    return "only schemata with no counterpart here: " + ", ".join(sorted(skipped))


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import-ftm", help="load FtM entities (JSON lines) into the graph, or --remove them"
    )
    p.add_argument("file", type=Path, nargs="?", help="FtM JSON lines (Aleph, OpenSanctions)")
    p.add_argument("--dataset", help="the import's name (default: the file name's stem)")
    p.add_argument(
        "--xref", type=Path, help="CSV `ftm_id,entity_id`: FtM entities that ARE graph entities"
    )
    p.add_argument("--remove", metavar="NAME", help="take the import NAME off the graph")
    p.set_defaults(func=cmd_import_ftm)
