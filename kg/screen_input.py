"""The list `kg screen` reads: a CSV with a header, in UTF-8 (with or without BOM), with `,`,
`;` or tab between fields; each problem a `ScreenInputError` naming the file and the line
or column, found by `check` before a single query is sent.

The file is read twice (checked, then screened), line by line, so a million-row list costs
no more memory than one line, and a bad row half-way down is reported before any query.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from api.matching.examples import MAX_VALUE_CHARS

SNIFF_LINES = 20  # lines csv.Sniffer looks at to guess the delimiter
SNIFF_CHARS = 64 * 1024  # and at most this much of them: its regexes are not linear
DELIMITERS = ",;\t"
MAX_LINE_BYTES = 1_000_000  # one physical line; a list of names has no reason for more
_FOLD = re.compile(r"[\s_.\-]+")
_SEP = re.compile(r"sep=([,;\t])", re.I)

# Headers (folded: lower case, `_`, `-`, `.` as spaces) each column is found by, best first.
NAME_HEADERS = (
    "name", "full name", "fullname", "names", "person", "person name", "entity",
    "entity name", "organisation", "organization", "caption", "фио", "ф и о", "полное имя",
    "имя", "наименование", "название",
)  # fmt: skip
BIRTH_HEADERS = (
    "birth date", "birthdate", "date of birth", "dob", "born", "birthday", "дата рождения",
)  # fmt: skip
COUNTRY_HEADERS = (
    "country", "nationality", "citizenship", "страна", "гражданство",
)  # fmt: skip


class ScreenInputError(ValueError):
    """A list `kg screen` cannot read; the message names the file and the line or column."""


def fold(header: str) -> str:
    return _FOLD.sub(" ", header.strip().lower()).strip()


@dataclass(frozen=True)
class Columns:
    """Where the name, birth date and country are in each row (indexes into the header)."""

    header: list[str]
    name: int
    birth_date: int | None
    country: int | None


@dataclass(frozen=True)
class Row:
    line: int  # the physical line the record starts on (1 is the header)
    fields: list[str]  # as read, padded with empty fields to the header's width
    name: str
    birth_date: str
    country: str


@dataclass(frozen=True)
class Layout:
    """What the first lines say about the file: how to read it and write its answer."""

    delimiter: str
    bom: bool
    sep_line: bool = False  # Excel's `sep=;` line came first


def _lines(path: Path, raw: BinaryIO) -> Iterator[str]:
    """The file's lines decoded, with their line endings (as csv wants them); the first bad
    byte is named by line and byte offset."""
    offset = 0
    for number, data in enumerate(iter(lambda: raw.readline(MAX_LINE_BYTES + 1), b""), 1):
        if len(data) > MAX_LINE_BYTES:
            raise ScreenInputError(
                f"{path}:{number}: a line longer than {MAX_LINE_BYTES:,} bytes; a list of "
                "names is expected, one per line"
            )
        if number == 1 and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise ScreenInputError(
                f"{path}: the file is UTF-16 (as Excel's 'Unicode text' saves it), not "
                "UTF-8; re-save it as 'CSV UTF-8'"
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ScreenInputError(
                f"{path}:{number}: byte {offset + error.start:,} (0x{data[error.start]:02x}) is "
                "not UTF-8; re-save the file as UTF-8 ('CSV UTF-8' in Excel, UTF-8 in "
                "LibreOffice's 'Character set')"
            ) from None
        offset += len(data)
        yield text.removeprefix("\ufeff") if number == 1 else text


def _delimiter(sample: list[str]) -> str:
    try:
        found = csv.Sniffer().sniff("".join(sample)[:SNIFF_CHARS], delimiters=DELIMITERS).delimiter
    except csv.Error:  # one column, or nothing it can tell: the plain comma
        return ","
    return found if found in DELIMITERS else ","


def _find(header: list[str], wanted: str | None, known: tuple[str, ...]) -> int | None:
    """The column asked for (exactly, else regardless of case and spacing), or else the
    first header `known` lists."""
    if wanted is not None:
        for same in (str.strip, fold):
            for index, head in enumerate(header):
                if same(head) == same(wanted):
                    return index
        return None
    folded = [fold(head) for head in header]
    for name in known:
        if name in folded:
            return folded.index(name)
    return None


def _columns(
    where: str, header: list[str], name: str | None, birth: str | None, country: str | None
) -> Columns:
    """The columns, found by header or as given; `where` is `file:line` of the header."""
    found = ", ".join(repr(head) for head in header)
    index = _find(header, name, NAME_HEADERS)
    if index is None and name is not None:
        raise ScreenInputError(
            f"{where}: --name-column {name!r} is not a column; the header has {found}"
        )
    if index is None:
        raise ScreenInputError(
            f"{where}: no name column among the headers {found}; give it with "
            "--name-column, or start the file with a header line such as `name`"
        )
    optional = []
    for given, known, flag in (
        (birth, BIRTH_HEADERS, "--birth-date-column"),
        (country, COUNTRY_HEADERS, "--country-column"),
    ):
        at = _find(header, given, known)
        if at is None and given is not None:
            raise ScreenInputError(
                f"{where}: {flag} {given!r} is not a column; the header has {found}"
            )
        optional.append(at)
    return Columns(header=header, name=index, birth_date=optional[0], country=optional[1])


class CsvList:
    """One pass over the list: `layout` and `columns` from its first lines, then `rows()`."""

    def __init__(
        self,
        path: Path,
        name: str | None = None,
        birth_date: str | None = None,
        country: str | None = None,
    ) -> None:
        self.path = path
        self._raw = path.open("rb")
        try:
            bom = self._raw.read(3) == codecs.BOM_UTF8
            self._raw.seek(0)
            lines = _lines(path, self._raw)
            sample = [line for _, line in zip(range(SNIFF_LINES), lines, strict=False)]
            # Excel's `sep=;` first line names the delimiter (and is kept in the answer).
            sep = _SEP.fullmatch(sample[0].strip()) if sample else None
            delimiter = sep.group(1) if sep else _delimiter(sample)
            self.layout = Layout(delimiter=delimiter, bom=bom, sep_line=sep is not None)
            self._reader = csv.reader(chain(sample, lines), delimiter=delimiter)
            if sep:
                self._next()
            header = self._next()
            while header is not None and not any(cell.strip() for cell in header):
                header = self._next()  # blank lines before the header
            if header is None:
                raise ScreenInputError(
                    f"{path}: the file is empty; a CSV with a header line (such as `name`) "
                    "and one row per name is expected"
                )
            where = f"{path}:{self._reader.line_num}"
            self.columns = _columns(where, header, name, birth_date, country)
        except BaseException:
            self._raw.close()
            raise

    def _next(self) -> list[str] | None:
        try:
            return next(self._reader)
        except StopIteration:
            return None
        except csv.Error as error:  # an unclosed quote, a field past csv's size limit
            raise ScreenInputError(
                f"{self.path}:{self._reader.line_num}: {error}; check the quotes on this line"
            ) from None

    def rows(self) -> Iterator[Row]:
        """Every record, checked; blank lines are skipped."""
        columns, width = self.columns, len(self.columns.header)
        try:
            while True:
                line = self._reader.line_num + 1
                fields = self._next()
                if fields is None:
                    return
                if not fields:  # a blank line; a line of empty fields is a row without a name
                    continue
                if len(fields) > width:
                    raise ScreenInputError(
                        f"{self.path}:{line}: {len(fields)} fields, but the header has {width}; "
                        f"put double quotes around a field that holds {self._shown()}"
                    )
                fields += [""] * (width - len(fields))
                row = Row(
                    line=line,
                    fields=fields,
                    name=fields[columns.name].strip(),
                    birth_date=_cell(fields, columns.birth_date),
                    country=_cell(fields, columns.country),
                )
                self._check(row)
                yield row
        finally:
            self._raw.close()

    def _shown(self) -> str:
        return {"\t": "a tab", ",": "a comma", ";": "a semicolon"}[self.layout.delimiter]

    def _check(self, row: Row) -> None:
        header = self.columns.header
        if "\n" in row.name or "\r" in row.name:
            raise ScreenInputError(
                f"{self.path}:{row.line}: column {header[self.columns.name]!r}: the name runs "
                f"on to line {self._reader.line_num}; a double quote not closed? A name "
                "is one line"
            )
        for index in (self.columns.name, self.columns.birth_date, self.columns.country):
            if index is not None and len(row.fields[index].strip()) > MAX_VALUE_CHARS:
                raise ScreenInputError(
                    f"{self.path}:{row.line}: column {header[index]!r}: "
                    f"{len(row.fields[index].strip())} characters; at most {MAX_VALUE_CHARS}"
                )


def _cell(fields: list[str], index: int | None) -> str:
    return fields[index].strip() if index is not None else ""


def check(
    path: Path, name: str | None = None, birth: str | None = None, country: str | None = None
) -> tuple[Layout, Columns, int]:
    """Read the whole list once, checking every row (its problems come before any query):
    how it is laid out, its columns and how many rows it has."""
    if not path.is_file():
        raise ScreenInputError(f"{path} is not a file; give the list as a CSV file")
    listed = CsvList(path, name, birth, country)
    return listed.layout, listed.columns, sum(1 for _ in listed.rows())
