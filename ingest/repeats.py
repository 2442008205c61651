"""A statement repeated by another source must agree; disagreements need their own key.

Repeats may complement each other (one source gives the start, another the end); only two
different values for one field are a disagreement. Attribution must match exactly: one
source's fact and another's report of a party's claim are two statements, not one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ingest.models import Dated, RelationIn, StatusIn
from ingest.rules import Report

# A line, or how to find it: only a message needs it, and finding it may mean reading the
# file again (ingest/parsed.py).
Line = int | Callable[[], int]
RELATION_FIELDS = ("role", "verdict", "valid_from", "valid_to", "ended")
STATUS_FIELDS = ("valid_from", "valid_to", "ended")


@dataclass(slots=True)
class _First:
    file: str
    where: Line
    item: Dated
    cited: str
    made_by: RelationIn | None = None

    @property
    def line(self) -> int:
        return self.where if isinstance(self.where, int) else self.where()


def _conflict(a: object, b: object) -> bool:
    return a is not None and b is not None and a != b


@dataclass
class Repeats:
    relations: dict[str, _First] = field(default_factory=dict)
    statuses: dict[str, _First] = field(default_factory=dict)

    def relation(self, item: RelationIn, cited: str, file: str, line: Line, report: Report) -> None:
        first = self.relations.setdefault(item.fact_id, _First(file, line, item, cited))
        if first.item is item:
            return
        if first.cited == cited:
            report(
                "", f"{item.fact_id} is stated twice by {cited} (also {first.file}:{first.line})"
            )
            return
        assert isinstance(first.item, RelationIn)
        differ = self._differ(first.item, item, RELATION_FIELDS)
        differ += [
            f"figures.{k}"
            for k in sorted(set(first.item.figures) & set(item.figures))
            if first.item.figures[k] != item.figures[k]
        ]
        if differ:
            report(
                "key",
                f"{item.fact_id} repeats {first.file}:{first.line} with another "
                f"{' and '.join(differ)}: give each statement its own `key`",
            )

    def status(
        self,
        item: StatusIn,
        cited: str,
        file: str,
        line: Line,
        report: Report,
        made_by: RelationIn | None = None,
    ) -> None:
        first = self.statuses.setdefault(item.fact_id, _First(file, line, item, cited, made_by))
        if first.item is item:
            return
        if first.cited == cited:
            if made_by:
                report(
                    "status",
                    f"makes {item.fact_id}, which the `statuses:` entry at "
                    f"{first.file}:{first.line} states again: drop that entry",
                )
            elif first.made_by:
                report(
                    "",
                    f"{item.fact_id} is already made by the DESIGNATED `status:` at "
                    f"{first.file}:{first.line}: drop this entry",
                )
            else:
                report(
                    "",
                    f"{item.fact_id} is stated twice by {cited} (also {first.file}:{first.line})",
                )
            return
        differ = self._differ(first.item, item, STATUS_FIELDS)
        if differ:
            report(
                "status" if made_by else "key",
                f"{item.fact_id} repeats {first.file}:{first.line} with another "
                f"{' and '.join(differ)}: give each statement its own `key`",
            )

    @staticmethod
    def _differ(first: Dated, item: Dated, fields: tuple[str, ...]) -> list[str]:
        differ = [f for f in fields if _conflict(getattr(first, f), getattr(item, f))]
        if first.attributed_to != item.attributed_to:
            differ.append("attributed_to")
        return differ
