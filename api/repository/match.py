"""Matching a batch of query examples (POST /match, /reconcile, kg screen): two reads.

The first read asks the full-text index for every query's candidates at once; they are
scored in Python on their folded keys (api/matching/score.py); the second read fetches
what the kept results carry (statuses, sources, publishers), once for the whole batch.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any
from urllib.parse import quote

from api import ranking
from api.browser_link import browser_url
from api.errors import NotFound
from api.matching.examples import Example
from api.matching.score import Scored, best, matches, unshared
from api.repository import rows
from api.repository.base import RepositoryBase
from api.schemas import match as m
from graph.ftm.ids import to_ftm_id
from graph.ftm.tables import DATASET, ENTITY_SCHEMA
from graph.schema import Facet
from graph.statuses import holds_on, uncertain_period

FETCH = 50  # index hits scored per query: far more than the bearers of one full name


def lucene(example: Example, fuzzy: bool = True) -> str:
    """Any of the query's names, in any of its forms (ranking.lucene_query per name)."""
    return " OR ".join(
        f"({ranking.lucene_query(forms, fuzzy)})" for _, forms in example.forms if forms
    )


def _prominence(row: dict[str, Any]) -> float:
    return 3 * math.log1p(row["sources"] or 0) + math.log1p(row["degree"] or 0)


def _ftm_properties(detail: dict[str, Any]) -> dict[str, list[str]]:
    props: dict[str, list[str]] = {"name": [detail["name"]]}
    if detail["aliases"]:
        props["alias"] = list(detail["aliases"])
    if detail.get("description"):
        props["notes"] = [detail["description"]]
    return props


def _held(props: dict[str, Any], day: date) -> m.HeldStatus:
    period = uncertain_period(props, day)
    return m.HeldStatus(
        status=props["status"],
        facet=props["facet"],
        since=rows.plain(props.get("valid_from_date")),
        until=rows.plain(props.get("valid_to_date")),
        certain=period is None,
        attributed_to=rows.party(props),
        sources=list(rows.passages(props)),
    )


def _merged(held: list[m.HeldStatus]) -> list[m.HeldStatus]:
    """Statements that say the same (status, dates, whose claim) as one, with all their
    sources; statements that differ, in a date or in who claims them, stay apart."""
    out: dict[str, m.HeldStatus] = {}
    for h in held:
        same = h.model_dump_json(exclude={"sources"})
        if same in out:
            out[same].sources.extend(s for s in h.sources if s not in out[same].sources)
        else:
            out[same] = h
    return list(out.values())


class Matching(RepositoryBase):
    async def match(
        self,
        examples: dict[str, Example],
        limit: int,
        threshold: float,
        cutoff: float,
        as_of: date,
        base_url: str = "/",
    ) -> dict[str, m.QueryMatches]:
        # Exact words and prefixes first; the index's fuzzy terms cost some fifteen times as
        # much, so only a query that found no exact name asks again with them.
        found = await self._candidates(examples, fuzzy=False)
        scored = {key: self._scored(examples[key], hits, cutoff) for key, hits in found.items()}
        unsure = {k: examples[k] for k, hits in scored.items() if not hits or hits[0][0].score < 1}
        if unsure:
            again = await self._candidates(unsure, fuzzy=True)
            for key, fresh in again.items():
                scored[key] = self._scored(examples[key], fresh, cutoff)
        ids = sorted({row["id"] for hits in scored.values() for _, row in hits[:limit]})
        details = (
            {row["id"]: row for row in await self._rows("api/match/details", ids=ids)}
            if ids
            else {}
        )
        out = {}
        for key, hits in scored.items():
            flags = matches([s for s, _ in hits], threshold)
            many = sum(flags) > 1
            results = [
                self._result(s, details[row["id"]], full, many, as_of, base_url)
                for (s, row), full in zip(hits[:limit], flags, strict=False)
                if row["id"] in details
            ]
            example = examples[key]
            out[key] = m.QueryMatches(
                results=results,
                total=m.Total(value=len(hits)),
                query=m.EchoedQuery(schema_=example.schema, properties=example.properties),
                ambiguous=many or any(r.ambiguous for r in results if r.score >= cutoff),
                unused=example.unused(),
            )
        return out

    async def _candidates(
        self, examples: dict[str, Example], fuzzy: bool
    ) -> dict[str, list[dict[str, Any]]]:
        """The index's hits for each query, one read for the batch."""
        queries = [
            {"key": key, "lucene": q, "types": [t.value for t in ex.types]}
            for key, ex in examples.items()
            if (q := lucene(ex, fuzzy))
        ]
        found = await self._rows("api/match/candidates", queries=queries, fetch=FETCH)
        by_key: dict[str, list[dict[str, Any]]] = {key: [] for key in examples}
        for row in found:
            by_key[row["key"]].append(row)
        return by_key

    async def ftm_entity(self, id: str) -> m.FtmEntity:
        """One entity as yente's GET /entities/{id} sends it (the matched entity, for a
        client that expands a match); 404 when no entity has the id."""
        found = await self._rows("api/match/details", ids=[id])
        if not found:
            raise NotFound(f"no entity has the id {id!r}; POST /match/{DATASET} finds ids")
        detail = found[0]
        return m.FtmEntity(
            id=to_ftm_id(id),
            caption=detail["name"],
            schema_=ENTITY_SCHEMA[detail["type"]],
            properties=_ftm_properties(detail),
            datasets=[DATASET],
        )

    @staticmethod
    def _scored(
        example: Example, hits: list[dict[str, Any]], cutoff: float
    ) -> list[tuple[Scored, dict[str, Any]]]:
        unique = list({row["id"]: row for row in reversed(hits)}.values())
        scored = [best(example.forms, row["keys"] or [], row["type"] == "Person") for row in unique]
        scored = unshared(scored, [row["type"] == "Person" for row in unique])
        kept = [(s, row) for s, row in zip(scored, unique, strict=True) if s.score >= cutoff]
        return sorted(kept, key=lambda pair: (-pair[0].score, -_prominence(pair[1]), pair[1]["id"]))

    def _result(
        self,
        scored: Scored,
        detail: dict[str, Any],
        full: bool,
        many: bool,
        day: date,
        base_url: str,
    ) -> m.MatchResult:
        statuses = detail["statuses"]
        holding = [s for s, h in zip(statuses, holds_on(statuses, day), strict=True) if h]
        held = _merged([_held(s, day) for s in holding])
        named_in = detail["named_in"]
        id_ = detail["id"]
        props = _ftm_properties(detail)
        return m.MatchResult(
            id=to_ftm_id(id_),
            caption=detail["name"],
            schema_=ENTITY_SCHEMA[detail["type"]],
            properties=props,
            datasets=[DATASET],
            score=scored.score,
            match=full,
            features={scored.feature: scored.score},
            explanations={scored.feature: m.Explanation(score=scored.score, detail=scored.detail)},
            ambiguous=scored.ambiguous or (many and full),
            entity_id=id_,
            status_as_of=day,
            statuses=[h for h in held if h.facet != Facet.DESIGNATION.value],
            designations=[h for h in held if h.facet == Facet.DESIGNATION.value],
            sources=len(named_in),
            publishers=len({s["publisher"] for s in named_in if s.get("publisher")}),
            links=m.MatchLinks(
                entity=f"{base_url.rstrip('/')}/entities/{quote(id_, safe=':')}",
                browser=browser_url(self.api.browser_url, id_),
            ),
        )
