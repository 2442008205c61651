"""Search keys: one spelling-insensitive form for names in Cyrillic or Latin script.

"Пономарёв", "Ponomaryov" and "Ponomarev" all become "ponomarev": case and accents are
folded, Cyrillic is transliterated, and the usual romanisations (English, German, Polish,
French, scholarly and ISO 9) are merged: "Chodorkowski", "Khodorkovski", "Hodorkovskij" and
"Ходорковский" share "hodorkovski". Lemma keys fold Russian grammatical cases too
("Ходорковского" -> "hodorkovski", see graph/morph.py). The ingest stores these keys on
every node; the API folds queries the same way. docs/search.md explains the choices.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from graph import morph

_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "є": "ye",
    "і": "i",
    "ї": "yi",
    "ґ": "g",
}
# Georgian place names ("თბილისი"), in the national romanisation.
_GEORGIAN = "a b g d e v z t i k l m n o p zh r s t u p k gh q sh ch ts dz ts ch kh j h"
_CYRILLIC.update(zip("აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ", _GEORGIAN.split(), strict=True))
# Letters whose accent carries the sound (ISO 9, Czech, Polish): spelled out before accents
# are dropped, so "Čičvarkin" meets "Chichvarkin" and "Łukaszenko" meets "Lukashenko".
_SPELLED = str.maketrans(
    {
        "č": "ch",
        "ć": "ch",
        "š": "sh",
        "ś": "s",
        "ž": "zh",
        "ż": "zh",
        "ź": "z",
        "ŝ": "shch",
        "ł": "l",
        "û": "yu",
        "â": "ya",
        "ǎ": "ya",
        "ʹ": "",
        "ʺ": "",
        "′": "",
    }
)
# An apostrophe inside a word marks a soft sign ("Naval'nyj"), except the English possessive.
_SOFT = re.compile(r"(?<=[^\W\d_])['’](?!s\b)(?=[^\W\d_])")

# Romanisation variants merged into one form, applied in order to each word.
_VARIANTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"j"), "y"),  # German, Polish and scholarly j is Russian й
    (re.compile(r"x"), "ks"),
    (re.compile(r"tz"), "ts"),
    (re.compile(r"tsch"), "ch"),  # German ч
    (re.compile(r"sch"), "sh"),
    (re.compile(r"szcz"), "shch"),  # Polish щ, ш, ч
    (re.compile(r"sz"), "sh"),
    (re.compile(r"cz"), "ch"),
    (re.compile(r"tch"), "ch"),  # French ч
    (re.compile(r"ou"), "u"),  # French у
    (re.compile(r"kh"), "h"),
    (re.compile(r"(?<!s)ch"), "h"),  # x is kh, h or ch (German, Polish, Czech)
    (re.compile(r"^ye"), "e"),
    (re.compile(r"(?<=[^aeiou])yo"), "e"),
    (re.compile(r"yo"), "e"),
    (re.compile(r"iya"), "ia"),
    (re.compile(r"(iy|yy|yi|ii|ij|y)$"), "i"),
    (re.compile(r"ey"), "ei"),
    (re.compile(r"(?<=[aeiou])y(?=[^aeiou])"), "i"),  # Chubays, Chubais, Čubajs
    (re.compile(r"w"), "v"),
    (re.compile(r"(.)\1"), r"\1"),
]
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_BREVE = "\u0306"  # what NFKD leaves of й after its и

# Russian prepositions and conjunctions ("с Навальным"): dropped from folded-case forms.
_RU_STOP = frozenset("с со в во на о об обо у к ко по за из от до для при про и а".split())  # noqa: SIM905
# A patronymic, romanised, in any case ("Владимирович", "Vladimirovna", "Ивановной").
_PATRONYMIC = re.compile(r"(ovi|evi|ihi)(h|ha|hu|hem|he)$|(ovn|evn|ihn)(a|i|oi|u|e)$")

# Words the full-text analyzer drops (Lucene's English stop set): never required to match.
_LUCENE_STOP = (
    "a an and are as at be but by for if in into is it no not of on or such that the their "
    "then there these they this to was will with"
)
STOP_WORDS = frozenset(_LUCENE_STOP.split())


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case, accents removed; Cyrillic ё is е, but й stays a letter of its own.

    No placeholder character: й is told apart from и by its breve after decomposition, so
    no input (a NUL included) can turn into a letter. Remembered briefly: a name is folded
    once for its keys and again for its lemma keys.
    """
    lowered = text.lower().replace("ё", "е").translate(_SPELLED)
    lowered = _SOFT.sub("", lowered)
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", lowered):
        if ch == _BREVE and out and out[-1] == "и":
            out[-1] = "й"
        elif not unicodedata.combining(ch):
            out.append(ch)
    return "".join(out)


def transliterate(text: str) -> str:
    return "".join(_CYRILLIC.get(ch, ch) for ch in text)


def romanise(word: str) -> list[str]:
    """One folded word (any script) as its search words, variants merged."""
    return list(_romanised(word))


@lru_cache(maxsize=65536)
def _romanised(word: str) -> tuple[str, ...]:
    """Remembered: names share most of their words (a given name, a common surname)."""
    out = []
    for part in re.findall(r"[a-z0-9]+", transliterate(word)):
        for pattern, replacement in _VARIANTS:
            part = pattern.sub(replacement, part)
        out.append(part)
    return tuple(out)


def words(text: str) -> list[str]:
    """The search words of a name: folded, romanised, variants merged."""
    return [w for token in _WORD.findall(fold(text)) for w in _romanised(token)]


def lemma_words(text: str) -> list[str]:
    """As `words`, with each Russian word in its dictionary form first (cases folded)."""
    return [
        w
        for token in _WORD.findall(fold(text))
        if token not in _RU_STOP
        for w in _romanised(morph.lemma(token))
    ]


def key(text: str) -> str:
    """One comparable key for a whole name."""
    return " ".join(words(text))


def keys(*names: str) -> list[str]:
    """Distinct keys for a name and its aliases, in order."""
    seen: dict[str, None] = {}
    for name in names:
        k = key(name)
        if k:
            seen.setdefault(k, None)
    return list(seen)


@lru_cache(maxsize=1 << 18)
def _part_words(part: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """One whitespace-separated part of a name: its words, and with cases folded. Names
    repeat their parts (given names, common surnames) far more often than whole, and no
    word spans whitespace, so a name's words are its parts' words in order."""
    return tuple(words(part)), tuple(lemma_words(part))


def search_keys(*names: str, person: bool = False) -> list[str]:
    """Every key of a name and its aliases: as written, then with Russian cases folded. A
    person's Cyrillic names also give the keys their case forms fold to, where pymorphy3
    does not fold them back ("Юрия Дудя": a surname it does not know)."""
    parted = [(name, [_part_words(p) for p in name.split()]) for name in names]
    plain = [" ".join(w for ws, _ in parts for w in ws) for _, parts in parted]
    cyrillic = [name for name in names if morph.is_cyrillic(name.lower())]
    folded = [
        " ".join(w for _, ws in parts for w in ws) for name, parts in parted if name in cyrillic
    ]
    if person:
        folded += [
            " ".join(w for part in form.split() for w in _part_words(part)[1])
            for name in cyrillic
            for form in morph.case_forms(name.lower())
        ]
    return list(dict.fromkeys(k for k in plain + folded if k))


def query_forms(text: str) -> list[list[str]]:
    """A query's word lists to try: as written, then with cases folded; patronymics out."""
    forms: list[list[str]] = []
    for found in (words(text), lemma_words(text)):
        middle = [i for i, w in enumerate(found) if i and _PATRONYMIC.search(w)]
        if len(found) > 2 and middle:
            found = found[: middle[0]] + found[middle[0] + 1 :]
        if found and found not in forms:
            forms.append(found)
    return forms
