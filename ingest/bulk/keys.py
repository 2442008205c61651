"""graph.text.search_keys, cached by the whitespace-separated parts of a name.

A million names repeat their parts (first names, surnames, "Иван", "Petrov") but rarely
whole: folding, romanising and lemmatising each distinct part once is several times faster.
Text folds and splits into words within a part (nothing in graph/text.py looks across
whitespace), so a name's words are its parts' words in order; tests/test_bulk.py checks
the result against graph.text.search_keys. The bulk loader swaps it in while it makes
entity rows (ingest/transform.py calls text.search_keys), and puts the original back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from graph import morph, text

_original = text.search_keys


@lru_cache(maxsize=1 << 20)
def _part(part: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of one part, as written and with Russian cases folded."""
    return tuple(text.words(part)), tuple(text.lemma_words(part))


def search_keys(*names: str) -> list[str]:
    plain: list[str] = []
    lemmas: list[str] = []
    for name in names:
        parts = [_part(p) for p in name.split()]
        key = " ".join(w for words, _ in parts for w in words)
        if key:
            plain.append(key)
        if morph.is_cyrillic(name.lower()):
            lemma = " ".join(w for _, words in parts for w in words)
            if lemma:
                lemmas.append(lemma)
    return list(dict.fromkeys(plain + lemmas))


@contextmanager
def cached_search_keys() -> Iterator[None]:
    text.search_keys = search_keys
    try:
        yield
    finally:
        text.search_keys = _original
