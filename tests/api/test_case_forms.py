"""Every Cyrillic full name of a person in the data, in the genitive, dative, instrumental
and prepositional (pymorphy3 where it can inflect, the surname rule of graph/morph.py where
it cannot): /search returns the person first, and /link finds him or her in a sentence."""

from __future__ import annotations

from collections import Counter

import pytest

from graph import morph
from graph.text import key
from ingest.validate import DEFAULT_DATA_DIR, validate


def _cyrillic_full_names() -> list[tuple[str, str]]:
    """(person id, Cyrillic name of two or more words) where no other person has that name."""
    named = [
        (e.id, alias)
        for p in validate(DEFAULT_DATA_DIR)
        for e in p.model.entities
        if e.type == "Person"
        for alias in (e.name, *e.aliases)
        if morph.is_cyrillic(alias.lower()) and len(alias.split()) > 1
    ]
    owners = Counter(key(alias) for _, alias in set(named))
    return sorted({(i, a) for i, a in named if owners[key(a)] == 1})


NAMES = _cyrillic_full_names()


def test_the_data_has_many_cyrillic_names() -> None:
    assert len(NAMES) > 50


@pytest.mark.parametrize(("person", "name"), NAMES, ids=[n for _, n in NAMES])
def test_every_case_form_is_searched_and_linked(api, person: str, name: str) -> None:
    misses = []
    for form in morph.case_forms(name.lower()):
        hits = api.get("/search", params={"q": form, "limit": 3}).json()["results"]
        if not hits or hits[0]["id"] != person:
            misses.append(f"search {form!r}: {[h['id'] for h in hits]}")
        sentence = f"Вчера журналисты написали о {form.title()} в газете."
        body = api.post("/link", json={"text": sentence}).json()
        found = {m["entity"]["id"] for m in body["mentions"]}
        found |= {c["id"] for m in body["mentions"] for c in m["candidates"]}
        if person not in found:
            misses.append(f"link {sentence!r}: {[m['text'] for m in body['mentions']]}")
    assert not misses, misses
