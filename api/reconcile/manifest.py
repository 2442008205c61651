"""The service manifest: what OpenRefine reads when the service is added, and the
answers of the two suggest services that need no read (properties and types).

Every URL in it is built from the address the request came to (the Host header, which
api/security.py has already checked against KG_ALLOWED_HOSTS), so the manifest works on
whatever address the API is served. The identifier space is the entity pages' prefix:
`{identifierSpace}{id}` is the entity's JSON page (GET /entities/{id}); the view template
is the preview card, which links to it.
"""

from __future__ import annotations

from api.reconcile.vocabulary import EXTEND_PROPERTIES, MATCH_PROPERTIES, TYPES, Term, matching
from api.schemas import reconcile as r
from api.settings import ApiSettings

NAME = "exile-graph: exiled Russian opposition actors"
PREVIEW_WIDTH, PREVIEW_HEIGHT = 400, 220
AS_OF = r.ReconPropertySetting(
    name="as_of",
    label="As of (YYYY-MM-DD)",
    type="text",
    default="",
    help_text="The day status and designations are for; empty: today.",
)


def manifest(base_url: str, version: str, settings: ApiSettings) -> r.ReconManifest:
    base = base_url.rstrip("/")
    service = f"{base}/reconcile"
    card = f"{service}/preview?id={{{{id}}}}"
    return r.ReconManifest(
        versions=["0.2"],
        name=NAME,
        identifierSpace=f"{base}/entities/",
        # The types, with their descriptions, are what the type suggest service lists.
        schemaSpace=f"{service}/suggest/type",
        documentation=f"{base}/docs#/reconcile",
        serviceVersion=version,
        batchSize=settings.match_max_queries,
        defaultTypes=[_type(t) for t in TYPES.values()],
        # A person who clicks a candidate gets the card, which links to the entity's JSON
        # page: the id travels as a query parameter, never as a path segment, so this
        # template is no URL of GET /entities/{id} that a crawler could follow with `{{id}}`.
        view=r.ReconView(url=card),
        preview=r.ReconPreview(url=card, width=PREVIEW_WIDTH, height=PREVIEW_HEIGHT),
        suggest=r.ReconSuggest(
            entity=r.ReconServicePath(service_url=service, service_path="/suggest/entity"),
            property=r.ReconServicePath(service_url=service, service_path="/suggest/property"),
            type=r.ReconServicePath(service_url=service, service_path="/suggest/type"),
        ),
        extend=r.ReconExtend(
            propose_properties=r.ReconServicePath(service_url=service, service_path="/properties"),
            property_settings=[AS_OF],
        ),
        # Keys are asked of every route but health and docs (api/security.py), this one too.
        authentication=r.ReconAuthentication(
            description="A key from KG_API_KEYS (or `Authorization: Bearer <key>`)"
        )
        if settings.api_keys
        else None,
    )


def _type(term: Term) -> r.ReconType:
    return r.ReconType(id=term.id, name=term.name, description=term.description)


def _property(term: Term) -> r.ReconProperty:
    return r.ReconProperty(id=term.id, name=term.name, description=term.description)


def suggest_types(prefix: str) -> r.ReconSuggestTypes:
    return r.ReconSuggestTypes(result=[_type(t) for t in matching(TYPES, prefix)])


def suggest_properties(prefix: str) -> r.ReconSuggestProperties:
    """Both the properties a query may be refined by and those data extension fetches
    (OpenRefine asks this one service for either); each description says which it is."""
    found = [
        r.ReconProperty(id=t.id, name=t.name, description=f"To match on. {t.description}")
        for t in matching(MATCH_PROPERTIES, prefix)
    ]
    found += [
        r.ReconProperty(id=t.id, name=t.name, description=f"To fetch. {t.description}")
        for t in matching(EXTEND_PROPERTIES, prefix)
    ]
    return r.ReconSuggestProperties(result=found)


def propose(type: str | None, limit: int | None) -> r.ReconPropertyProposal:
    """The properties data extension offers; people and organisations have the same."""
    found = [_property(t) for t in EXTEND_PROPERTIES.values()]
    return r.ReconPropertyProposal(type=type, limit=limit, properties=found[:limit])
