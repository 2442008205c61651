"""The ingest cache (ingest/cache.py): an unchanged file is neither validated nor transformed
again, a changed one is, the rows are the same either way, and a bad entry is ignored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph import text
from ingest import pipeline, transform, validate
from ingest.cache import FileCache, code_digest
from ingest.parsed import InvalidData
from ingest.pipeline import prepare
from tests.helpers import dataset


def _counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts of the two costly steps: a file parsed, an entity's properties made."""
    calls = {"parsed": 0, "props": 0, "keys": 0}
    parse, props, keys = validate.parse_file, transform.entity_props, text.search_keys

    def counted_parse(*args: Any, **kwargs: Any) -> Any:
        calls["parsed"] += 1
        return parse(*args, **kwargs)

    def counted_props(*args: Any, **kwargs: Any) -> Any:
        calls["props"] += 1
        return props(*args, **kwargs)

    def counted_keys(*args: Any, **kwargs: Any) -> Any:
        calls["keys"] += 1
        return keys(*args, **kwargs)

    monkeypatch.setattr(text, "search_keys", counted_keys)
    monkeypatch.setattr(validate, "parse_file", counted_parse)
    monkeypatch.setattr(transform, "entity_props", counted_props)
    monkeypatch.setattr(pipeline, "entity_props", counted_props)
    return calls


def _plain(rows: transform.Rows) -> list[list[dict[str, object]]]:
    return [rows.sources, rows.entities, rows.relations, rows.statuses]


def test_unchanged_files_come_from_the_cache_and_give_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = dataset(tmp_path)
    files = sorted(data.glob("*.yaml"))
    cache = FileCache(tmp_path / "cache")
    without = _plain(prepare(data))
    calls = _counting(monkeypatch)
    assert _plain(prepare(data, cache)) == without  # first run: every file read, then stored
    assert calls["parsed"] == len(files) and calls["props"] == calls["keys"] > 0
    assert len(list(cache.folder.glob("[0-9a-f]*.pickle"))) == len(files)

    calls.update(parsed=0, props=0, keys=0)
    assert _plain(prepare(data, FileCache(cache.root))) == without
    assert calls == {"parsed": 0, "props": 0, "keys": 0}  # nothing read or transformed again

    changed = data / "voa.yaml"  # three entities; one renamed
    changed.write_text(changed.read_text().replace("name: Kyiv", "name: Now, Kyiv", 1))
    calls.update(parsed=0, props=0, keys=0)
    again = prepare(data, FileCache(cache.root))
    # the changed file is read and its entities made again; only the renamed one's search
    # keys are computed (the others' come from the memo)
    assert calls["parsed"] == 1 and calls["props"] == 3 and calls["keys"] == 1
    assert _plain(again) != without
    assert "Now, Kyiv" in {row["props"]["name"] for row in again.entities}
    assert len(list(cache.folder.glob("[0-9a-f]*.pickle"))) == len(files)  # the old entry pruned


def test_a_bad_entry_is_read_again_and_a_broken_file_still_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = dataset(tmp_path)
    cache = FileCache(tmp_path / "cache")
    expected = _plain(prepare(data, cache))
    for entry in cache.folder.glob("[0-9a-f]*.pickle"):
        entry.write_bytes(b"not a pickle")
    calls = _counting(monkeypatch)
    assert _plain(prepare(data, FileCache(cache.root))) == expected
    assert calls["parsed"] == len(list(data.glob("*.yaml")))

    broken = dataset(tmp_path / "broken", "syntax.yaml")
    with pytest.raises(InvalidData) as refused:
        prepare(broken, FileCache(cache.root))  # the valid files come from the cache
    assert {p.file for p in refused.value.problems} == {"syntax.yaml"}


def test_other_code_starts_a_new_folder(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "cache")
    old = cache.root / "0123456789abcdef"
    (old).mkdir(parents=True)
    prepare(dataset(tmp_path), cache)
    assert [p.name for p in cache.root.iterdir()] == [code_digest()]
