"""`kg screen` against the real Neo4j with the curated data: the fixture list's names in
other scripts, spellings and orders find their entities, with the statuses holding on the
day asked for; a shared surname is ambiguous, a made-up name no match; the answers are
POST /match's."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.settings import Neo4jSettings
from kg.cli import main
from kg.screen_output import COLUMNS
from tests.helpers import LOCAL_API

LIST = Path(__file__).parent / "fixtures" / "screen" / "list.csv"
NAVALNY = "person:alexei-navalny"
Lines = dict[str, list[dict[str, str]]]  # the answer's lines by the list's `ref`
Screen = Callable[..., tuple[Lines, str]]


@pytest.fixture()
def screen(
    loaded_graph: Neo4jSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Screen:
    """Run `kg screen` in-process on the loaded graph: (its lines by `ref`, its stdout)."""
    monkeypatch.setenv("NEO4J_URI", loaded_graph.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", loaded_graph.secret)

    def run(*args: str, source: Path = LIST) -> tuple[Lines, str]:
        out = tmp_path / "result.csv"
        assert main(["screen", str(source), "--out", str(out), *args]) == 0
        said = capsys.readouterr()
        assert said.err == ""  # a short list: no progress lines
        with out.open(encoding="utf-8", newline="") as handle:
            # The answer is written with the list's own delimiter.
            delimiter = ";" if ";" in handle.readline() else ","
            handle.seek(0)
            lines = list(csv.DictReader(handle, delimiter=delimiter))
        by_ref: Lines = {}
        for line in lines:
            by_ref.setdefault(line["ref"], []).append(line)
        return by_ref, said.out

    return run


def best(lines: list[dict[str, str]]) -> tuple[str, str, str, str]:
    first = lines[0]
    return first["match_status"], first["entity_id"], first["score"], first["statuses_as_of"]


def test_the_list_as_of_a_day(screen: Screen) -> None:
    rows, said = screen("--as-of", "2023-06-01")
    assert list(rows) == [str(n) for n in range(1, 11)]  # every row, in order
    assert best(rows["1"]) == ("match", "person:ilya-ponomarev", "1.00", "in_exile")
    assert best(rows["2"]) == ("match", "person:ilya-ponomarev", "1.00", "in_exile")
    assert best(rows["3"])[:3] == ("match", "person:dmitry-gudkov", "1.00")
    # Two people bear the surname: both listed, neither a match.
    assert [(x["match_rank"], x["match_status"], x["score"]) for x in rows["4"]] == [
        ("1", "ambiguous", "0.50"),
        ("2", "ambiguous", "0.50"),
    ]
    assert {x["entity_id"] for x in rows["4"]} == {"person:dmitry-gudkov", "person:gennady-gudkov"}
    assert best(rows["5"]) == ("match", "person:vladimir-kara-murza", "1.00", "imprisoned")
    assert "foreign_agent" in rows["5"][0]["designations"].split("; ")
    assert best(rows["6"])[:3] == ("match", "org:memorial", "1.00")
    assert [best(rows["7"]), best(rows["8"])] == [("no match", "", "", ""), ("no name", "", "", "")]
    assert best(rows["9"]) == ("match", NAVALNY, "1.00", "imprisoned")
    assert best(rows["10"]) == ("match", "person:denis-kapustin", "1.00", "")
    navalny = rows["9"][0]
    assert navalny["entity_name"] == "Alexei Navalny"
    assert navalny["link"] == f"http://127.0.0.1:8000/entities/{NAVALNY}"
    assert int(navalny["sources"]) >= int(navalny["publishers"]) > 1
    # The list's own columns come first, unchanged (birth date and country only echoed).
    first = rows["1"][0]
    assert list(first)[:4] == ["ref", "Full Name", "birth_date", "country"]
    assert list(first)[4:] == list(COLUMNS)
    assert (first["Full Name"], first["birth_date"], first["country"]) == (
        "Пономарёв Илья", "1975-08-06", "RU",
    )  # fmt: skip
    assert "Screened 10 rows" in said and "as of 2023-06-01" in said
    assert "7 match, 1 ambiguous, 0 candidate only, 1 no match, 1 no name" in said


def test_statuses_follow_the_day_and_say_whose_claim(screen: Screen) -> None:
    rows, _ = screen("--as-of", "2026-01-02", "--base-url", "https://graph.example/")
    # The RVC announced his death; the source reports it as the RVC's claim.
    assert best(rows["10"])[3] == "dead (per Russian Volunteer Corps)"
    assert rows["9"][0]["statuses_as_of"].split("; ")[0] == "dead"
    assert rows["9"][0]["link"] == f"https://graph.example/entities/{NAVALNY}"
    rows, _ = screen("--as-of", "2021-02-01")
    assert best(rows["9"])[3] == "detained"


def test_schema_threshold_and_candidates(screen: Screen, tmp_path: Path) -> None:
    rows, said = screen("--schema", "Person", "--candidates", "1")
    assert best(rows["6"])[0] == "no match"  # Memorial is no person
    assert len(rows["4"]) == 1 and rows["4"][0]["match_status"] == "ambiguous"
    rows, _ = screen("--schema", "Organization")
    assert best(rows["6"])[:2] == ("match", "org:memorial")
    assert best(rows["3"])[0] == "no match"
    typo = tmp_path / "typo.csv"
    typo.write_text("ref;name\n1;Dmitry Gudkin\n", encoding="utf-8")
    rows, _ = screen(source=typo)
    assert best(rows["1"])[:3] == ("match", "person:dmitry-gudkov", "0.73")
    rows, said = screen("--threshold", "0.8", source=typo)
    assert best(rows["1"])[:3] == ("candidate", "person:dmitry-gudkov", "0.73")
    assert "0 match, 0 ambiguous, 1 candidate only" in said


def test_the_answers_are_post_match_answers(screen: Screen, loaded_graph: Neo4jSettings) -> None:
    rows, _ = screen("--as-of", "2023-06-01")
    with LIST.open(encoding="utf-8") as handle:
        names = {row["ref"]: row["Full Name"] for row in csv.DictReader(handle)}
    queries = {
        ref: {"schema": "Person" if ref == "1" else "LegalEntity", "properties": {"name": [n]}}
        for ref, n in names.items()
        if n
    }
    with TestClient(create_app(loaded_graph), base_url=LOCAL_API) as client:
        response = client.post(
            "/match/exile_graph",
            params={"as_of": "2023-06-01", "limit": 3},
            json={"queries": queries},
        )
    assert response.status_code == 200, response.text
    for ref, answer in response.json()["responses"].items():
        api = [(r["entity_id"], f"{r['score']:.2f}") for r in answer["results"]]
        cli = [(x["entity_id"], x["score"]) for x in rows[ref] if x["entity_id"]]
        assert cli == api, ref
