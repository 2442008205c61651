"""Map, shared by the relationship and status steps: what they resolve and cite.

`Links` carries the state of that step: the resolver (an FtM id named by a line -> our id),
the file's articles and their publication days, and which statements our export marked
ended. A citation is a note naming each dataset of the line, or, for a line of our own
export, the quote or note and the citing Article it carries back.
"""

from __future__ import annotations

from pathlib import Path

from graph.ftm.mapping import Evidence, evidence_from_props, from_ftm_id, rel_ftm_id, to_ftm_id
from ingest.dates import PartialDate
from ingest.ftm.types import SOURCE, Cite, Line, Mapped, Resolve, Row, dataset_source_id


def resolver(
    mapped: Mapped, xref: dict[str, tuple[str, int]], in_file: set[str], path: Path
) -> Resolve:
    """FtM id named by a line -> our id: an entity of the file; else through the xref or an
    eg- id, an entity the graph must hold (checked when writing); None: skip or problem."""

    def resolve(ftm_id: str, line: Line, name: str) -> str | None:
        if not ftm_id:
            mapped.problems.append(f"{path}:{line.no}: {name}: missing")
            return None
        if ftm_id in mapped.ids:
            return mapped.ids[ftm_id]
        if ftm_id in mapped.skipped_ids:
            return None
        ours = xref[ftm_id][0] if ftm_id in xref else from_ftm_id(ftm_id)
        if ours is None or ftm_id in in_file:
            mapped.problems.append(
                f"{path}:{line.no}: {name}: {ftm_id} is not an entity of this file"
            )
            return None
        mapped.required.setdefault(ours, (f"{path}:{line.no}: {name}", None))
        return ours

    return resolve


class Links:
    """What adding relationships and statuses to a Mapped needs, one FtM line at a time."""

    def __init__(self, mapped: Mapped, resolve: Resolve, default: str, path: str) -> None:
        self.mapped, self.resolve, self.default, self.path = mapped, resolve, default, path
        self.articles = [n.id for n in mapped.nodes.values() if n.label == SOURCE]
        self.ended_by: dict[str, list[str]] = {}
        self.published: dict[str, PartialDate] = {
            n.id: PartialDate.parse(n.props["published"])
            for n in mapped.nodes.values()
            if n.label == SOURCE and n.props.get("published")
        }

    def resolve_ours(self, ours: str, line: Line) -> str | None:
        """An id of ours named in a recordId: the entity of the file that is it, else the
        graph's (checked before writing)."""
        return self.resolve(to_ftm_id(ours), line, "recordId")

    def label(self, ours: str) -> str | None:
        node = self.mapped.nodes.get(ours)
        return node.label if node else None

    def dataset_cites(self, line: Line, details: str | None = None) -> list[Cite]:
        """A note citing each dataset of the line: what it is, and what it says."""
        details = details or line.first("summary") or line.first("description")
        cites = []
        for dataset in line.datasets or [self.default]:
            note = f"Imported from FtM dataset {dataset} ({line.proxy.schema.name} {line.id})"
            note = f"{note}: {details}" if details else note
            cites.append(Cite(dataset_source_id(dataset), "note", note))
        return cites

    def restored_cite(self, line: Line, record: str) -> tuple[Cite | None, Evidence]:
        """The citation of one interval of our export, and its evidence (the attributed
        party, the relationship's figures)."""
        evidence = evidence_from_props(line.first("summary"), line.first("description"))
        source = None
        proof = line.first("proof")
        if proof:
            source = self.resolve(proof, line, "proof")
        if source is None:  # the interval id is a digest of (record, source)
            source = next((s for s in self.articles if rel_ftm_id(record, s) == line.id), None)
        if source is None or evidence.kind is None or evidence.text is None:
            return None, evidence
        return Cite(source, evidence.kind, evidence.text), evidence

    def note_ended(self, fact_id: str, props: Row, line: Line, source: str) -> None:
        """Our export marks "ended, no date given" as status (on an Event, keyword) `ended`,
        and `ongoing` for ended: false; the end bound of an ended one is then the citing
        source's publication (ingest/dates.py)."""
        said = {*line.proxy.get("status", quiet=True), *line.proxy.get("keywords", quiet=True)}
        if "ended" in said:
            props["ended"] = True
            self.ended_by.setdefault(fact_id, []).append(source)
        elif "ongoing" in said and "ended" not in props:
            props["ended"] = False  # a "former" in its words refers to something else
