"""Request and response of POST /link."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas.common import NodeRef

# The default of KG_LINK_MAX_CHARS: a long article is 10,000 words, about 70,000 characters.
MAX_TEXT = 200_000

_EXAMPLE_TEXT = (
    "Ilya Ponomarev, who backs the Freedom of Russia Legion, spoke with Dmitry Gudkov. "
    "Позже Гудков встретился с Ходорковским."
)


class LinkRequest(BaseModel):
    text: str = Field(
        min_length=1,
        description=f"The article, English or Russian, up to KG_LINK_MAX_CHARS characters "
        f"(default {MAX_TEXT:,}); a longer one is a 413.",
        examples=[_EXAMPLE_TEXT],
    )
    min_confidence: float = Field(
        0.0,
        ge=0,
        le=1,
        strict=True,  # a JSON number: `false` is not 0
        description="Leave out mentions less sure than this (0.5 keeps only confident ones).",
    )


class LinkedMention(BaseModel):
    start: int = Field(description="Offset of the first character, in Unicode code points.")
    end: int = Field(description="Offset just past the last character: text[start:end].")
    text: str = Field(description="The surface form as written in the text.")
    entity: NodeRef = Field(description="The entity meant (the first candidate if ambiguous).")
    confidence: float = Field(
        description="0–1. At least 0.5: a confident link. Full names "
        "0.95, one-word names 0.9, surnames 0.85, other one-word "
        "aliases 0.7, generic words 0.4; shared names are divided "
        "among their candidates unless the text names one in full."
    )
    ambiguous: bool = Field(description="Several entities bear this name.")
    generic: bool = Field(description='The name is also a common word ("Legion", "elves").')
    candidates: list[NodeRef] = Field(
        description="Every entity the mention may mean, when ambiguous; empty otherwise."
    )


class LinkResult(BaseModel):
    mentions: list[LinkedMention]
    entities: list[NodeRef] = Field(
        description="Each entity linked with confidence at least "
        "0.5, once, in order of first mention."
    )
