"""yente's own client against the running API: nomenklatura's YenteEnricher, pointed at
`/ftm/`, matches a small FtM file of people (other spellings, Cyrillic, the genitive, a
name in parts) and expands each match, as it would against OpenSanctions' yente."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from followthemoney import Dataset, StatementEntity
from nomenklatura.cache import Cache
from nomenklatura.db import Session, get_engine
from nomenklatura.enrich.yente import YenteEnricher

from graph.settings import Neo4jSettings
from tests.helpers import uvicorn_api

PEOPLE = Path(__file__).parents[1] / "fixtures" / "match" / "people.ftm.json"
# The FtM file's ids -> the graph entity each must be matched to first (None: nothing).
EXPECTED = {
    "list-1": "eg-person-ilya-ponomarev",  # Пономарёва Ильи: the genitive, in Cyrillic
    "list-2": "eg-person-ilya-ponomarev",  # Ilja Ponomarjow: a German romanisation
    "list-3": "eg-person-dmitry-gudkov",  # Dmitri Goudkov: a French one
    "list-4": "eg-person-vladimir-kara-murza",  # KARA-MURZA Vladimir: surname first
    "list-5": "eg-person-mikhail-khodorkovsky",  # Ходорковского Михаила: genitive, reversed
    "list-6": "eg-person-yulia-navalnaya",  # "Navalnaya, Yulia"
    "list-7": "eg-org-anti-corruption-foundation",  # Фонд борьбы с коррупцией
    "list-9": None,  # a name nobody in the graph bears
}


@pytest.fixture(scope="module")
def live_api(
    loaded_graph: Neo4jSettings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The API under uvicorn in its own process: the client speaks HTTP to it."""
    log = tmp_path_factory.mktemp("uvicorn") / "api.log"
    with uvicorn_api(loaded_graph, log, KG_ANALYSIS_WARM="false") as (url, _):
        yield url


@pytest.fixture
def enricher(live_api: str, tmp_path: Path) -> Iterator[YenteEnricher[Dataset]]:
    dataset = Dataset.make({"name": "screening", "title": "A list to screen"})
    session = Session(get_engine(f"sqlite:///{tmp_path / 'nomenklatura.db'}"))
    cache = Cache(session, dataset, create=True)
    config = {"api": f"{live_api}/ftm/", "dataset": "exile_graph", "cache_days": 0}
    found = YenteEnricher(dataset, cache, config)
    yield found
    found.close()


def _entities(dataset: Dataset) -> list[StatementEntity]:
    lines = PEOPLE.read_text(encoding="utf-8").splitlines()
    return [StatementEntity.from_data(dataset, json.loads(line)) for line in lines]


def test_the_enricher_matches_each_spelling_to_its_entity(enricher: YenteEnricher[Dataset]) -> None:
    firsts = {}
    for entity in _entities(enricher.dataset):
        found = list(enricher.match(entity))
        firsts[entity.id] = found[0].id if found else None
        for match in found:
            assert match.schema.name in ("Person", "Organization")
            assert match.get("sourceUrl")[0].endswith(f"/ftm/entities/{match.id}")
    assert {k: v for k, v in firsts.items() if k in EXPECTED} == EXPECTED


def test_a_bare_shared_surname_gives_both_bearers(enricher: YenteEnricher[Dataset]) -> None:
    gudkov = next(e for e in _entities(enricher.dataset) if e.id == "list-8")
    found = {m.id for m in enricher.match(gudkov)}
    assert found == {"eg-person-dmitry-gudkov", "eg-person-gennady-gudkov"}


def test_the_enricher_expands_a_match_through_ftm_entities(
    enricher: YenteEnricher[Dataset],
) -> None:
    genitive = next(e for e in _entities(enricher.dataset) if e.id == "list-1")
    match = next(iter(enricher.match(genitive)))
    expanded = list(enricher.expand(genitive, match))
    assert [e.id for e in expanded] == ["eg-person-ilya-ponomarev"]
    assert expanded[0].caption == "Ilya Ponomarev"
    assert "Илья Пономарёв" in expanded[0].get("alias")
