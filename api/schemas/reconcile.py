"""The Reconciliation Service API's (0.2) response shapes, as its JSON schemas define them
(tests/fixtures/reconciliation/ holds those schemas; the tests validate every response).

Field names are the specification's (`identifierSpace`, `service_url`); a value is written
`{"str": …}` or `{"int": …}`, hence the aliases.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, RootModel


class ReconType(BaseModel):
    id: str
    name: str
    description: str | None = None


class ReconServicePath(BaseModel):
    service_url: str
    service_path: str


class ReconSuggest(BaseModel):
    entity: ReconServicePath
    property: ReconServicePath
    type: ReconServicePath


class ReconView(BaseModel):
    url: str = Field(description="The entity's page: `{{id}}` is replaced by its id.")


class ReconPreview(BaseModel):
    url: str
    width: int
    height: int


class ReconPropertySetting(BaseModel):
    name: str
    label: str
    type: str
    default: str
    help_text: str


class ReconExtend(BaseModel):
    propose_properties: ReconServicePath
    property_settings: list[ReconPropertySetting]


class ReconAuthentication(BaseModel):
    """An OpenAPI security scheme: the key header, when the API asks for keys."""

    model_config = ConfigDict(populate_by_name=True)

    type: str = "apiKey"
    name: str = "X-API-Key"
    in_: str = Field("header", alias="in")
    description: str


class ReconManifest(BaseModel):
    """The service manifest: what OpenRefine reads when the service is added."""

    versions: list[str]
    name: str
    identifierSpace: str
    schemaSpace: str
    documentation: str
    serviceVersion: str
    batchSize: int = Field(description="The most queries one batch may hold.")
    defaultTypes: list[ReconType]
    view: ReconView
    preview: ReconPreview
    suggest: ReconSuggest
    extend: ReconExtend
    authentication: ReconAuthentication | None = None


class ReconFeature(BaseModel):
    id: str
    value: bool | int | float


class ReconCandidate(BaseModel):
    id: str = Field(description="The entity id, e.g. `person:ilya-ponomarev`.")
    name: str
    type: list[ReconType]
    score: float = Field(description="0–100: how well the names match.")
    match: bool = Field(
        description="Good enough to be taken without a look: a full name scoring 70 or more "
        "that no other entity matches as well (never a bare surname)."
    )
    description: str | None = None
    features: list[ReconFeature] = Field(
        description="The name feature that gave the score (0–1), `ambiguous`, `sources` "
        "(how many sources name the entity), and `<property>_compared: false` for each "
        "property given that the graph cannot compare (birth dates, nationalities)."
    )


class ReconResult(BaseModel):
    result: list[ReconCandidate]


class ReconResults(RootModel[dict[str, ReconResult]]):
    """Candidates for each query, under the query's key."""


class ReconSuggestEntity(BaseModel):
    id: str
    name: str
    description: str | None = None
    notable: list[ReconType]


class ReconSuggestEntities(BaseModel):
    result: list[ReconSuggestEntity]


class ReconProperty(BaseModel):
    id: str
    name: str
    description: str | None = None


class ReconSuggestProperties(BaseModel):
    result: list[ReconProperty]


class ReconSuggestTypes(BaseModel):
    result: list[ReconType]


class ReconPropertyProposal(BaseModel):
    type: str | None = None
    limit: int | None = None
    properties: list[ReconProperty]


class ReconExtendMeta(BaseModel):
    id: str
    name: str


class ReconStr(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    text: str = Field(alias="str")


class ReconInt(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    number: int = Field(alias="int")


class ReconExtension(BaseModel):
    """Data extension: each property's values for each entity id (none for an unknown id)."""

    meta: list[ReconExtendMeta]
    rows: dict[str, dict[str, list[ReconStr | ReconInt]]]
