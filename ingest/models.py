"""Pydantic models of one data file (the input side; the API has its own models)."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from graph.schema import (
    ENTITY_ID_PATTERN,
    EVENT_KINDS,
    FACT_TYPES,
    ID_PREFIX,
    ORG_KINDS,
    PLACE_KINDS,
    SOURCE_ID_PATTERN,
    Facet,
    NodeType,
    RelType,
    Status,
    facet,
)
from ingest.chars import check_line, check_text, same_names
from ingest.dates import parse_date

# ingest/chars.py: which characters each kind of field may hold (checked before stripping)
_Stripped = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Line = Annotated[_Stripped, BeforeValidator(check_line)]  # names, titles, roles: one line
Text = Annotated[_Stripped, BeforeValidator(check_text)]  # descriptions, quotes, notes
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
EntityId = Annotated[str, StringConstraints(pattern=ENTITY_ID_PATTERN)]
SourceId = Annotated[str, StringConstraints(pattern=SOURCE_ID_PATTERN)]
FigureName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Figures = dict[FigureName, StrictInt | StrictFloat]


def _check_date(text: str) -> str:
    parse_date(text)
    return text


DateText = Annotated[str, AfterValidator(_check_date)]


KINDS: dict[NodeType, set[str]] = {
    NodeType.ORGANIZATION: ORG_KINDS,
    NodeType.EVENT: EVENT_KINDS,
    NodeType.PLACE: PLACE_KINDS,
}
# Which optional fields each type may use.
TYPE_FIELDS: dict[NodeType, set[str]] = {
    NodeType.PERSON: set(),
    NodeType.ORGANIZATION: {"kind", "founded"},
    NodeType.EVENT: {"kind", "date", "end_date", "attributed_to"},
    NodeType.PLACE: {"kind"},
    NodeType.CLAIM: {"text", "date"},
}
ALL_TYPE_FIELDS = set().union(*TYPE_FIELDS.values())


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Evidenced(Strict):
    """Exactly one of a verbatim quote or a paraphrasing note; optionally another source."""

    quote: Text | None = None
    note: Text | None = None
    source: SourceId | None = None  # defaults to the file's own source

    @model_validator(mode="after")
    def _one_kind_of_evidence(self) -> Self:
        if (self.quote is None) == (self.note is None):
            raise ValueError("give exactly one of `quote` (verbatim) or `note` (paraphrase)")
        return self

    @property
    def evidence(self) -> tuple[str, str]:
        return ("quote", self.quote) if self.quote is not None else ("note", self.note or "")


class SourceIn(Strict):
    id: SourceId
    title: Line
    publisher: Line
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$"), BeforeValidator(check_line)]
    published: DateText | None
    evidence: Literal["quote", "note"]
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] | None = None
    remarks: Text | None = None


class EntityIn(Evidenced):
    id: EntityId
    type: NodeType
    name: Line
    aliases: list[Line] = Field(default_factory=list)
    description: Text | None = None
    kind: Line | None = None
    founded: DateText | None = None
    date: DateText | None = None
    end_date: DateText | None = None
    text: Text | None = None
    attributed_to: EntityId | None = None  # Event only: whose claim the source reports
    figures: Figures = Field(default_factory=dict)

    @field_validator("aliases")
    @classmethod
    def _distinct_aliases(cls, aliases: list[str]) -> list[str]:
        pair = same_names(aliases)
        if pair is not None:
            a, b = pair
            raise ValueError(
                f"aliases {a} and {b} ({aliases[a]!r}, {aliases[b]!r}) are one name once "
                "outer quotes and repeated spaces are dropped; keep one"
            )
        return aliases

    @model_validator(mode="after")
    def _fits_its_type(self) -> Self:
        prefix = ID_PREFIX[self.type]
        if not self.id.startswith(prefix + ":"):
            raise ValueError(f"a {self.type} id starts with '{prefix}:' (got {self.id!r})")
        given = {name for name in ALL_TYPE_FIELDS if getattr(self, name) is not None}
        foreign = sorted(given - TYPE_FIELDS[self.type])
        if foreign:
            raise ValueError(f"a {self.type} has no field {', '.join(foreign)}")
        kinds = KINDS.get(self.type)
        if kinds and self.kind is not None and self.kind not in kinds:
            allowed = ", ".join(sorted(kinds))
            article = (
                "an" if self.type == NodeType.ORGANIZATION or self.type == NodeType.EVENT else "a"
            )
            raise ValueError(
                f"kind {self.kind!r} is not {article} {self.type} kind; use one of {allowed}"
            )
        if self.date and self.end_date:
            start, end = parse_date(self.date), parse_date(self.end_date)
            if end.end < start.start:
                raise ValueError(f"end_date {self.end_date} is before date {self.date}")
        return self


class MentionIn(Evidenced):
    id: EntityId


class Dated(Evidenced):
    """A statement that may hold for a time, and may be only a party's claim."""

    key: Slug | None = None
    valid_from: DateText | None = None
    valid_to: DateText | None = None
    ended: StrictBool | None = None  # the source says it ended, without a date
    attributed_to: EntityId | None = None  # whose claim the source reports

    @field_validator("ended")
    @classmethod
    def _ended_without_date(cls, ended: bool | None, info: ValidationInfo) -> bool | None:
        if ended and info.data.get("valid_to"):
            raise ValueError(
                "give `valid_to` or `ended: true`, not both (ended means the "
                "source gives no end date)"
            )
        return ended

    def _check_dates(self) -> None:
        if self.valid_from and self.valid_to:
            start, end = parse_date(self.valid_from), parse_date(self.valid_to)
            if end.end < start.start:
                raise ValueError(f"valid_to {self.valid_to} is before valid_from {self.valid_from}")


class RelationIn(Dated):
    type: RelType
    from_: EntityId = Field(alias="from")
    to: EntityId
    role: Line | None = None
    verdict: Line | None = None
    status: Status | None = None  # DESIGNATED only: the status it gives the target
    figures: Figures = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.type not in FACT_TYPES:
            raise ValueError(f"{self.type} is made by the ingest; list the entity in `mentions`")
        if (self.type == RelType.FACT_CHECKED) != (self.verdict is not None):
            raise ValueError("`verdict` is required on FACT_CHECKED and allowed nowhere else")
        self._check_dates()
        return self

    @field_validator("status")
    @classmethod
    def _designation(cls, status: Status | None, info: ValidationInfo) -> Status | None:
        if status is None or "type" not in info.data:
            return status
        if info.data["type"] != RelType.DESIGNATED:
            raise ValueError("is allowed on DESIGNATED only")
        if facet(status) != Facet.DESIGNATION:
            raise ValueError(
                f"{status} is not a designation; on DESIGNATED use one of "
                f"{', '.join(designations())}"
            )
        return status

    @property
    def fact_id(self) -> str:
        suffix = f"#{self.key}" if self.key else ""
        return f"{self.type}:{self.from_}->{self.to}{suffix}"


def designations() -> list[str]:
    return sorted(s.value for s in Status if facet(s) == Facet.DESIGNATION)


class StatusIn(Dated):
    """A dated status of one entity; without valid_from it holds on the source's date."""

    entity: EntityId
    status: Status

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        self._check_dates()
        return self

    @property
    def fact_id(self) -> str:
        suffix = f"#{self.key}" if self.key else ""
        return f"status:{self.entity}:{self.status}{suffix}"


_FIELD_SETS: dict[frozenset[str], frozenset[str]] = {}


def share_field_sets(items: list[Strict]) -> None:
    """Give items that set the same fields one frozen set of their names.

    pydantic keeps a set of the fields given per instance (about 700 bytes, the largest part
    of an item); the input models are never changed after validation, so one frozen set per
    combination serves them all (assigning a field now fails instead of writing to all).
    """
    for item in items:
        names = frozenset(item.__pydantic_fields_set__)
        shared = _FIELD_SETS.setdefault(names, names)
        object.__setattr__(item, "__pydantic_fields_set__", shared)


class DataFile(Strict):
    source: SourceIn
    entities: list[EntityIn] = Field(default_factory=list)
    mentions: list[MentionIn] = Field(default_factory=list)
    relations: list[RelationIn] = Field(default_factory=list)
    statuses: list[StatusIn] = Field(default_factory=list)
