"""/reconcile: the W3C Reconciliation Service API (0.2), so OpenRefine can reconcile a column
of names against the graph, then extend it with statuses, designations and sources.

OpenRefine sends its batches as a form (`queries=<JSON>`, `extend=<JSON>`); the same
payloads are accepted as a JSON body and, for `GET`, as query parameters. The OpenAPI
document describes the JSON body and the `queries` parameter with the exact schemas they
are checked against (api/reconcile/requests.py); a form field or an `extend` parameter
carries the same JSON as text, which that document cannot describe for a fuzzer to send.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import QueryParams

from api.deps import RepoDep
from api.errors import Invalid, NotFound, Problem
from api.matching.service import Batches
from api.params import EntityIdQuery
from api.reconcile import manifest as service
from api.reconcile.documents import FORM, GET_EXTRA, POST_EXTRA
from api.reconcile.extend import extend
from api.reconcile.preview import POLICY, card
from api.reconcile.queries import reconcile
from api.reconcile.requests import (
    PAYLOADS,
    ExtendQuery,
    QueryBatch,
    TypeId,
    parse_json,
    read_payload,
)
from api.reconcile.suggest import suggest_entities
from api.repository import Repository
from api.schemas import reconcile as r

router = APIRouter(prefix="/reconcile", tags=["reconcile"])
MAX_FORM_FIELDS = 20  # OpenRefine sends one; a body of thousands of fields is not a client

Answer = r.ReconResults | r.ReconExtension
BATCH: dict[int | str, dict[str, Any]] = {
    422: {
        "description": "`queries` or `extend` is not JSON, or a field of it is wrong (named), "
        "or more queries or ids than KG_MATCH_MAX_QUERIES (problem+json)"
    },
    429: {"description": "KG_MATCH_CONCURRENCY batches are being matched; see Retry-After"},
    504: {"description": "The batch took longer than KG_MATCH_TIMEOUT"},
}
POSTED: dict[int | str, dict[str, Any]] = {
    **BATCH,
    413: {"description": "A body larger than KG_MATCH_MAX_BYTES"},
    415: {"description": "A body neither a form nor JSON"},
}


def _batches(request: Request) -> Batches:
    found: Batches = request.app.state.batches
    return found


def _single(params: QueryParams, name: str) -> str:
    given = params.getlist(name)
    if len(given) > 1:
        raise Invalid(f"{name}: given {len(given)} times; give it once")
    return given[0]


async def _answer(request: Request, repo: Repository, payloads: dict[str, Any]) -> Answer:
    if len(payloads) != 1:
        raise Invalid(
            "give `queries` (a reconciliation batch) or `extend` (a data extension query): "
            f"one of them, not {' and '.join(payloads) or 'neither'}"
        )
    most = request.app.state.api_settings.match_max_queries
    if "queries" in payloads:
        batch = read_payload("queries", QueryBatch, payloads["queries"])
        return await reconcile(repo, _batches(request), batch, most, str(request.base_url))
    return await extend(repo, read_payload("extend", ExtendQuery, payloads["extend"]), most)


async def _payloads(request: Request) -> dict[str, Any]:
    """The `queries` or `extend` a POST carries, parsed: from a form (OpenRefine) or JSON."""
    kind = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if kind != FORM and kind != "application/json" and not kind.endswith("+json"):
        raise Problem(
            415,
            "Unsupported media type",
            f"Content-Type {kind or '(none)'}: send {FORM} (`queries=<JSON>` or "
            "`extend=<JSON>`, as OpenRefine does) or application/json",
        )
    try:
        text = (await request.body()).decode("utf-8")
    except UnicodeDecodeError:
        raise Problem(400, "Bad request", "the body is not UTF-8 text") from None
    if kind != FORM:
        body = parse_json("body", text)
        if not isinstance(body, dict):
            raise Invalid("body: an object with `queries` or `extend` is expected")
        unknown = sorted(set(body) - set(PAYLOADS))
        if unknown:
            raise Invalid(f"body.{unknown[0]}: unknown field; give `queries` or `extend`")
        return body
    try:
        fields = parse_qs(
            text, keep_blank_values=True, errors="strict", max_num_fields=MAX_FORM_FIELDS
        )
    except (UnicodeDecodeError, ValueError) as e:
        raise Invalid(f"body: not a form of at most {MAX_FORM_FIELDS} fields ({e})") from None
    for name, values in fields.items():
        if name in PAYLOADS and len(values) > 1:
            raise Invalid(f"{name}: given {len(values)} times; give it once")
    return {name: parse_json(name, v[0]) for name, v in fields.items() if name in PAYLOADS}


Typed = Annotated[str, Query(max_length=100, description="What was typed.")]
Cursor = Annotated[int, Query(ge=0, le=50, description="Suggestions to skip.")]


@router.get(
    "",
    response_model=r.ReconManifest | Answer,
    response_model_exclude_none=True,
    summary="The service manifest; or candidates for a batch of names (`queries`)",
    responses=BATCH,
    openapi_extra=GET_EXTRA,
)
async def manifest_or_answer(
    request: Request, repo: RepoDep
) -> r.ReconManifest | r.ReconResults | r.ReconExtension:
    """Without parameters, the service manifest OpenRefine reads when the service is added
    (`http://127.0.0.1:8000/reconcile`). With `queries`, the candidates for each query, as
    `POST /reconcile` answers them; `extend=<JSON>` here is a data extension query, as the
    POST body's `extend`.

    Example: `GET /reconcile?queries={"q0":{"query":"Dmitri Goudkov"}}` answers
    `person:dmitry-gudkov`."""
    params = request.query_params
    given = {name: _single(params, name) for name in PAYLOADS if name in params}
    if not given:
        settings = request.app.state.api_settings
        return service.manifest(str(request.base_url), request.app.version, settings)
    return await _answer(request, repo, {k: parse_json(k, v) for k, v in given.items()})


@router.post(
    "",
    response_model=Answer,
    response_model_exclude_none=True,
    summary="Reconcile a batch of names (`queries`), or extend reconciled ids (`extend`)",
    responses=POSTED,
    openapi_extra=POST_EXTRA,
)
async def reconcile_or_extend(request: Request, repo: RepoDep) -> Answer:
    """`queries`: each query (`{query, type, limit, properties: [{pid, v}]}`) is matched as
    POST /match matches names — any script, romanisation or Russian case (`Пономарёва
    Ильи`), in any order, with a typo or two — and answered with candidates: the graph's
    id, name, type, `score` (0–100), `match`, description and the matching `features`. A
    bare surname several people bear (`Gudkov`) lists them all, none a `match`. `type` is
    `Person` or `Organization`; properties are `alias` (compared) and `birthDate`,
    `nationality`, `country` (accepted, not compared: the graph holds none).

    `extend` (`{ids, properties: [{id, settings}]}`): for each id, `status` and
    `designations` holding on `settings.as_of` (default today), `sources` (how many name
    the entity) and `aliases_cyrillic`. At most KG_MATCH_MAX_QUERIES queries or ids.

    Example: `queries={"q0": {"query": "Пономарёва Ильи", "type": "Person"}}` (a form
    field, as OpenRefine posts it) answers `person:ilya-ponomarev`, score 100, a match;
    `extend={"ids": ["person:alexei-navalny"], "properties": [{"id": "status",
    "settings": {"as_of": "2023-06-01"}}]}` answers `imprisoned`."""
    return await _answer(request, repo, await _payloads(request))


# GET and POST are two routes here (their documents differ), and Starlette's 405 names only
# the first route's methods: this one answers every other method, naming both.
@router.api_route(
    "", methods=["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"], include_in_schema=False
)
async def other_methods() -> None:
    raise HTTPException(405, "Method Not Allowed", headers={"Allow": "GET, POST"})


@router.get(
    "/suggest/entity",
    response_model=r.ReconSuggestEntities,
    response_model_exclude_none=True,
    summary="Suggest people and organisations whose names start so, in any spelling",
)
async def suggest_entity(
    repo: RepoDep,
    prefix: Annotated[str, Query(min_length=1, max_length=100, description="What was typed.")],
    type: Annotated[TypeId | None, Query(description="Only this type.")] = None,
    cursor: Cursor = 0,
    limit: Annotated[int, Query(ge=1, le=50, description="At most this many.")] = 10,
) -> r.ReconSuggestEntities:
    """GET /search's matching (`Пономарёв`, `Ponomaryov`, `Ходорковского`), people and
    organisations only, each with its description; an entity id finds that entity.

    Example: `GET /reconcile/suggest/entity?prefix=Ходорковского` suggests
    `person:mikhail-khodorkovsky` first."""
    return await suggest_entities(repo, prefix, type, cursor, limit)


@router.get(
    "/suggest/property",
    response_model=r.ReconSuggestProperties,
    response_model_exclude_none=True,
    summary="Suggest properties: those to match on and those to fetch",
)
async def suggest_property(
    prefix: Typed = "",
    cursor: Cursor = 0,
) -> r.ReconSuggestProperties:
    """The properties a query may be refined by (`alias`, `birthDate`…) and those data
    extension fetches (`status`, `designations`…), each description saying which.

    Example: `GET /reconcile/suggest/property?prefix=al` suggests `alias` and
    `aliases_cyrillic`."""
    found = service.suggest_properties(prefix)
    return r.ReconSuggestProperties(result=found.result[cursor:])


@router.get(
    "/suggest/type",
    response_model=r.ReconSuggestTypes,
    response_model_exclude_none=True,
    summary="Suggest types: Person, Organization",
)
async def suggest_type(
    prefix: Typed = "",
    cursor: Cursor = 0,
) -> r.ReconSuggestTypes:
    """Example: `GET /reconcile/suggest/type?prefix=org` suggests `Organization`."""
    found = service.suggest_types(prefix)
    return r.ReconSuggestTypes(result=found.result[cursor:])


@router.get(
    "/properties",
    response_model=r.ReconPropertyProposal,
    response_model_exclude_none=True,
    summary="The properties data extension offers for a type",
)
async def propose_properties(
    type: Annotated[TypeId | None, Query(description="`Person` or `Organization`.")] = None,
    limit: Annotated[int | None, Query(ge=1, le=100, description="At most this many.")] = None,
) -> r.ReconPropertyProposal:
    """`status`, `designations` (both as of the `as_of` setting), `sources` and
    `aliases_cyrillic`; people and organisations have the same.

    Example: `GET /reconcile/properties?type=Person`."""
    return service.propose(type, limit)


@router.get(
    "/preview",
    response_class=HTMLResponse,
    summary="A small HTML card of an entity, for OpenRefine's preview frame",
    responses={
        200: {"content": {"text/html": {}}, "description": "The card"},
        404: {"description": "No entity has that id (problem+json)"},
    },
)
async def preview(repo: RepoDep, id: EntityIdQuery) -> HTMLResponse:
    """Name, type, description, the statuses and designations holding today, how many
    sources name the entity, and a link to it; every value escaped.

    Example: `GET /reconcile/preview?id=person:alexei-navalny`."""
    facts = (await repo.facts([id])).get(id)
    if facts is None:
        raise NotFound(f"no entity has the id {id!r}; GET /reconcile/suggest/entity finds ids")
    # Framed by OpenRefine: CSP's frame-ancestors allows it, and where a response carries
    # frame-ancestors, browsers ignore the API's default X-Frame-Options: DENY.
    return HTMLResponse(card(facts, date.today()), headers={"Content-Security-Policy": POLICY})
