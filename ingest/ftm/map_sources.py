"""Map, last step, once every line is read: what needs every citation.

The end bound of what our export marked ended, a status's as-of start, the dataset Sources
cited, and each entity's citations as MENTIONED_IN statements.
"""

from __future__ import annotations

from pathlib import Path

from graph.ftm.mapping import from_ftm_id
from ingest.chars import problem as char_problem
from ingest.dates import as_of_start
from ingest.ftm.map_cites import Links
from ingest.ftm.types import (
    SOURCE,
    STATUS,
    Cite,
    Line,
    Mapped,
    Node,
    Row,
    Statement,
    dataset_source_id,
)


def finish(links: Links) -> None:
    """Bounds that need every citation: an end "no later than" the publication of the
    sources that say it ended, and a status's as-of start (ingest/statuses.py): its
    valid_from, else the day its sources were published, while it holds then."""
    for fact_id, sources in links.ended_by.items():
        node = links.mapped.nodes.get(fact_id)
        props = node.props if node else links.mapped.relations[fact_id].props
        ends = [d.end for s in sources if (d := links.published.get(s)) is not None]
        if "valid_to" not in props and ends:
            props["valid_to_date"] = min(ends)
            props["valid_to_bound"] = "no_later_than"
    for node in links.mapped.nodes.values():
        if node.label != STATUS:
            continue
        props = node.props
        ended = set(links.ended_by.get(props["id"], []))
        seen = [
            (d.end, c.source in ended)
            for c in node.cites
            if (d := links.published.get(c.source)) is not None
        ]
        if seen:
            props["observed"] = min(day for day, _ in seen)
        start = as_of_start(props, seen)
        if start is not None:
            props["valid_from_date"] = start


def add_dataset_sources(mapped: Mapped, lines: list[Line], name: str, path: Path) -> None:
    """Entities of other publishers cite their datasets; ours (eg- ids, restored) cite the
    Sources they had, and a dataset only where they have none."""
    for line in lines:
        ours = mapped.ids.get(line.id)
        node = mapped.nodes.get(ours) if ours else None
        if node is None or node.label in (SOURCE, STATUS) or node.line != line.no:
            continue
        if node.cites and from_ftm_id(line.id):
            continue
        for dataset in line.datasets or [name]:
            note = f"Imported from FtM dataset {dataset} (entity {line.id})"
            node.cites.append(Cite(dataset_source_id(dataset), "note", note))
    cited = {c.source for n in mapped.nodes.values() for c in n.cites}
    cited |= {c.source for s in mapped.relations.values() for c in s.cites}
    datasets = {d for line in lines for d in (line.datasets or [name])}
    for dataset in sorted(datasets):
        source = dataset_source(dataset, path)
        if source.id in cited and source.id not in mapped.nodes:
            mapped.nodes[source.id] = source


def dataset_source(dataset: str, path: Path) -> Node:
    """The source of what a dataset states. No `url`: the operator's local path is not a
    published address (and FtM refuses file: URLs); `file` and `remarks` say where it came
    from, by file name only."""
    ours = dataset_source_id(dataset)
    file = path.name if char_problem(path.name, one_line=True) is None else "(unprintable name)"
    props: Row = {
        "id": ours,
        "title": dataset,
        "publisher": f"FollowTheMoney dataset {dataset}",
        "evidence": "note",
        "file": file,
        "remarks": f"Imported with kg import-ftm from the file {file}",
    }
    return Node(ours, SOURCE, props, 0)


def mentions(mapped: Mapped) -> None:
    """Each entity's citations as MENTIONED_IN statements, one per (entity, source)."""
    for node in mapped.nodes.values():
        if node.label in (SOURCE, STATUS):
            continue
        for cite in node.cites:
            rel_id = f"MENTIONED_IN:{node.id}->{cite.source}"
            statement = mapped.relations.setdefault(
                rel_id, Statement(rel_id, "MENTIONED_IN", node.id, cite.source, {}, node.line)
            )
            statement.cites.append(cite)
