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
