"""Entity suggestions: GET /search's ranking (any script, spelling or Russian case), only
people and organisations, with each one's description to tell namesakes apart. An entity
id as the prefix suggests that entity first, as the specification expects."""

from __future__ import annotations

import re

from api.reconcile.vocabulary import TYPES
from api.repository import Repository
from api.schemas import reconcile as r
from graph import text
from graph.schema import ENTITY_ID_PATTERN, NodeType

SEARCH_FETCH = 100  # ranked hits read; a page never reaches past it (cursor + limit <= 100)
MAX_DESCRIPTION = 200


async def suggest_entities(
    repo: Repository, prefix: str, type: str | None, cursor: int, limit: int
) -> r.ReconSuggestEntities:
    wanted = {type} if type else set(TYPES)
    ids = []
    if re.fullmatch(ENTITY_ID_PATTERN, prefix.strip()):
        named = (await repo.facts([prefix.strip()])).get(prefix.strip())
        ids += [named.id] if named and named.type in wanted else []
    forms = text.query_forms(prefix)
    if forms:  # punctuation alone searches for nothing (GET /search would refuse it)
        found = await repo.search(prefix, forms, NodeType(type) if type else None, SEARCH_FETCH)
        ids += [hit.id for hit in found.results if hit.type in wanted]
    page = list(dict.fromkeys(ids))[cursor : cursor + limit]
    facts = await repo.facts(page)
    shown = [facts[id_] for id_ in page if id_ in facts]
    return r.ReconSuggestEntities(
        result=[
            r.ReconSuggestEntity(
                id=f.id,
                name=f.name,
                description=(f.description or "")[:MAX_DESCRIPTION] or None,
                notable=[r.ReconType(id=f.type, name=TYPES[f.type].name)],
            )
            for f in shown
        ]
    )
