"""Name folding for search and linking: romanisations, Russian cases, word forms."""

from __future__ import annotations

import pytest

from graph.text import key, query_forms, search_keys


@pytest.mark.parametrize(
    ("spellings", "folded"),
    [
        # English, German, Polish, French, scholarly, ISO 9 (with and without diacritics)
        (
            [
                "Khodorkovsky",
                "Chodorkowski",
                "Khodorkovski",
                "Chodorkovskij",
                "Hodorkovskij",
                "Ходорковский",
            ],
            "hodorkovski",
        ),
        (["Navalny", "Nawalny", "Naval'nyj", "Navalʹnyj", "Navalnyi", "Навальный"], "navalni"),
        (["Kasparov", "Kasparow", "Каспаров"], "kasparov"),
        (["Ponomarev", "Ponomarëv", "Ponomarjow", "Пономарёв"], "ponomarev"),
        (["Chubais", "Tschubais", "Tchoubais", "Čubajs", "Чубайс"], "hubais"),
        (["Yevgeny", "Evgeny", "Jewgenij", "Evgenij", "Евгений"], "evgeni"),
        (["Yulia", "Yuliya", "Julija", "Юлия"], "yulia"),
        (["Schulmann", "Šulman", "Шульман"], "shulman"),
        (["თბილისი", "Tbilisi"], "tbilisi"),
    ],
)
def test_romanisations_share_a_key(spellings: list[str], folded: str) -> None:
    assert {key(s): s for s in spellings}.keys() == {folded}


@pytest.mark.parametrize(
    ("inflected", "name"),
    [
        ("Пономарёва", "Пономарёв"),
        ("Ходорковского", "Ходорковский"),
        ("с Навальным", "Навальный"),
        ("Кара-Мурзы", "Кара-Мурза"),
        ("Юлии Навальной", "Юлия Навальная"),
        ("Легиона «Свобода России»", "Легион «Свобода России»"),
        ("Съезда народных депутатов", "Съезд народных депутатов"),
        ("Фонда борьбы с коррупцией", "Фонд борьбы с коррупцией"),
    ],
)
def test_russian_cases_fold_to_the_names_key(inflected: str, name: str) -> None:
    assert set(map(" ".join, query_forms(inflected))) & set(search_keys(name))


def test_cases_keep_gender_apart() -> None:
    # "Навальной" is his widow's name in the genitive, not his.
    forms = {" ".join(f) for f in query_forms("Навальной")}
    assert "navalnaya" in forms and "navalni" not in forms


def test_a_patronymic_is_left_out_of_the_query() -> None:
    assert ["ilya", "ponomarev"] in query_forms("Илья Владимирович Пономарёв")
    assert ["ponomarev", "ilya"] in query_forms("Ponomarev Ilya Vladimirovich")
    # two words: nothing is dropped, even one that looks like a patronymic
    assert query_forms("Roman Abramovich") == [["roman", "abramovih"]]


def test_search_keys_add_folded_cases_only_for_russian_names() -> None:
    assert search_keys("Freedom of Russia Legion", "Legion") == ["fredom of rusia legion", "legion"]
    assert search_keys("Съезд народных депутатов") == [
        "sezd narodnyh deputatov",
        "sezd narodni deputat",
    ]


def test_possessive_is_not_a_soft_sign() -> None:
    assert key("Navalny's team") == "navalni s team"
    assert key("Naval'nyj") == "navalni"


def test_case_forms_of_names_pymorphy3_does_not_know() -> None:
    from graph import morph

    assert morph.case_forms("юрий дудь") == ("юрия дудя", "юрию дудю", "юрием дудем", "юрии дуде")
    assert morph.case_forms("лилия чанышева")[2] == "лилией чанышевой"
    assert morph.case_forms("владимир кара-мурза")[0] == "владимира кара-мурзы"
    assert morph.case_forms("мария певчих")[1] == "марии певчих"  # -их does not decline
    assert morph.case_forms("екатерина шульман")[3] == "екатерине шульман"  # a woman's -н
    assert morph.case_forms("Navalny") == ()


def test_a_persons_case_forms_fold_to_its_keys() -> None:
    from graph.text import lemma_words, search_keys

    keys = search_keys("Yury Dud", "Юрий Дудь", person=True)
    assert " ".join(lemma_words("Юрия Дудя")) in keys
    assert " ".join(lemma_words("Юрия Дудя")) not in search_keys("Yury Dud", "Юрий Дудь")
