"""Response models of GET /changes: relationships and statuses that began or ended."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import ATTRIBUTED, Citation, NodeRef, Party, Props


class Change(BaseModel):
    """One relationship or status statement that began or ended in the window."""

    kind: Literal["relation", "status"]
    change: Literal["began", "ended"]
    date: str = Field(description="The date as the source gives it: `2024`, `2024-08`, …")
    date_precision: Literal["year", "month", "day"]
    dated_by: Literal["statement", "event", "reported"] = Field(
        description="`event`: a relationship with no start of its own that starts on its "
        "event's date (PARTICIPATED_IN, ORGANIZED, SUBJECT_OF, …); `date` is the event's. "
        "`reported`: no source dates the change itself; `date` is the day the earliest "
        "source stating it was published, so it happened no later than then "
        "(`no_later_than`)."
    )
    no_later_than: dt.date | None = Field(
        None, description="With `dated_by: reported`: the change happened on or before this day."
    )
    first_day: dt.date = Field(description="The first day `date` can mean.")
    last_day: dt.date = Field(description="The last day `date` can mean.")
    id: str = Field(description="The relationship's or the status statement's id.")
    type: str | None = Field(None, description="A relationship's meaning (DESIGNATED, …).")
    status: str | None = Field(None, description="A status statement's status (released, …).")
    entities: list[NodeRef] = Field(
        description="A relationship's two ends (from, to); a status's entity."
    )
    role: str | None = None
    attributed_to: Party | None = Field(None, description=ATTRIBUTED)
    properties: Props = Field(
        description="The statement's other properties (valid_from, valid_to, precisions, "
        "figures, …)."
    )
    sources: list[Citation]


class Changes(BaseModel):
    from_: dt.date = Field(alias="from")
    to: dt.date
    total: int = Field(description="Changes in the window (before paging).")
    items: list[Change]

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)
