"""POST /match/{dataset}: yente's matching API, so yente's clients can screen against the graph."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from api.deps import RepoDep
from api.errors import Invalid, NotFound
from api.matching.score import ALGORITHM
from api.matching.service import Batches, read_batch
from api.params import IsoDate
from api.schemas import match as m
from graph.ftm.ids import from_ftm_id
from graph.ftm.tables import DATASET
from graph.schema import ENTITY_ID_PATTERN

router = APIRouter(tags=["match"])
# The names yente accepts; all are answered by this service's one algorithm (ALGORITHM).
YENTE_ALGORITHMS = (
    "best", "logic-v2", "logic-v1", "name-based", "name-qualified", "regression-v1",
    "regression-v2", "ofac-249",
)  # fmt: skip
DATASETS = (DATASET, "default")  # "default": what yente's clients ask for unless told
THRESHOLD = 0.7  # yente's default
CUTOFF = 0.5  # a bare surname (0.5) is listed, as ambiguous, but is not a match

BAD: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such dataset (problem+json)"},
    413: {"description": "A body larger than KG_MATCH_MAX_BYTES"},
    422: {"description": "A bad query, schema or property, or too many queries"},
    429: {"description": "KG_MATCH_CONCURRENCY batches are being matched; see Retry-After"},
    504: {"description": "The batch took longer than KG_MATCH_TIMEOUT"},
}


def batches(request: Request) -> Batches:
    found: Batches = request.app.state.batches
    return found


@router.post(
    "/match/{dataset}",
    response_model=m.MatchResponse,
    summary="Match a batch of people or groups by example (yente-compatible)",
    responses=BAD,
)
async def match(
    request: Request,
    response: Response,
    repo: RepoDep,
    body: m.MatchRequest,
    dataset: Annotated[str, Path(max_length=100, description=f"`{DATASET}` (or `default`).")],
    limit: Annotated[int, Query(ge=1, le=50, description="Results per query (1–50).")] = 5,
    threshold: Annotated[
        float, Query(ge=0, le=1, description="A result at least this good is a `match`.")
    ] = THRESHOLD,
    cutoff: Annotated[
        float, Query(ge=0, le=1, description="Results below this are left out.")
    ] = CUTOFF,
    algorithm: Annotated[
        str, Query(max_length=50, description=f"Any of yente's: {', '.join(YENTE_ALGORITHMS)}.")
    ] = "best",
    fuzzy: Annotated[bool, Query(description="Accepted for yente's clients; not used.")] = False,
    as_of: Annotated[
        IsoDate | None, Query(description="The day statuses are for (YYYY-MM-DD); default today.")
    ] = None,
) -> m.MatchResponse:
    """Each query is an FtM example (`{schema, properties}`: `Person`, `Organization`,
    `Company`, `LegalEntity`…, with `name`, `alias`, `firstName`/`lastName`, `birthDate`,
    `nationality`…), keyed by the caller's id; each answer has yente's `status`, `total`
    and `results` (FtM entities with `score`, `match` and the `explanations` of the score).
    Names are compared as /search folds them: any script, romanisation or Russian case
    (`Пономарёва Ильи`, `Ponomaryov`), in any order, with a typo or two. A bare surname
    shared by several people scores 0.5 and is `ambiguous`, never a `match`; only a query's
    best score can be a match (a near spelling is a typo only where nothing fits better).
    Beyond yente, each result carries the statuses and designations holding on `as_of`
    (whose claim, which sources), how many sources and publishers name the entity, and
    links to its page and its Browser view. The graph holds no birth dates or nationalities:
    such properties are echoed and listed in `unused`.

    Example: `{"queries": {"q1": {"schema": "Person", "properties": {"name":
    ["Пономарёва Ильи"]}}}}` matches `person:ilya-ponomarev` (score 1.0).
    """
    if dataset not in DATASETS:
        raise NotFound(f"no dataset {dataset!r}; this service has {DATASET!r}")
    if algorithm.lower() not in YENTE_ALGORITHMS and algorithm != ALGORITHM:
        raise Invalid(
            f"algorithm: {algorithm!r} is unknown; one of {', '.join(YENTE_ALGORITHMS)} "
            f"(each is answered by {ALGORITHM})"
        )
    settings = request.app.state.api_settings
    examples = read_batch(body.queries, settings.match_max_queries)
    day = as_of or date.today()
    answers = await batches(request).run(
        repo,
        examples,
        limit=limit,
        threshold=threshold,
        cutoff=min(cutoff, threshold),
        as_of=day,
        base_url=str(request.base_url),
    )
    for key, raw in body.queries.items():
        answers[key].query.id = raw.get("id") if isinstance(raw.get("id"), str) else None
    response.headers["x-batch-size"] = str(len(answers))
    return m.MatchResponse(
        responses=answers, limit=limit, threshold=threshold, algorithm=ALGORITHM, as_of=day
    )


# yente's base path for its clients: `/ftm/` answers POST match/{dataset} (the route above)
# and GET entities/{id}, so a client pointed at `http://host:8000/ftm/` can match a list and
# then expand its matches (nomenklatura's YenteEnricher builds both URLs from one base).
router.add_api_route(
    "/ftm/match/{dataset}",
    match,
    methods=["POST"],
    response_model=m.MatchResponse,
    include_in_schema=False,
)


@router.get(
    "/ftm/entities/{id}",
    response_model=m.FtmEntity,
    summary="An entity in FtM form, as yente's GET /entities/{id} sends it",
    responses={404: {"description": "No entity has that id (problem+json)"}},
)
async def ftm_entity(
    repo: RepoDep,
    id: Annotated[
        str,
        Path(
            max_length=200,
            description="The FtM id a match gave (`eg-person-ilya-ponomarev`) or the graph's "
            "(`person:ilya-ponomarev`).",
        ),
    ],
    nested: Annotated[bool, Query(description="Accepted for yente's clients.")] = False,
) -> m.FtmEntity:
    """The entity's FtM id, caption, schema and properties (name, aliases, notes). For the
    whole entity, its relations and sources, see `GET /entities/{entity_id}`."""
    ours = from_ftm_id(id) or id
    if not re.fullmatch(ENTITY_ID_PATTERN, ours):
        raise NotFound(f"{id!r} is not an entity id (`eg-person-…` or `person:…`)")
    return await repo.ftm_entity(ours)
