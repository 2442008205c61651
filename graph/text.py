"""Search keys: one spelling-insensitive form for names in Cyrillic or Latin script.

"Пономарёв", "Ponomaryov" and "Ponomarev" all become "ponomarev": case and accents are
folded, Cyrillic is transliterated, and common variants of romanisation are merged.
The ingest stores these keys on every node; the API folds queries the same way.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "є": "ye", "і": "i", "ї": "yi", "ґ": "g",
}

# Romanisation variants merged into one form, applied in order to each word.
_VARIANTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"x"), "ks"),
    (re.compile(r"tz"), "ts"),
    (re.compile(r"sch"), "sh"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"^ye"), "e"),
    (re.compile(r"(?<=[^aeiou])yo"), "e"),
    (re.compile(r"yo"), "e"),
    (re.compile(r"(iy|yy|yi|ii|ij|y)$"), "i"),
    (re.compile(r"ey"), "ei"),
    (re.compile(r"w"), "v"),
    (re.compile(r"(.)\1"), r"\1"),
]


def fold(text: str) -> str:
    """Lower case, with Cyrillic ё and й kept apart from accents, then accents removed."""
    lowered = text.lower().replace("ё", "е").replace("й", "\0")
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(ch)
    )
    return stripped.replace("\0", "й")


def transliterate(text: str) -> str:
    return "".join(_CYRILLIC.get(ch, ch) for ch in text)


def words(text: str) -> list[str]:
    """The search words of a name: folded, romanised, variants merged."""
    plain = transliterate(fold(text))
    out = []
    for word in re.findall(r"[a-z0-9]+", plain):
        for pattern, replacement in _VARIANTS:
            word = pattern.sub(replacement, word)
        out.append(word)
    return out


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
