"""Search keys: one form for a name under any spelling, and no more merging than that."""

from __future__ import annotations

import pytest

from graph import morph, text
from graph.text import fold, key, keys, query_forms, words
from ingest.validate import DEFAULT_DATA_DIR, validate


@pytest.mark.parametrize(
    ("spellings", "folded"),
    [
        (["Пономарёв", "Ponomaryov", "Ponomarev", "PONOMAREV"], "ponomarev"),
        (["Ходорковский", "Khodorkovsky", "Hodorkovskiy", "Khodorkovskii"], "hodorkovski"),
        (["Алексей", "Alexey", "Aleksei"], "aleksei"),
        (["Шульман", "Schulmann"], "shulman"),
        (["Кара-Мурза", "Kara-Murza", "kara murza"], "kara murza"),
    ],
)
def test_spellings_of_one_name_share_a_key(spellings: list[str], folded: str) -> None:
    assert {key(s) for s in spellings} == {folded}


def test_different_names_keep_different_keys() -> None:
    # He and his widow: folding must not merge the feminine form into the masculine.
    assert key("Навальный") == key("Navalny") != key("Navalnaya") == key("Навальная")


def test_fold_drops_accents_but_keeps_short_i() -> None:
    # NFKD would split й into и + breve; й is a letter of its own, ё is written е.
    assert fold("Zoë Café") == "zoe cafe"
    assert fold("Йод Ёж") == "йод еж"


def test_keys_are_distinct_non_empty_and_in_order() -> None:
    assert keys("Пономарёв", "Ponomarev", "", "—", "Ilya Ponomarev") == [
        "ponomarev",
        "ilya ponomarev",
    ]


@pytest.mark.parametrize("text", ["\0", "\0\0\0", "\x01\x1f\x7f", "и\0"])
def test_control_characters_never_become_letters(text: str) -> None:
    # The fold once used NUL as a placeholder for й: "\0" came back as "й" (and "i").
    assert "й" not in fold(text)
    assert words(text.replace("и", "")) == []
    assert query_forms(text.replace("и", "")) == []


def test_a_decomposed_short_i_is_still_short_i() -> None:
    # и + combining breve (U+0306) is how NFKD writes й; typed that way, it is still й.
    assert fold("Андреи\u0306") == fold("Андрей") == "андрей"
    assert fold("Zoë\0Café") == "zoe\0cafe"
    assert query_forms("Пономарёв\0Илья") == query_forms("Пономарёв Илья")


def whole_name_keys(*names: str) -> list[str]:
    """search_keys as it was before names were split into cached parts: each whole name."""
    plain = [" ".join(text.words(name)) for name in names]
    folded = [" ".join(text.lemma_words(n)) for n in names if morph.is_cyrillic(n.lower())]
    return list(dict.fromkeys(k for k in plain + folded if k))


def test_search_keys_by_cached_parts_are_the_whole_names_keys() -> None:
    names = [(e.name, *e.aliases) for p in validate(DEFAULT_DATA_DIR) for e in p.model.entities]
    names += [("Юлии  Навальной", "Naval\u2019nyj", "Ходорковского Михаила"), ("—",)]
    names += [("Ilya\u00a0Ponomarev", "Илья\tПономарёв"), ("Д'Артаньян",), ("",)]
    for name in names:
        assert text.search_keys(*name) == whole_name_keys(*name), name
