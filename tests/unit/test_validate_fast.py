"""The fast read (libyaml, no lines) and the line-tracking read must agree, and a problem deep in
a large file, or in another file pointing into one read fast, keeps its exact place."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.synthetic_data import generate, write_yaml
from ingest import readers, validate, yamlio
from ingest.validate import DEFAULT_DATA_DIR, InvalidData, data_files
from tests.helpers import FIXTURES, REPO, dataset

LEADS = (
    "  - type: LEADS\n    from: person:ilya-ponomarev\n    to: org:supreme-court-of-russia\n"
    "    key: k-{i}\n    valid_from: '{date}'\n    note: Statement {i}.\n"
)
MANY = 2000
BAD = 1789  # the relation with an impossible date


def large_dataset(tmp_path: Path, bad: int | None = BAD) -> Path:
    """The base fixture with MANY relations added to mt.yaml, relation `bad` misdated."""
    folder = dataset(tmp_path)
    mt = folder / "mt.yaml"
    added = [LEADS.format(i=i, date="2025-02-30" if i == bad else "2020-01") for i in range(MANY)]
    mt.write_text(mt.read_text(encoding="utf-8") + "".join(added), encoding="utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(InvalidData) as caught:
        validate.validate(folder)
    return [str(p) for p in caught.value.problems]


def test_a_bad_date_deep_in_a_large_file_keeps_its_line_and_field(tmp_path: Path) -> None:
    folder = large_dataset(tmp_path)
    lines = (folder / "mt.yaml").read_text(encoding="utf-8").split("\n")
    line = lines.index("    valid_from: '2025-02-30'") + 1
    assert line > 10_000
    index = 2 + BAD  # the fixture's own two relations come first
    assert problems(folder) == [
        f"mt.yaml:{line}: relations[{index}].valid_from: '2025-02-30' is impossible: "
        "that month has 28 days"
    ]


def test_a_problem_elsewhere_names_the_line_in_a_file_read_fast(tmp_path: Path) -> None:
    """mt.yaml has no problem of its own (read fast, no lines kept); another file repeats one
    of its statements with another date, and the message must still name its line."""
    folder = large_dataset(tmp_path, bad=None)
    lines = (folder / "mt.yaml").read_text(encoding="utf-8").split("\n")
    line = lines.index("    key: k-1999") - 3 + 1  # the item starts three lines above its key
    assert line > 10_000
    other = (FIXTURES / "base" / "voa.yaml").read_text(encoding="utf-8")
    other = other.replace("source:voa-2023-11-23", "source:voa-copy").split("entities:")[0]
    other += "relations:\n" + LEADS.format(i=1999, date="2021").replace("note:", "quote:")
    (folder / "other.yaml").write_text(other, encoding="utf-8")
    key_line = other.split("\n").index("    key: k-1999") + 1
    assert problems(folder) == [
        f"other.yaml:{key_line}: relations[0].key: "
        "LEADS:person:ilya-ponomarev->org:supreme-court-of-russia#k-1999 repeats "
        f"mt.yaml:{line} with another valid_from: give each statement its own `key`"
    ]


YAML_CASES = [
    "a: 1\nb: [x, 'y', \"z\"]\nc: {d: null, e: true, f: 1.5}\n",
    "a: &x {b: 1}\nc: *x\n",
    "a: 1\na: 2\n",  # a repeated key: a problem only the line-tracking read reports
    "base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n",  # a merge key: the line-tracking read refuses it
    "a: !!set {x, y}\nb: !!omap [c: 1]\n",
    "1: one\ntrue: yes\n~: nothing\n2020-01-01: a date as a key\n",
    "a:\tb\n",  # a tab: always read with lines
    "- 1\n- [2, 3]\n",
    "",
    "a: 1\n---\nb: 2\n",
    "a: [unclosed\n",
    'a: "\\u00e9\\x41"\nb: |\n  two\n  lines\nc: >-\n  folded\n  text\n',
    "? [complex, key]\n: value\n",
    "a: 1\r\nb: two\r\n  words\r\n",
    "\ufeffa: 1\n",
    "a: x\x85y\n",
    "a: |\n  x\u2028\n  y\n",
    'a: "x\\/y \\N\\_\\L\\P"\n',
    "a: 0o17\nb: 0x1F\nc: 1_000\nd: .inf\ne: -.NaN\nf: 1e3\ng: Yes\nh: off\ni: 1:20\n",
]


@pytest.mark.parametrize("text", YAML_CASES)
def test_the_fast_read_gives_the_data_of_the_line_tracking_read_or_refuses(text: str) -> None:
    try:
        slow = yamlio.load(text)
    except Exception:  # bad YAML, or a key Python cannot hash: the fast read refuses too
        with pytest.raises(yamlio.NeedsLines):
            yamlio.load_plain(text)
        return
    if slow.problems:
        with pytest.raises(yamlio.NeedsLines):
            yamlio.load_plain(text)
        return
    try:
        fast = yamlio.load_plain(text)
    except yamlio.NeedsLines:
        assert "\t" in text  # refused only where libyaml and PyYAML may read differently
        return
    assert fast == slow.data


def _folders(tmp_path: Path) -> list[Path]:
    synthetic = tmp_path / "synthetic"
    write_yaml(generate(100), synthetic)
    return [DEFAULT_DATA_DIR, FIXTURES / "base", FIXTURES / "statuses", synthetic]


def _files(folder: Path) -> list[Path]:
    """Every other curated file (the two parsers agree file by file; half of 85 files cover
    every section and type), every file of the fixtures and the synthetic data."""
    found = data_files(folder)
    return found[::2] if folder == DEFAULT_DATA_DIR else found


def test_the_fast_path_and_the_line_tracking_path_agree_on_data(tmp_path: Path) -> None:
    checked = 0
    for folder in _folders(tmp_path):
        for path in _files(folder):
            text = path.read_text(encoding="utf-8")
            assert yamlio.load_plain(text) == yamlio.load(text).data, path
            fast = validate._parse_fast(path, readers.read_plain(path))
            found: list[validate.Problem] = []
            slow = validate._parse_located(path, found)
            assert fast is not None and slow is not None and not found, path
            assert fast.model == slow.model, path
            assert {s: list(v) for s, v in fast.positions.items()} == slow.positions
            assert fast.broken_ids == slow.broken_ids == set()
            checked += 1
    assert checked >= 45  # half the curated data, two fixtures, two synthetic files


POOL_CHECK = """
import json, multiprocessing, sys
from pathlib import Path
from ingest import readers
from ingest.validate import data_files
paths = data_files(Path(sys.argv[1]))
readers.POOL_MIN_BYTES = 0
with readers.plain_data(paths, workers=1) as read:
    serial = list(read)
pooled, workers_seen = [], 0
with readers.plain_data(paths, workers=2) as read:
    for item in read:
        workers_seen = max(workers_seen, len(multiprocessing.active_children()))
        pooled.append(item)
print(json.dumps({
    "workers": workers_seen,
    "left": len(multiprocessing.active_children()),
    "same": pooled == serial,
    "order": [str(p) for p, _ in serial] == [str(p) for p in paths],
    "dicts": all(isinstance(data, dict) for _, data in serial),
}))
"""


def test_a_pool_of_readers_gives_each_file_its_data_in_order(tmp_path: Path) -> None:
    """In a fresh process: the pool forks only a process with one thread, and a test
    session has started others by now."""
    folder = tmp_path / "synthetic"
    write_yaml(generate(500), folder)
    done = subprocess.run(
        [sys.executable, "-c", POOL_CHECK, str(folder)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout) == {
        "workers": 2,
        "left": 0,
        "same": True,
        "order": True,
        "dicts": True,
    }
