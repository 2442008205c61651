"""A statement stated by two lines: found by the hashes of statement ids, then confirmed
by reading the lines again (so a hash collision is never reported)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from ingest.bulk import jsonl
from ingest.bulk.work import Facts
from ingest.models import RelationIn, StatusIn
from ingest.parsed import Problem
from ingest.rules import derived_status

RELATIONS, STATUSES = "relations.jsonl", "statuses.jsonl"
ONE_LINE = "in bulk a statement has one line (disagreeing ones need their own `key`)"


def _clashes(groups: list[tuple[str, Facts]]) -> list[list[tuple[str, int]]]:
    """Runs of (file, line) whose hashes are equal, in reading order."""
    hashes = np.concatenate([np.frombuffer(f.hashes, dtype=np.int64) for _, f in groups])
    if len(hashes) < 2:
        return []
    lines = np.concatenate([np.frombuffer(f.lines, dtype=np.int64) for _, f in groups])
    files = np.concatenate([np.full(len(f.lines), i) for i, (_, f) in enumerate(groups)])
    order = np.argsort(hashes, kind="stable")
    ranked = hashes[order]
    equal = ranked[1:] == ranked[:-1]
    clashing = np.zeros(len(ranked), dtype=bool)
    clashing[1:] |= equal
    clashing[:-1] |= equal
    runs: list[list[int]] = []
    previous = None
    for i in np.flatnonzero(clashing):
        if not runs or ranked[i] != previous:
            runs.append([])
        runs[-1].append(int(order[i]))
        previous = ranked[i]
    return [[(groups[files[k]][0], int(lines[k])) for k in sorted(run)] for run in runs]


def _read(data: Path, wanted: dict[str, set[int]]) -> dict[tuple[str, int], dict[str, object]]:
    found: dict[tuple[str, int], dict[str, object]] = {}
    for name, lines in wanted.items():
        for chunk in jsonl.chunks(data / name):
            if not any(chunk.first_line <= n < chunk.first_line + chunk.count + 1 for n in lines):
                continue
            for line, raw in jsonl.lines(chunk):
                if line in lines:
                    found[(name, line)] = json.loads(raw)
    return found


def _status_id(name: str, value: dict[str, object]) -> str:
    if name == RELATIONS:
        made = derived_status(RelationIn.model_validate(value))
        assert made is not None
        return made.fact_id
    return StatusIn.model_validate(value).fact_id


def _message(fact_id: str, first: tuple[str, int], here: tuple[str, int]) -> tuple[str, str]:
    at = f"{first[0]}:{first[1]}"
    if here[0] == RELATIONS and first[0] == RELATIONS and fact_id.startswith("status:"):
        return "status", f"makes {fact_id}, which {at} also makes: {ONE_LINE}"
    if here[0] == STATUSES and first[0] == RELATIONS:
        return "", f"{fact_id} is already made by the DESIGNATED `status:` at {at}: drop this entry"
    return "", f"{fact_id} is also stated at {at}: {ONE_LINE}"


def duplicates(data: Path, facts: Facts, made: Facts, statuses: Facts) -> list[Problem]:
    problems: list[Problem] = []
    for groups, ident in (
        ([(RELATIONS, facts)], lambda n, v: RelationIn.model_validate(v).fact_id),
        ([(RELATIONS, made), (STATUSES, statuses)], _status_id),
    ):
        runs = _clashes(groups)
        if not runs:
            continue
        wanted: dict[str, set[int]] = defaultdict(set)
        for run in runs:
            for name, line in run:
                wanted[name].add(line)
        values = _read(data, wanted)
        for run in runs:
            firsts: dict[str, tuple[str, int]] = {}
            for here in run:
                fact_id = ident(here[0], values[here])
                first = firsts.setdefault(fact_id, here)
                if first != here:
                    fld, message = _message(fact_id, first, here)
                    problems.append(Problem(here[0], here[1], fld, message))
    return problems
