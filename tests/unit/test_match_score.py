"""The /match name score and query reading, without a server: each feature of the table in
api/matching/score.py, the edit distance against a plain reference, and every refusal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.matching.examples import ExampleInvalid, read_example
from api.matching.score import Scored, best, edits, matches, query_names, unshared
from graph import text


def score(query: str, name: str, *aliases: str, person: bool = True) -> Scored:
    return best(query_names([query]), text.search_keys(name, *aliases, person=person), person)


@pytest.mark.parametrize(
    ("query", "name", "feature", "value"),
    [
        ("Ilya Ponomarev", "Ilya Ponomarev", "name_exact", 1.0),
        ("Ponomarev, Ilya", "Ilya Ponomarev", "name_exact", 1.0),  # order
        ("Ilja Ponomarjow", "Ilya Ponomarev", "name_exact", 1.0),  # romanisation
        ("Пономарёва Ильи", "Илья Пономарёв", "name_exact", 1.0),  # genitive
        ("Ilya Vladimirovich Ponomarev", "Ilya Ponomarev", "name_exact", 1.0),  # patronymic out
        ("I. Ponomarev", "Ilya Ponomarev", "name_initials", 0.8),
        ("A. Pivovarov", "Andrei Pivovarov", "name_initials", 0.8),  # "a": an initial here
        ("Y. Dud", "Yuri Dud", "name_initials", 0.8),  # "Y." folds to "i"
        ("Ilua Ponomarev", "Ilya Ponomarev", "name_fuzzy", 0.83),  # one typo
        ("Ilua Ponomarv", "Ilya Ponomarev", "name_fuzzy", 0.73),  # two
        ("Ilya Ponomarev Jr", "Ilya Ponomarev", "name_subset", 0.8),
        ("Gudkov", "Dmitry Gudkov", "surname_only", 0.5),
        ("Кара-Мурза", "Evgenia Kara-Murza", "surname_only", 0.5),  # one part, two words
        ("Dmitry", "Dmitry Gudkov", "given_name_only", 0.3),
    ],
)
def test_each_feature_scores_as_the_table_says(query, name, feature, value) -> None:
    found = score(query, name)
    assert (found.feature, found.score) == (feature, value), found


def test_a_feminine_ending_or_another_given_name_is_not_a_typo() -> None:
    assert score("Dmitry Gudkova", "Dmitry Gudkov").score < 0.7
    assert score("Ivan Gudkov", "Dmitry Gudkov").score < 0.7
    assert score("Aleksandra Gudkova", "Aleksandr Gudkov").feature != "name_fuzzy"
    assert score("Free Russia", "Free Russia Foundation", person=False).score < 0.7
    # an initial the name does not have: "E. Kara-Murza" is not the alias "Kara-Murza"
    assert score("E. Kara-Murza", "Kara-Murza").score < 0.7


def test_a_surname_two_people_bear_is_no_match_for_either() -> None:
    names = query_names(["Gudkov"])
    found = [
        best(names, text.search_keys("Dmitry Gudkov", "Gudkov", person=True), True),
        best(names, text.search_keys("Gennady Gudkov", person=True), True),
        best(names, text.search_keys("Gudkov", person=False), False),
    ]
    assert [f.feature for f in found] == ["name_exact", "surname_only", "name_exact"]
    shared = unshared(found, [True, True, False])
    assert [(f.feature, f.score) for f in shared] == [
        ("surname_only", 0.5),
        ("surname_only", 0.5),
        ("name_exact", 1.0),
    ]
    assert all(f.ambiguous for f in shared[:2]) and not shared[2].ambiguous
    # one bearer: nothing to share
    assert unshared(found[:1], [True]) == found[:1]


def test_initials_that_fit_two_people_are_no_match_for_either() -> None:
    names = query_names(["R. Shaveddinov"])
    found = [
        best(names, text.search_keys("Ruslan Shaveddinov", person=True), True),
        best(names, text.search_keys("Rodion Shaveddinov", person=True), True),
    ]
    assert [f.feature for f in found] == ["name_initials", "name_initials"]
    shared = unshared(found, [True, True])
    assert [(f.feature, f.score, f.ambiguous) for f in shared] == [
        ("initials_shared", 0.6, True),
        ("initials_shared", 0.6, True),
    ]
    assert unshared(found[:1], [True]) == found[:1]


def _osa(a: str, b: str) -> int:
    """Optimal string alignment, the textbook table: the reference for `edits`."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


@given(st.text("abcd", max_size=7), st.text("abcd", max_size=7), st.integers(0, 4))
def test_edits_agrees_with_the_reference_up_to_its_limit(a: str, b: str, most: int) -> None:
    if a + "a" == b or b + "a" == a:  # a feminine ending: never a typo
        assert edits(a, b, most) > most
    else:
        assert edits(a, b, most) == min(_osa(a, b), most + 1)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("Gudkov", "q: an object with `schema` and `properties`"),
        ({"schema": "Vessel", "properties": {}}, "q.schema: 'Vessel'"),
        ({"schema": "Person", "properties": []}, "q.properties: an object"),
        ({"schema": "Person", "properties": {"imoNumber": "1"}}, "q.properties.imoNumber"),
        ({"schema": "Person", "properties": {"name": [None]}}, "q.properties.name[0]"),
        ({"schema": "Person", "properties": {"name": ["A"] * 21}}, "21 values; at most 20"),
        ({"schema": "Person", "properties": {"name": ["  "]}}, "no name to match"),
        ({"schema": "Person", "properties": {f"p{i}": [] for i in range(21)}}, "21 properties"),
    ],
)
def test_a_bad_example_names_its_field(raw, says) -> None:
    with pytest.raises(ExampleInvalid, match=None) as refused:
        read_example("q", raw)
    assert says in str(refused.value)


def test_an_example_reads_names_parts_and_keeps_the_rest_unused() -> None:
    found = read_example(
        "q",
        {
            "schema": "Person",
            "properties": {
                "name": "Ilya Ponomarev",
                "firstName": ["Ilya"],
                "lastName": ["Ponomarev"],
                "alias": ["Илья Пономарёв", ""],
                "birthDate": ["1975-01-06"],
            },
        },
    )
    assert found.names == ("Ilya Ponomarev", "Илья Пономарёв")  # the parts give nothing new
    assert found.unused() == ["birthDate"]
    assert [t.value for t in found.types] == ["Person"]


def test_only_the_best_score_matches() -> None:
    exact, typo = Scored(1.0, "name_exact", ""), Scored(0.83, "name_fuzzy", "")
    assert matches([exact, typo], 0.7) == [True, False]  # the near spelling is another name
    assert matches([typo, Scored(0.73, "name_fuzzy", "")], 0.7) == [True, False]
    assert matches([typo, typo], 0.7) == [False, False]  # two names a typo away: a guess
    assert matches([exact, exact, typo], 0.7) == [True, True, False]  # namesakes: both
    assert matches([Scored(0.5, "surname_only", ""), Scored(0.25, "name_words", "")], 0.2) == [
        False,
        False,
    ]
    assert matches([typo], 0.9) == [False] and matches([], 0.7) == []
