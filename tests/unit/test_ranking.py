"""Search ranking without Neo4j: stop words, word order, initials, surnames, ambiguity."""

from __future__ import annotations

from api import ranking
from graph.text import key, query_forms


def _match(q: str, keys: list[str], person: bool = True) -> ranking.Match:
    return ranking.match(query_forms(q), keys, person)


def test_stop_words_are_never_required_by_the_index_query() -> None:
    lucene = ranking.lucene_query(query_forms("Legion of the Elves"))
    assert "legion" in lucene and "elves" in lucene
    assert "+(of" not in lucene and "+(the" not in lucene


def test_each_form_of_a_query_may_match() -> None:
    lucene = ranking.lucene_query(query_forms("Ходорковского"))
    assert "hodorkovskogo" in lucene and "hodorkovski^4" in lucene and " OR (" in lucene


def test_word_order_initials_and_surnames() -> None:
    keys = ["ilya ponomarev"]
    assert _match("Ponomarev, Ilya", keys) == ranking.Match("exact", True)
    assert _match("I. Ponomarev", keys) == ranking.Match("prefix", True)
    assert _match("Ponomarev", keys) == ranking.Match("exact", True)  # his surname
    assert _match("Ponomarev", keys, person=False).kind != "exact"
    assert _match("Ilya", keys).kind != "exact"  # a first name is not a name


def test_names_with_stop_words_match_exactly() -> None:
    keys = [key("Parliamentary Assembly of the Council of Europe")]
    assert _match("Parliamentary Assembly of the Council of Europe", keys).kind == "exact"
    assert _match("Parliamentary Assembly, Council of Europe", keys).kind == "exact"


def test_ambiguity_is_reported() -> None:
    rows = [
        {
            "id": "person:dmitry-gudkov",
            "name": "Dmitry Gudkov",
            "type": "Person",
            "aliases": ["Gudkov"],
            "keys": ["dmitri gudkov", "gudkov"],
            "score": 3.0,
        },
        {
            "id": "person:gennady-gudkov",
            "name": "Gennady Gudkov",
            "type": "Person",
            "aliases": [],
            "keys": ["genadi gudkov"],
            "score": 2.0,
        },
        {
            "id": "event:x",
            "name": "Gudkov leaves",
            "type": "Event",
            "aliases": [],
            "keys": ["gudkov leaves"],
            "score": 2.5,
        },
    ]
    hits = ranking.rank(query_forms("Gudkov"), rows)
    assert set(ranking.named(hits)) == {"person:dmitry-gudkov", "person:gennady-gudkov"}
    assert ranking.named(ranking.rank(query_forms("Dmitry Gudkov"), rows)) == [
        "person:dmitry-gudkov"
    ]


def test_a_short_query_asks_the_index_for_whole_words_only() -> None:
    assert ranking.short(query_forms("EU")) and ranking.short(query_forms("X"))
    assert not ranking.short(query_forms("FSB"))
    lucene = ranking.lucene_query(query_forms("EU"))
    assert lucene == "(+eu)"
    assert "*" not in lucene and "~" not in lucene


def test_namesakes_are_ordered_by_sources_then_connections() -> None:
    def row(id: str, sources: int, degree: int, score: float = 1.0) -> dict[str, object]:
        keys = ["evgeni mihailov", "evgeni mihailova"]
        return {"id": id, "name": "Evgeny Mikhailov", "type": "Person", "aliases": []} | {
            "keys": keys,
            "score": score,
            "sources": sources,
            "degree": degree,
        }

    rows = [row("a", 1, 3, score=1.05), row("b", 6, 2), row("c", 1, 40), row("d", 0, 0)]
    hits = ranking.rank(query_forms("Евгения Михайлова"), rows)  # his name in the genitive
    assert [h.id for h in hits] == ["b", "c", "a", "d"]
    assert {h.match for h in hits} == {"exact"}
    assert (hits[0].sources, hits[0].connections) == (6, 2)
    # a better match still outranks a more prominent namesake: the tier comes first
    prefix = row("e", 50, 500) | {"keys": ["evgeni mihailovski"]}
    assert ranking.rank(query_forms("Evgeny Mikhailov"), [prefix, row("f", 0, 0)])[0].id == "f"
