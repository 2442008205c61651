"""The mention linker over the curated data (read by the ingest's loader, no Neo4j)."""

from __future__ import annotations

import time

import pytest

from graph.linker import CONFIDENT, Linker
from ingest.models import DataFile
from ingest.yamlio import load
from kg.link import draft, linker_from_data


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


def test_linking_is_linear_in_the_text(linker: Linker) -> None:
    """Every mention once scanned every match (100k characters took 6.5 s, 200k
    24 s). Ten times the text must take about ten times as long, not a hundred: the ratio
    is measured in this process, with a bound generous enough for a busy machine."""
    from bench.link import article

    def best(text: str) -> float:
        took = []
        for _ in range(3):  # CPU time: other processes on the cores do not count
            start = time.process_time()
            linker.link(text)
            took.append(time.process_time() - start)
        return min(took)

    small, large = best(article(20_000)), best(article(200_000))
    print(f"linking 20k characters: {small * 1000:.0f} ms, 200k: {large * 1000:.0f} ms")
    assert large / small < 40  # linear: ~10-20; the quadratic matcher: ~100


def test_the_nested_name_is_found_in_a_long_text(linker: Linker) -> None:
    text = "The Free Russia Foundation’s office opened. " * 2000
    found = linker.link(text)
    nested = [m for m in found if m.text == "Free Russia Foundation"]
    assert len(nested) == 2000 and all(text[m.start : m.end] == m.text for m in found)


def test_a_busy_linker_answers_429_and_frees_its_slot() -> None:
    """KG_LINK_CONCURRENCY texts at once; one more is refused at once, not queued."""
    import asyncio

    from api.errors import Busy
    from api.linking.index import LinkIndex, TextTooLong
    from bench.link import article

    index = LinkIndex(max_chars=1_000_000, concurrency=1)
    index.linker, index.version = linker_from_data(), "now"

    async def version() -> str:
        return "now"  # the graph has not changed since the linker was built

    async def rows(*_: object, **__: object) -> list[dict[str, object]]:
        raise AssertionError("the graph is not read: the linker is current")

    async def crowd() -> list[object]:
        first = asyncio.create_task(index.link(article(400_000), 0.0, version, rows))
        await asyncio.sleep(0.05)  # the first holds the one slot
        refused: list[object] = []
        for call in (index.link("Ilya Ponomarev", 0.0, version, rows),):
            try:
                await call
            except Busy as busy:
                refused.append(busy.headers["Retry-After"])
        await first
        after = await index.link("Ilya Ponomarev", 0.0, version, rows)  # the slot is free again
        return [refused, len(after.mentions)]

    assert asyncio.run(crowd()) == [["1"], 1]
    with pytest.raises(TextTooLong):
        asyncio.run(LinkIndex(max_chars=1000).link("x" * 1001, 0.0, version, rows))
