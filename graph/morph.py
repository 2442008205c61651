"""Russian grammatical cases folded away: one dictionary form per Cyrillic word (pymorphy3).

"Ходорковского" -> "ходорковский", "Юлии Навальной" -> "юлия навальная", "Съезда народных
депутатов" -> "съезд народный депутат". Names keep their gender ("Навальной" is his widow's
name, not his), other words take their dictionary form. Latin words are left as they are.
"""

from __future__ import annotations

from functools import lru_cache

import pymorphy3

_CYRILLIC = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґ")


@lru_cache(maxsize=1)
def _analyser() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def is_cyrillic(word: str) -> bool:
    return any(ch in _CYRILLIC for ch in word)


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The nominative of a lower-case Cyrillic word; other words unchanged."""
    if not is_cyrillic(word) or len(word) < 2:
        return word
    parse = _analyser().parse(word)[0]
    tag = parse.tag
    if "femn" in tag and "sing" in tag and ("Surn" in tag or tag.POS == "ADJF"):
        # a woman's surname ("Навальной" -> "навальная"), not the masculine dictionary form
        form = parse.inflect({"femn", "sing", "nomn"})
        if form is not None:
            return str(form.word)
    return str(parse.normal_form)


# ---------------------------------------------------------------- a name's case forms
CASES = ("gent", "datv", "ablt", "loct")  # genitive, dative, instrumental, prepositional
# A surname pymorphy3 does not know declines by its ending: (ending, the four case endings),
# longest ending first; a surname that matches none (-ых, -ко, -о, -и, a woman's ending in a
# consonant) does not decline.
_MASC_RULES = (
    ("ий", ("ого", "ому", "им", "ом")),
    ("ый", ("ого", "ому", "ым", "ом")),
    ("ой", ("ого", "ому", "ым", "ом")),
    ("й", ("я", "ю", "ем", "е")),
    ("ь", ("я", "ю", "ем", "е")),
)
_FEMN_RULES = (
    ("ая", ("ой", "ой", "ой", "ой")),
    ("ова", ("ой", "ой", "ой", "ой")),
    ("ева", ("ой", "ой", "ой", "ой")),
    ("ёва", ("ой", "ой", "ой", "ой")),
    ("ина", ("ой", "ой", "ой", "ой")),
    ("ына", ("ой", "ой", "ой", "ой")),
)
_BOTH_RULES = (
    ("ия", ("ии", "ии", "ией", "ии")),
    ("я", ("и", "е", "ей", "е")),
    ("ка", ("ки", "ке", "кой", "ке")),
    ("га", ("ги", "ге", "гой", "ге")),
    ("ха", ("хи", "хе", "хой", "хе")),
    ("жа", ("жи", "же", "жей", "же")),
    ("ша", ("ши", "ше", "шей", "ше")),
    ("ча", ("чи", "че", "чей", "че")),
    ("ща", ("щи", "ще", "щей", "ще")),
    ("а", ("ы", "е", "ой", "е")),
)
_INDECLINABLE = ("ых", "их", "ко", "о", "е", "и", "у", "ю", "э")
_VOWELS = frozenset("аеёиоуыэюя")
_GIVEN, _SURNAME = frozenset({"Name", "Patr"}), frozenset({"Surn"})
_ANY = _GIVEN | _SURNAME


def _by_rule(word: str, case: int, gender: str) -> str:
    """`word` (a surname in the nominative) in the case CASES[case], by its ending."""
    if word.endswith(_INDECLINABLE):
        return word
    rules = (_FEMN_RULES + _BOTH_RULES) if gender == "femn" else (_MASC_RULES + _BOTH_RULES)
    for ending, forms in rules:
        if word.endswith(ending):
            return word[: len(word) - len(ending)] + forms[case]
    if gender == "femn" or word[-1] in _VOWELS:  # a woman's surname in a consonant
        return word
    hard = ("а", "у", "ом", "е") if word[-1] not in "жшчщц" else ("а", "у", "ем", "е")
    return word + (
        "ым" if case == 2 and word.endswith(("ов", "ев", "ёв", "ин", "ын")) else hard[case]
    )


@lru_cache(maxsize=65536)
def _name_gender(word: str) -> str | None:
    """The gender of `word` read as a given name in the nominative; None if it is none."""
    for parse in _analyser().parse(word):
        if "Name" in parse.tag and "nomn" in parse.tag and parse.tag.gender:
            return str(parse.tag.gender)
    return None


def _gender(words: list[str]) -> str:
    """A person's grammatical gender: from a known given name, else the surname's ending."""
    for word in words:
        if (gender := _name_gender(word)) is not None:
            return gender
    return "femn" if words and words[-1].endswith(tuple(e for e, _ in _FEMN_RULES)) else "masc"


@lru_cache(maxsize=1 << 18)  # names repeat their words: given names, common surnames
def _decline(word: str, case: int, gender: str, kinds: frozenset[str]) -> str:
    """One word of a name in the nominative, in a case: pymorphy3 where it knows the word as
    one of `kinds` (Name, Surn, Patr) of that gender, else the surname rule."""
    if "-" in word:  # "Кара-Мурза": the last part declines
        head, _, last = word.rpartition("-")
        return f"{head}-{_decline(last, case, gender, kinds)}"
    for parse in _analyser().parse(word):
        tag = parse.tag
        if "nomn" in tag and tag.gender == gender and kinds & tag.grammemes:
            if "Fixd" in tag:
                return word
            form = parse.inflect({CASES[case], "sing"})
            if form is not None:
                return str(form.word)
    return _by_rule(word, case, gender)


@lru_cache(maxsize=16384)
def case_forms(name: str) -> tuple[str, ...]:
    """A Cyrillic person's name (nominative, lower case) in the genitive, dative,
    instrumental and prepositional: "юрий дудь" -> "юрия дудя", "юрию дудю", …"""
    words = name.split()
    if not words or not is_cyrillic(name):
        return ()
    gender = _gender(words)
    # the last of several words is the surname: "Чанышева" is not the given name here
    kinds = [_GIVEN] * (len(words) - 1) + [_SURNAME if len(words) > 1 else _ANY]
    return tuple(
        " ".join(_decline(w, c, gender, k) for w, k in zip(words, kinds, strict=True))
        for c in range(len(CASES))
    )
