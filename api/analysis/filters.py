"""What an analysis is over: the relationship types, the day, and whether claims count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from api.repository.base import fact_filter
from graph.schema import RelType


@dataclass(frozen=True)
class Filters:
    """What goes into the projection; with the graph version, the cache key."""

    types: tuple[str, ...] | None
    as_of: date | None
    include_attributed: bool

    @classmethod
    def of(
        cls, types: list[RelType] | None, as_of: date | None, include_attributed: bool
    ) -> Filters:
        chosen = fact_filter(types)
        return cls(tuple(chosen) if chosen else None, as_of, include_attributed)

    def params(self) -> dict[str, Any]:
        return {
            "types": list(self.types) if self.types else None,
            "as_of": self.as_of,
            "include_attributed": self.include_attributed,
        }
