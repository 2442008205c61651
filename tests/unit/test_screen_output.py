"""`kg screen` without Neo4j, its answer: the lines of each kind of answer, the statuses'
text, the query examples, the file written (delimiter, BOM, only when complete), the
batches in the list's order against a stand-in for Repository.match, and the progress."""

from __future__ import annotations

import asyncio
import codecs
import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from api.matching.examples import Example
from api.schemas import match as m
from api.schemas.common import Party
from kg import screen
from kg.screen_input import CsvList, Row
from kg.screen_output import COLUMNS, Ticker, Writer, answer_lines, held_text


@pytest.fixture(autouse=True)
def no_progress_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_PROGRESS", raising=False)


def listed(tmp_path: Path, data: str | bytes) -> CsvList:
    path = tmp_path / "list.csv"
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return CsvList(path)


# What a row becomes


def held(status: str, party: str = "", certain: bool | None = True) -> m.HeldStatus:
    by = Party(id=f"org:{party.lower()}", name=party) if party else None
    return m.HeldStatus(
        status=status, facet="condition", since=None, until=None, certain=certain,
        attributed_to=by, sources=["s"],
    )  # fmt: skip


def result(id_: str, score: float, match: bool, ambiguous: bool = False) -> m.MatchResult:
    return m.MatchResult(
        id=id_, caption=id_.split(":")[1].title(), schema_="Person", properties={},
        datasets=[], score=score, match=match, features={}, explanations={},
        ambiguous=ambiguous, entity_id=id_, status_as_of=date(2023, 6, 1),
        statuses=[held("in_exile"), held("in_exile"), held("imprisoned", "FSB")],
        designations=[held("foreign_agent", certain=False)], sources=7, publishers=5,
        links=m.MatchLinks(entity=f"http://api/entities/{id_}", browser="b"),
    )  # fmt: skip


def answer(*results: m.MatchResult) -> m.QueryMatches:
    return m.QueryMatches(
        results=list(results), total=m.Total(value=len(results)),
        query=m.EchoedQuery(schema_="Person", properties={}), ambiguous=False, unused=[],
    )  # fmt: skip


def test_held_statuses_once_with_whose_claim_and_certainty() -> None:
    assert held_text([held("in_exile"), held("in_exile"), held("dead", "RVC")]) == (
        "in_exile; dead (per RVC)"
    )
    assert held_text([held("detained", "FSB", certain=False)]) == "detained (not certain, per FSB)"
    assert held_text([held("x", certain=False), held("x")]) == "x"  # one certain statement
    assert held_text([]) == ""


def test_lines_for_each_kind_of_answer() -> None:
    row = Row(line=2, fields=["7", "Gudkov"], name="Gudkov", birth_date="", country="")
    two = answer(result("person:a-b", 0.5, False, True), result("person:c-d", 0.6, False))
    lines = answer_lines(row, two)
    assert [line[:6] for line in lines] == [
        ["7", "Gudkov", "1", "ambiguous", "0.50", "person:a-b"],
        ["7", "Gudkov", "2", "candidate", "0.60", "person:c-d"],
    ]
    assert lines[0][6:] == [
        "A-B", "in_exile; imprisoned (per FSB)", "foreign_agent (not certain)", "7", "5",
        "http://api/entities/person:a-b",
    ]  # fmt: skip
    assert answer_lines(row, answer(result("person:a-b", 1.0, True)))[0][3] == "match"
    assert answer_lines(row, answer(result("person:a-b", 1.0, True, True)))[0][3] == "ambiguous"
    for none in (None, answer()):
        assert answer_lines(row, none) == [["7", "Gudkov", "", "no match", *[""] * 8]]
    empty = Row(line=3, fields=["8", ""], name="", birth_date="", country="")
    assert answer_lines(empty, None) == [["8", "", "", "no name", *[""] * 8]]
    assert len(lines[0]) == 2 + len(COLUMNS)


def test_examples_carry_birth_date_and_country_unscored() -> None:
    def ex(schema: str, birth: str = "", country: str = "") -> Example | None:
        row = Row(line=2, fields=[], name="Gudkov", birth_date=birth, country=country)
        return screen.example(row, schema, "list.csv:2")

    dated = ex("LegalEntity", "1956", "RU")  # only people have birth dates
    assert dated is not None and dated.schema == "Person"
    assert dated.properties == {"name": ["Gudkov"], "birthDate": ["1956"], "nationality": ["RU"]}
    assert dated.unused() == ["birthDate", "nationality"]
    org = ex("Organization", "1989", "RU")
    assert org is not None and org.properties == {"name": ["Gudkov"], "country": ["RU"]}
    plain = ex("LegalEntity")
    assert plain is not None and plain.schema == "LegalEntity" and plain.names == ("Gudkov",)
    empty = Row(line=3, fields=[], name="", birth_date="1956", country="")
    assert screen.example(empty, "Person", "list.csv:3") is None


@pytest.mark.parametrize("bom", [False, True])
def test_the_answer_keeps_the_lists_delimiter_and_bom(tmp_path: Path, bom: bool) -> None:
    found = listed(tmp_path, (codecs.BOM_UTF8 if bom else b"") + "ФИО;n\nГудков;1\n".encode())
    out = tmp_path / "out.csv"
    writer = Writer(out, found.layout, found.columns.header)
    for row in found.rows():
        writer.row(row, None)
    assert not out.exists()  # until finished
    writer.finish()
    data = out.read_bytes()
    assert data.startswith(codecs.BOM_UTF8) == bom
    text = data.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text), delimiter=";")) == [
        ["ФИО", "n", *COLUMNS],
        ["Гудков", "1", "", "no match", *[""] * 8],
    ]
    assert (writer.lines, writer.tally["no match"]) == (1, 1)
    assert not list(tmp_path.glob("*.part"))


# Batches, against a stand-in for Repository.match


class FakeRepo:
    """Answers each name with itself as the entity; records the batches it was sent."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    async def match(self, examples: dict[str, Example], **kw: Any) -> dict[str, m.QueryMatches]:
        self.batches.append([ex.names[0] for ex in examples.values()])
        await asyncio.sleep(0.001 * (len(self.batches) % 2))  # answers out of order
        return {
            key: answer(result(f"person:{ex.names[0]}", 1.0, True)) for key, ex in examples.items()
        }


def test_batches_of_100_written_in_the_lists_order(tmp_path: Path) -> None:
    names = [f"n{i}" if i % 50 else "" for i in range(1, 251)]
    found = listed(tmp_path, "name\n" + "\n".join(f'"{n}"' for n in names) + "\n")
    out = tmp_path / "out.csv"
    writer = Writer(out, found.layout, found.columns.header)
    options = screen.Options("Person", date(2023, 6, 1), 0.7, 3, "http://api")
    repo = FakeRepo()
    run = screen.Screening(found, options, writer, Ticker(250, io.StringIO()))
    asyncio.run(run.run(repo))  # type: ignore[arg-type]
    writer.finish()
    assert [len(b) for b in repo.batches] == [98, 98, 49]  # 100 rows each, the nameless unsent
    rows = list(csv.reader(out.open(encoding="utf-8")))[1:]
    assert [r[0] for r in rows] == names
    assert [r[4] for r in rows] == [f"person:{n}" if n else "" for n in names]
    assert writer.tally == {"match": 245, "no name": 5}


def test_progress_only_for_runs_longer_than_its_interval(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    quiet = io.StringIO()
    ticker = Ticker(300, quiet)
    for _ in range(3):
        ticker.advance(100)
    ticker.close()
    assert quiet.getvalue() == ""
    monkeypatch.setattr("kg.screen_output.PROGRESS_EVERY", 0.0)
    shown = io.StringIO()
    ticker = Ticker(300, shown)
    for _ in range(3):
        ticker.advance(100)
    ticker.close()
    lines = shown.getvalue().splitlines()
    assert lines[0].startswith("screening: 100/300 rows, ") and "rows/s" in lines[0]
    assert "s left" in lines[0] and lines[-1].startswith("screening: 300/300 rows")
    assert len(lines) == 3  # the last figures not repeated


def test_the_defaults_are_post_match_defaults() -> None:
    from api.routers import match
    from api.settings import ApiSettings

    assert (screen.THRESHOLD, screen.CUTOFF) == (match.THRESHOLD, match.CUTOFF)
    assert ApiSettings.model_fields["match_max_queries"].default == screen.BATCH


def test_a_failure_half_way_leaves_no_answer(tmp_path: Path) -> None:
    class Down(FakeRepo):
        async def match(self, examples: dict[str, Example], **kw: Any) -> dict[str, m.QueryMatches]:
            if self.batches:
                raise RuntimeError("gone")
            return await super().match(examples, **kw)

    found = listed(tmp_path, "name\n" + "x\n" * 350)
    out = tmp_path / "out.csv"
    writer = Writer(out, found.layout, found.columns.header)
    options = screen.Options("Person", date(2023, 6, 1), 0.7, 3, "http://api")
    run = screen.Screening(found, options, writer, Ticker(350, io.StringIO()))
    with pytest.raises(RuntimeError):
        asyncio.run(run.run(Down()))  # type: ignore[arg-type]
    writer.discard()
    assert not out.exists() and not list(tmp_path.glob("*.part"))
