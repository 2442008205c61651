"""Search keys: one form for a name under any spelling, and no more merging than that."""

from __future__ import annotations

import pytest

from graph.text import fold, key, keys


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
