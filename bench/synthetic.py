"""A deterministic synthetic dataset in the curated YAML format and the bulk JSON-lines format.

    .venv/bin/python -m bench.synthetic --entities N [--seed 7] [--yaml DIR] [--bulk DIR]
                                        [--change 0.01]

Shape (per 50 entities, one source file): 25 persons (Latin name; Cyrillic aliases that
transliterate it), 10 organisations, 7 dated events, 4 places and 4 claims, with about 5
relations per entity, each with a paraphrasing `note` (never `quote`), most with
`valid_from`, some with `valid_to` or `ended: true`, a few `attributed_to` a party; statuses
for some persons and organisations; keyed DESIGNATED ties that give a designation status.
Relations reach entities of any file; the types fit the relation table (graph/schema.py).
About 3% of dated relations come with a disagreement: the same type, ends and another date,
cited to another file's source (`source:`), each with its own `key`. A few hubs (a ministry,
a security service, a court, a TV channel, a country, a city, two persons, two events) get
degrees that grow linearly with N (thousands at 100k entities).

The dataset never states one fact (type, from, to, key) twice, not even from two sources:
disagreeing sources get their own keys. So the bulk lines are the YAML items one to one
(each line's `source` is the item's cited source), and both load to the same graph. For
the same reason the YAML has no `mentions:` (the bulk format has none).

Files are made one at a time from (seed, file number), so 1M entities stream through a few
megabytes. `--change F` gives the same dataset with about F of its statements edited
(bench/synthetic_change.py), for re-ingest runs.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench.synthetic_data import BulkWriter, YamlWriter, changed, generate, write
from bench.synthetic_world import BLOCK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synthetic", description=__doc__)
    parser.add_argument("--entities", type=int, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--yaml", type=Path, help="write the curated YAML files here")
    parser.add_argument("--bulk", type=Path, help="write the bulk JSON-lines files here")
    parser.add_argument("--change", type=float, default=0.0, help="edit this fraction")
    args = parser.parse_args(argv)
    if args.entities < BLOCK:
        parser.error(f"--entities: at least {BLOCK}")
    if not args.yaml and not args.bulk:
        parser.error("give --yaml DIR, --bulk DIR or both")
    data = generate(args.entities, args.seed)
    if args.change:
        data = changed(data, args.change)
    started = time.perf_counter()
    writers: list[YamlWriter | BulkWriter] = []
    if args.yaml:
        writers.append(YamlWriter(args.yaml))
    if args.bulk:
        writers.append(BulkWriter(args.bulk))
    c = write(data, writers)
    print(
        f"{', '.join(str(d) for d in (args.yaml, args.bulk) if d)}: {c.files:,} sources, "
        f"{c.entities:,} entities, {c.relations:,} relations, {c.statuses:,} statuses "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
