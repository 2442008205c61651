"""The mention linker over the curated data (read by the ingest's loader, no Neo4j)."""

from __future__ import annotations

import pytest

from graph.linker import CONFIDENT, Linker
from ingest.linking import draft, linker_from_data
from ingest.models import DataFile
from ingest.yamlio import load


@pytest.fixture(scope="module")
def linker() -> Linker:
    return linker_from_data()


def _links(linker: Linker, text: str) -> list[tuple[str, str, float]]:
    return [(m.text, m.entity.id, m.confidence) for m in linker.link(text)]


def test_offsets_surface_and_longest_match(linker: Linker) -> None:
    text = "Funds from the Free Russia Foundation reached Russia."
    mentions = linker.link(text)
    assert [(m.text, m.entity.id) for m in mentions] == [
        ("Free Russia Foundation", "org:free-russia-foundation"),
        ("Russia", "place:russia"),
    ]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_russian_cases_and_romanisations(linker: Linker) -> None:
    found = {
        e
        for _, e, c in _links(
            linker, "Встреча с Ходорковским и Юлией Навальной. Chodorkowski und Nawalny."
        )
        if c >= CONFIDENT
    }
    assert found == {
        "person:mikhail-khodorkovsky",
        "person:yulia-navalnaya",
        "person:alexei-navalny",
    }


def test_group_names_in_russian_cases(linker: Linker) -> None:
    text = "Бойцы Легиона «Свобода России» и делегаты Съезда народных депутатов"
    assert {e for _, e, _ in _links(linker, text)} == {
        "org:freedom-of-russia-legion",
        "org:congress-of-peoples-deputies",
    }


def test_a_shared_surname_lists_its_candidates(linker: Linker) -> None:
    (alone,) = linker.link("Gudkov spoke.")
    assert {c.id for c in alone.candidates} == {"person:dmitry-gudkov", "person:gennady-gudkov"}
    assert alone.confidence < CONFIDENT
    # named in full earlier in the text, the surname is that person
    later = linker.link("Dmitry Gudkov left. Gudkov spoke.")[1]
    assert later.entity.id == "person:dmitry-gudkov" and later.confidence >= CONFIDENT
    assert len(later.candidates) == 2


def test_generic_aliases_are_low_confidence(linker: Linker) -> None:
    for text in ("The Legion attacked.", "Tolkien wrote about elves.", "He said no."):
        assert all(m.confidence < CONFIDENT and m.generic for m in linker.link(text)), text
    assert linker.link("The Freedom of Russia Legion attacked.")[0].confidence >= 0.9


def test_an_empty_index_links_nothing() -> None:
    assert Linker([]).link("Putin") == []


def test_draft_is_a_valid_data_file_once_its_source_is_named(linker: Linker) -> None:
    text = "Ilya Ponomarev met Dmitry Gudkov in Kyiv. Gudkov said nothing."
    out = draft({"title": "A test"}, text, linker.link(text))
    filled = out.replace("source:TODO-publisher-yyyy-mm-dd", "source:test-2024-01-01")
    model = DataFile.model_validate(load(filled.replace("https://TODO", "https://x.org")).data)
    assert [m.id for m in model.mentions] == [
        "person:ilya-ponomarev",
        "person:dmitry-gudkov",
        "place:kyiv",
    ]
    assert all(m.quote and m.quote in text for m in model.mentions)
