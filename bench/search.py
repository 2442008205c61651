"""Search and linking quality and speed: `make bench` prints these figures.

1. /search on variants generated from every entity (bench/variants.py): recall@1, recall@5,
   mean reciprocal rank and p50 latency, overall and by kind of variant. A query that
   names several entities equally counts as found first when it reports the entity among
   its `candidates`.
2. The linker's precision and recall on the seed article against the people, groups and
   places its data file names. The article's text is read from ../shared/sources when that
   folder is present (it is not part of the project); otherwise this part is skipped.
3. Namesakes (bench/namesakes.py): every curated person gets a generated person of the same
   names that one source names once; recall@1 of the curated person, first place only.
4. /link latency on a 10,000-word text, at the curated size (through the API) and with
   100,000 synthetic entities (bench/synthetic_names.py; the matcher, as the API runs it).

    .venv/bin/python -m bench.search

Uses NEO4J_URI when set; otherwise starts a throwaway local Neo4j on free ports.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from fastapi.testclient import TestClient

from api.main import create_app
from bench import namesakes, synthetic_names
from bench.load import measured
from bench.servers import ROOT, neo4j_for_bench
from bench.variants import Variant, all_variants
from graph.linker import CONFIDENT, Linker
from ingest.pipeline import run_ingest
from ingest.validate import DEFAULT_DATA_DIR, validate
from kg.link import linker_from_data, read_article
from kg.local.throwaway import LOCAL_API

SEED = "2023-11-23_voa_fact-check-exiled-opposition"
SHARED = ROOT.parent / "shared" / "sources" / f"{SEED}.md"
NAMED_TYPES = {"Person", "Organization", "Place"}  # events and claims are not named verbatim


def _ms(seconds: list[float]) -> str:
    return f"{statistics.median(seconds) * 1000:.1f} ms"


def search_quality(
    api: TestClient, variants: list[Variant], strict: bool = False, label: str = ""
) -> None:
    """Recall by kind of variant; `strict`: only a first place counts (namesakes)."""
    by_kind: dict[str, list[float]] = defaultdict(list)  # reciprocal ranks
    top5: dict[str, list[bool]] = defaultdict(list)
    took, misses, answers = [], [], []
    with measured() as load:
        for v in variants:
            start = time.perf_counter()
            answers.append(api.get("/search", params={"q": v.query, "limit": 20}).json())
            took.append(time.perf_counter() - start)
    for v, body in zip(variants, answers, strict=True):
        ids = [r["id"] for r in body.get("results", [])]
        if not strict and body.get("ambiguous") and v.id in body["candidates"]:
            rank = 1
        else:
            rank = ids.index(v.id) + 1 if v.id in ids else 0
        by_kind[v.kind].append(1 / rank if rank else 0.0)
        top5[v.kind].append(0 < rank <= 5)
        if rank != 1:
            misses.append(f"{v.kind}: {v.query!r} -> {ids[:2]} (want {v.id}, rank {rank})")
    print(
        f"\n/search{label} on {len(variants)} variants of {len({v.id for v in variants})} "
        f"entities; p50 {_ms(took)} ({load})"
    )
    print(f"  {'variant':<20} {'n':>5} {'recall@1':>9} {'recall@5':>9} {'MRR':>7}")
    rows = [*sorted(by_kind.items()), ("all", [x for r in by_kind.values() for x in r])]
    for kind, ranks in rows:
        five = top5[kind] if kind != "all" else [x for r in top5.values() for x in r]
        print(
            f"  {kind:<20} {len(ranks):>5} {sum(r == 1 for r in ranks) / len(ranks):>9.3f} "
            f"{sum(five) / len(five):>9.3f} {statistics.mean(ranks):>7.3f}"
        )
    print(f"  misses at rank 1 ({len(misses)}):")
    for line in misses[:25]:
        print("   ", line)


def linker_quality(linker: Linker) -> None:
    if not SHARED.is_file():
        print(f"\nLinker on the seed article: skipped ({SHARED} is not here).")
        return
    _, text = read_article(SHARED)
    (seed,) = [p for p in validate() if p.path.stem == SEED]
    gold = {e.id for e in seed.model.entities if e.type.value in NAMED_TYPES}
    types = {e.id: e.type.value for p in validate() for e in p.model.entities}
    gold |= {m.id for m in seed.model.mentions if types.get(m.id) in NAMED_TYPES}
    found = {m.entity.id for m in linker.link(text) if m.confidence >= CONFIDENT}
    found = {i for i in found if types.get(i) in NAMED_TYPES}
    hit = found & gold
    print(f"\nLinker on the seed article ({len(text.split())} words, read from {SHARED}):")
    print(
        f"  precision {len(hit) / len(found):.3f} ({len(hit)}/{len(found)}), "
        f"recall {len(hit) / len(gold):.3f} ({len(hit)}/{len(gold)}) against the "
        f"{len(gold)} people, groups and places its data file names"
    )
    print(f"  missed: {sorted(gold - found)}")
    print(f"  not in its data file: {sorted(found - gold)}")


def _words(n: int) -> str:
    """About n words of article text: the seed article repeated, or synthetic text."""
    if SHARED.is_file():
        article = read_article(SHARED)[1].split()
        return " ".join((article * (n // len(article) + 1))[:n])
    return synthetic_names.text(synthetic_names.entities(2_000), n)


def link_speed(api: TestClient) -> None:
    text = _words(10_000)
    took = []
    with measured() as load:
        for _ in range(7):
            start = time.perf_counter()
            response = api.post("/link", json={"text": text})
            took.append(time.perf_counter() - start)
            assert response.status_code == 200, response.text
    n = len(response.json()["mentions"])
    print(
        f"\n/link, {len(text.split())} words, curated graph, through the API: "
        f"first {took[0] * 1000:.0f} ms (builds the automaton), p50 {_ms(took[1:])}, "
        f"{n} mentions ({load})"
    )
    rows = synthetic_names.entities(100_000)
    with measured() as load:
        start = time.perf_counter()
        big = Linker(rows)
        built = time.perf_counter() - start
        text = synthetic_names.text(rows, 10_000)
        took = []
        for _ in range(7):
            start = time.perf_counter()
            found = big.link(text)
            took.append(time.perf_counter() - start)
    print(
        f"/link matcher, {len(text.split())} words, 100,000 synthetic entities: "
        f"automaton built in {built:.1f} s, first {took[0] * 1000:.0f} ms, "
        f"p50 {_ms(took[1:])}, {len(found)} mentions ({load})"
    )


def main() -> None:
    entities = [e for p in validate() for e in p.model.entities]
    variants = all_variants(entities)
    linker_quality(linker_from_data(DEFAULT_DATA_DIR))
    with neo4j_for_bench() as neo4j:
        run_ingest(neo4j.settings)
        with TestClient(create_app(neo4j.settings), base_url=LOCAL_API) as api:
            search_quality(api, variants)
            link_speed(api)
        people = [e for e in entities if e.type.value == "Person"]
        with tempfile.TemporaryDirectory() as tmp:
            run_ingest(neo4j.settings, namesakes.with_namesakes(Path(tmp) / "data", people))
            with TestClient(create_app(neo4j.settings), base_url=LOCAL_API) as api:
                label = ", every person with a generated namesake (first place only),"
                search_quality(api, namesakes.queries(people), strict=True, label=label)
        run_ingest(neo4j.settings)  # the curated graph again


if __name__ == "__main__":
    main()
