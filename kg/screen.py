"""`kg screen LIST.csv --out RESULT.csv`: a spreadsheet of names screened against the graph.

Each row's name is matched as POST /match matches it (Repository.match: the same folding,
scores and thresholds), in batches of 100 queries; the answer is the list's columns and, for
each row, one line per candidate with its score, status, and statuses on the day asked for
(kg/screen_output.py). The list is read twice (kg/screen_input.py): once to check every row
before any query, then row by row while screening, each batch written as it completes, so
memory stays flat however long the list. docs/screen.md is the reference.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import CliError
from kg.screen_input import CsvList, Row, ScreenInputError, check
from kg.screen_output import Ticker, Writer, summary

if TYPE_CHECKING:
    from api.matching.examples import Example
    from api.repository import Repository
    from api.schemas.match import QueryMatches

# POST /match's defaults (api/routers/match.py, api/settings.py; a unit test holds them
# equal), kept here so that building the `kg` parser does not import the API.
THRESHOLD = 0.7
CUTOFF = 0.5
BATCH = 100  # queries per Repository.match: KG_MATCH_MAX_QUERIES's default
MAX_CANDIDATES = 50  # POST /match's most `limit`
# Neo4j does most of the work: a second batch in flight keeps a second core busy (as
# KG_MATCH_CONCURRENCY's default lets two API batches run at once).
IN_FLIGHT = 2
SCHEMAS = ("LegalEntity", "Person", "Organization")
BASE_URL = "http://127.0.0.1:8000"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

Answers = dict[str, "QueryMatches"]


@dataclass(frozen=True)
class Options:
    schema: str
    as_of: date
    threshold: float
    candidates: int
    base_url: str


def options_from(args: argparse.Namespace) -> Options:
    """The options, checked: each bad one is a CliError naming it."""
    as_of = date.today()
    if args.as_of is not None:
        try:
            if not _DAY.fullmatch(args.as_of):
                raise ValueError
            as_of = date.fromisoformat(args.as_of)
        except ValueError:
            raise CliError(f"--as-of: {args.as_of!r} is not a day; give YYYY-MM-DD") from None
    if not 0 <= args.threshold <= 1:
        raise CliError(f"--threshold: {args.threshold:g} is not between 0 and 1")
    if not 1 <= args.candidates <= MAX_CANDIDATES:
        raise CliError(f"--candidates: {args.candidates} is not between 1 and {MAX_CANDIDATES}")
    return Options(args.schema, as_of, args.threshold, args.candidates, args.base_url)


def example(row: Row, schema: str, where: str) -> Example | None:
    """The row as a query example, or None when it has no name. Birth date and country are
    sent (and echoed) though the graph holds neither yet; only a person has a birth date,
    so a dated row of a LegalEntity list is asked as a Person."""
    from api.matching.examples import ExampleInvalid, read_example

    if not row.name:
        return None
    if row.birth_date and schema == "LegalEntity":
        schema = "Person"
    props = {"name": [row.name]}
    if row.birth_date and schema == "Person":
        props["birthDate"] = [row.birth_date]
    if row.country:
        props["nationality" if schema == "Person" else "country"] = [row.country]
    try:
        return read_example(where, {"schema": schema, "properties": props})
    except ExampleInvalid as error:  # the input check keeps values short: not expected
        raise CliError(str(error)) from None


def batches(rows: Iterator[Row], size: int = BATCH) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class Screening:
    listed: CsvList
    options: Options
    writer: Writer
    ticker: Ticker

    async def run(self, repo: Repository) -> None:
        """Every batch asked, at most IN_FLIGHT at once, and written in the list's order."""
        pending: deque[tuple[list[Row], asyncio.Task[Answers]]] = deque()
        try:
            for batch in batches(self.listed.rows()):
                pending.append((batch, asyncio.create_task(self.ask(repo, batch))))
                if len(pending) >= IN_FLIGHT:
                    self.write(*await _first(pending))
            while pending:
                self.write(*await _first(pending))
        finally:
            for _, task in pending:
                task.cancel()

    async def ask(self, repo: Repository, batch: list[Row]) -> Answers:
        examples = {}
        for index, row in enumerate(batch):
            found = example(row, self.options.schema, f"{self.listed.path}:{row.line}")
            if found is not None:
                examples[str(index)] = found
        if not examples:
            return {}
        options = self.options
        return await repo.match(
            examples,
            limit=options.candidates,
            threshold=options.threshold,
            cutoff=min(CUTOFF, options.threshold),  # as POST /match: a match is listed
            as_of=options.as_of,
            base_url=options.base_url,
        )

    def write(self, batch: list[Row], answers: Answers) -> None:
        for index, row in enumerate(batch):
            self.writer.row(row, answers.get(str(index)))
        self.ticker.advance(len(batch))


async def _first(
    pending: deque[tuple[list[Row], asyncio.Task[Answers]]],
) -> tuple[list[Row], Answers]:
    batch, task = pending.popleft()
    return batch, await task


async def _screen(screening: Screening) -> None:
    from api.repository import Repository
    from api.settings import ApiSettings
    from graph.settings import Neo4jSettings

    # The reads of POST /match, with a batch job's patience instead of a request's.
    repo = Repository.connect(Neo4jSettings(), ApiSettings(query_timeout=600))
    try:
        await screening.run(repo)
    finally:
        await repo.close()


def cmd_screen(args: argparse.Namespace) -> int:
    from neo4j.exceptions import DriverError

    from api.errors import Problem
    from graph.driver import check_connection, make_driver
    from graph.settings import Neo4jSettings

    options = options_from(args)
    source: Path = args.list
    out: Path = args.out
    if not out.parent.is_dir():
        raise CliError(f"--out: the folder {out.parent} does not exist")
    if out.is_dir():
        raise CliError(f"--out: {out} is a folder; give the name of the CSV to write")
    if out.exists() and source.exists() and out.resolve() == source.resolve():
        raise CliError(f"--out: {out} is the list itself; write the answer to another file")
    columns = (args.name_column, args.birth_date_column, args.country_column)
    started = time.monotonic()
    try:
        layout, found, total = check(source, *columns)  # every row, before any query
    except ScreenInputError as error:
        raise CliError(str(error)) from None
    settings = Neo4jSettings()
    with make_driver(settings) as driver:
        check_connection(driver, settings)
    try:
        writer = Writer(out, layout, found.header)
    except OSError as error:
        raise CliError(f"--out: cannot write in {out.parent}: {error.strerror}") from None
    ticker = Ticker(total)
    try:
        asyncio.run(_screen(Screening(CsvList(source, *columns), options, writer, ticker)))
        ticker.close()
        writer.finish()
    except (Problem, DriverError) as error:
        writer.discard()
        detail = error.detail if isinstance(error, Problem) else str(error)
        raise CliError(
            f"the screening stopped after {ticker.done:,} of {total:,} rows, Neo4j at "
            f"{settings.uri}: {detail}; {out} was not written"
        ) from None
    except ScreenInputError as error:  # the list was changed since it was checked
        writer.discard()
        raise CliError(
            f"{error} (the list changed while it was screened); {out} was not written"
        ) from None
    except BaseException:
        writer.discard()
        raise
    print(summary(source, writer, options.as_of, time.monotonic() - started))
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    scr = sub.add_parser(
        "screen",
        help="match the names of a CSV list against the graph",
        description="Match each row's name against the graph as POST /match does, and write "
        "the list back with one line per candidate: match_status (match, ambiguous, "
        "candidate, no match, no name), score, entity, its statuses and designations on "
        "--as-of, sources, publishers, link. A birth date or country column is echoed but "
        "does not change the score: the graph holds neither yet. See docs/screen.md.",
    )
    scr.add_argument(
        "list", type=Path, metavar="LIST.csv", help="the list: a CSV with a header line, UTF-8"
    )
    scr.add_argument(
        "--out", type=Path, required=True, metavar="RESULT.csv", help="the CSV to write"
    )
    scr.add_argument(
        "--name-column",
        metavar="COL",
        help="the column of names (default: found by its header: name, фио, …)",
    )
    scr.add_argument(
        "--birth-date-column",
        metavar="COL",
        help="echoed, not scored (default: a header such as birth_date or dob)",
    )
    scr.add_argument(
        "--country-column",
        metavar="COL",
        help="echoed, not scored (default: a header such as country or nationality)",
    )
    scr.add_argument(
        "--schema",
        choices=SCHEMAS,
        default="LegalEntity",
        help="what the names are (default: LegalEntity, people and organisations)",
    )
    scr.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="the day statuses are for, YYYY-MM-DD (default: today)",
    )
    scr.add_argument(
        "--threshold",
        type=float,
        default=THRESHOLD,
        metavar="0-1",
        help=f"a score at least this is a match (default {THRESHOLD})",
    )
    scr.add_argument(
        "--candidates",
        type=int,
        default=3,
        metavar="N",
        help=f"candidates listed per row, 1-{MAX_CANDIDATES} (default 3)",
    )
    scr.add_argument(
        "--base-url",
        default=BASE_URL,
        metavar="URL",
        help=f"the API the `link` column points at (default {BASE_URL})",
    )
    scr.set_defaults(func=cmd_screen)
