"""`kg screen` without Neo4j, its input: how a list is read (encodings, delimiters,
headers, line numbers), and every bad input as one message with exit code 2, nothing
written (tests/unit/test_screen_output.py has the answer's side).

NEO4J_URI points at a closed port throughout: a test that got past the input checks by
mistake fails on the connection instead of reaching a server."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from api.matching.examples import MAX_VALUE_CHARS
from kg import screen
from kg.cli import main
from kg.local.throwaway import free_port
from kg.screen_input import CsvList, check

FIXTURE = Path(__file__).parents[1] / "fixtures" / "screen" / "list.csv"


@pytest.fixture(autouse=True)
def no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{free_port()}")
    monkeypatch.setenv("NEO4J_PASSWORD", "not-used")
    monkeypatch.delenv("KG_PROGRESS", raising=False)


def listed(tmp_path: Path, data: str | bytes, **columns: str) -> CsvList:
    path = tmp_path / "list.csv"
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return CsvList(path, **columns)


def refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, *args: str) -> str:
    """Run `kg screen` on `data`: exit 2, one line on stderr, nothing written; the line."""
    path = tmp_path / "list.csv"
    path.write_bytes(data)
    out = tmp_path / "out.csv"
    assert main(["screen", str(path), "--out", str(out), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: ") and err.count("\n") == 1 and "Traceback" not in err, err
    assert not out.exists() and not list(tmp_path.glob("*.part"))
    return err.strip()


# Reading


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_utf8_with_or_without_bom_and_any_delimiter(
    tmp_path: Path, bom: bytes, delimiter: str
) -> None:
    lines = [["Nr", "ФИО", "Дата рождения"], ["1", "Пономарёв Илья", "1975"], ["2", "", ""]]
    found = listed(tmp_path, bom + "\n".join(delimiter.join(x) for x in lines).encode())
    assert found.layout.delimiter == delimiter and found.layout.bom == bool(bom)
    assert found.columns.header == lines[0]  # no BOM left on the first header
    rows = list(found.rows())
    assert [(r.line, r.name, r.birth_date, r.fields) for r in rows] == [
        (2, "Пономарёв Илья", "1975", lines[1]),
        (3, "", "", lines[2]),
    ]


@pytest.mark.parametrize(
    "header",
    ["name", "Name", "NAME", "full_name", "Full Name", "full-name", "FullName", "имя", "ФИО"],
)
def test_the_name_column_is_found_by_its_header(tmp_path: Path, header: str) -> None:
    found = listed(tmp_path, f"id,{header},note\n1,Memorial,x\n")
    assert found.columns.name == 1 and next(found.rows()).name == "Memorial"


def test_columns_given_by_flag_regardless_of_case(tmp_path: Path) -> None:
    data = "Person,Born,Land\nGudkov,1956,RU\n"
    found = listed(tmp_path, data, name="person", birth_date="BORN", country="land")
    row = next(found.rows())
    assert (row.name, row.birth_date, row.country) == ("Gudkov", "1956", "RU")
    found = listed(tmp_path, "name,date_of_birth,Nationality\nGudkov,1956,RU\n")
    assert (found.columns.birth_date, found.columns.country) == (1, 2)


def test_one_column_quotes_blank_lines_and_short_rows(tmp_path: Path) -> None:
    data = 'name\n"Ponomarev, Ilya"\n\nMemorial\n""\n'  # a blank line; an empty name
    assert [(r.line, r.name) for r in listed(tmp_path, data).rows()] == [
        (2, "Ponomarev, Ilya"),
        (4, "Memorial"),
        (5, ""),
    ]
    data = 'name;note\n"Gudkov";"two\nlines"\nMemorial\n'  # a note over two lines, a short row
    rows = list(listed(tmp_path, data).rows())
    assert [(r.line, r.fields) for r in rows] == [
        (2, ["Gudkov", "two\nlines"]),
        (4, ["Memorial", ""]),
    ]


def test_excel_sep_line_names_the_delimiter(tmp_path: Path) -> None:
    found = listed(tmp_path, "sep=;\r\nname;x\r\nMemorial;1,5\r\n")
    assert found.layout.delimiter == ";" and found.layout.sep_line
    assert [(r.line, r.fields) for r in found.rows()] == [(3, ["Memorial", "1,5"])]


def test_check_counts_every_row(tmp_path: Path) -> None:
    layout, columns, total = check(FIXTURE)
    assert (layout.delimiter, columns.header[columns.name], total) == (",", "Full Name", 10)


# Every bad input: one message naming the file and the line or column; exit 2


def test_not_utf8_names_line_and_byte(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = b"name\nMemorial\n" + "Гудков\n".encode("cp1251")
    err = refused(tmp_path, capsys, data)
    assert (
        f"{tmp_path / 'list.csv'}:3: byte 14 (0xc3) is not UTF-8; re-save the file as UTF-8" in err
    )
    err = refused(tmp_path, capsys, "name\nГудков\n".encode("utf-16"))
    assert "is UTF-16" in err and "'CSV UTF-8'" in err


@pytest.mark.parametrize(
    ("data", "args", "said"),
    [
        (b"", (), "list.csv: the file is empty; a CSV with a header line"),
        (b"\n \n\n", (), "list.csv: the file is empty"),
        (
            b"Ilya Ponomarev,1975\nMemorial,1989\n",
            (),
            "list.csv:1: no name column among the headers 'Ilya Ponomarev', '1975'; give "
            "it with --name-column, or start the file with a header line such as `name`",
        ),
        (
            b"id,person\n1,Gudkov\n",
            ("--name-column", "fio"),
            "list.csv:1: --name-column 'fio' is not a column; the header has 'id', 'person'",
        ),
        (b"name\nGudkov\n", ("--birth-date-column", "dob"), "--birth-date-column 'dob' is not"),
        (b"name\nGudkov\n", ("--country-column", "land"), "--country-column 'land' is not"),
        (
            b"name,x\nGudkov,1\nPonomarev, Ilya,2\n",
            (),
            "list.csv:3: 3 fields, but the header has 2; put double quotes around a field "
            "that holds a comma",
        ),
        (
            b'name;x\n"Gudkov;1\nMemorial;2\n',
            (),
            "list.csv:2: column 'name': the name runs on to line 3; a double quote not closed?",
        ),
        (
            b"x\nname\n" + b"n" * (MAX_VALUE_CHARS + 1) + b"\n",
            ("--name-column", "x"),
            f"list.csv:3: column 'x': {MAX_VALUE_CHARS + 1} characters; at most {MAX_VALUE_CHARS}",
        ),
        (b"name\n" + b"n" * 1_000_001, (), "list.csv:2: a line longer than 1,000,000 bytes"),
        (b"name\nGudkov\n", ("--as-of", "2023-02-30"), "--as-of: '2023-02-30' is not a day"),
        (b"name\nGudkov\n", ("--as-of", "1.6.2023"), "--as-of: '1.6.2023' is not a day"),
        (b"name\nGudkov\n", ("--threshold", "1.5"), "--threshold: 1.5 is not between 0 and 1"),
        (b"name\nGudkov\n", ("--candidates", "0"), "--candidates: 0 is not between 1 and 50"),
    ],
)
def test_bad_input_is_one_clear_message(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    data: bytes,
    args: tuple[str, ...],
    said: str,
) -> None:
    assert said in refused(tmp_path, capsys, data, *args)


def test_bad_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def err(*args: str) -> str:
        assert main(["screen", *args]) == 2
        return capsys.readouterr().err

    missing = tmp_path / "missing.csv"
    assert f"{missing} is not a file" in err(str(missing), "--out", str(tmp_path / "o.csv"))
    nowhere = tmp_path / "no" / "o.csv"
    assert f"the folder {nowhere.parent} does not exist" in err(str(FIXTURE), "--out", str(nowhere))
    assert "is a folder" in err(str(FIXTURE), "--out", str(tmp_path))
    assert "is the list itself" in err(str(FIXTURE), "--out", str(FIXTURE))


def test_neo4j_down_is_the_message_kg_export_gives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    assert main(["screen", str(FIXTURE), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "did not answer. Start the local one with `kg neo4j start`" in err
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_neo4j_failing_half_way_is_one_message_and_no_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.errors import QueryTimeout

    async def times_out(screening: screen.Screening) -> None:
        screening.write(next(screen.batches(screening.listed.rows(), 3)), {})
        raise QueryTimeout("Neo4j did not answer within the 600s timeout")

    monkeypatch.setattr("graph.driver.check_connection", lambda driver, settings: None)
    monkeypatch.setattr(screen, "_screen", times_out)
    out = tmp_path / "out.csv"
    assert main(["screen", str(FIXTURE), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"kg: the screening stopped after 3 of 10 rows, Neo4j at {os.environ['NEO4J_URI']}: "
        f"Neo4j did not answer within the 600s timeout; {out} was not written\n"
    )
    assert not out.exists() and not list(tmp_path.glob("*.part"))
