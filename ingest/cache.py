"""What an unchanged data file gave last time, so that a re-run neither validates nor
transforms it again: its validated model and its entities' properties (search keys
included, the costliest part of the transform), one pickle per file.

An entry is found by the digest of the file's bytes, under a folder named by the digest of
the code that reads and transforms files (every module of ingest/ and graph/, and the
versions of Python, pydantic and the Russian dictionaries): a change to any of them starts
a new folder and removes the old ones. Only a file with no problem of its own is stored;
the cross-file checks still see every file, cached or not. An entry that cannot be read
(truncated, from another version) is ignored and written again. The folder holds pickles:
it is as trusted as the virtual environment (KG_INGEST_CACHE, `off` to do without).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import sys
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ingest.models import DataFile

Row = dict[str, Any]
CODE = (
    Path(__file__).resolve().parents[1] / "ingest",
    Path(__file__).resolve().parents[1] / "graph",
)
DISTRIBUTIONS = ("pydantic", "pydantic-core", "pymorphy3", "pymorphy3-dicts-ru", "PyYAML")


KEYS_FILE = "search-keys.pickle"
KeysKey = tuple[tuple[str, ...], bool]  # (name and aliases, a person?)


class KeysMemo:
    """Search keys by (names, person) from earlier runs: the costliest part of an entity's
    properties (Russian case forms), kept per entity so that a file with a few edits does
    not pay for the entities it did not change. Entries no run used are dropped on save."""

    def __init__(self, stored: dict[KeysKey, list[str]]) -> None:
        self.stored = stored
        self.kept: dict[KeysKey, list[str]] = {}
        self.added = 0

    def get(self, key: KeysKey) -> list[str] | None:
        keys = self.stored.get(key)
        if keys is not None:
            self.kept[key] = keys
        return keys

    def put(self, key: KeysKey, keys: list[str]) -> None:
        self.kept[key] = keys
        self.added += 1

    def keep(self, key: KeysKey, keys: list[str]) -> None:
        """In use this run, by a file that came whole from the cache."""
        self.kept[key] = keys


@dataclass
class Entry:
    model: DataFile
    entity_props: list[Row]


@cache
def code_digest() -> str:
    """The digest of everything that decides what a file is read and transformed into."""
    digest = hashlib.sha256(sys.version.encode())
    for name in DISTRIBUTIONS:
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{name}={metadata.version(name)}".encode())
    for folder in CODE:
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.relative_to(folder.parent).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def default_dir() -> Path | None:
    """KG_INGEST_CACHE, `off` for none; by default in the user's cache folder."""
    setting = os.environ.get("KG_INGEST_CACHE", "")
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "exile-graph" / "ingest"


def default_cache() -> FileCache | None:
    """The cache `kg ingest` and `kg run` use (KG_INGEST_CACHE), or None when it is off."""
    folder = default_dir()
    return FileCache(folder) if folder is not None else None


@dataclass
class FileCache:
    root: Path
    used: set[str] = field(default_factory=set)

    @property
    def folder(self) -> Path:
        return self.root / code_digest()

    @staticmethod
    def digest(path: Path) -> str | None:
        try:
            return hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None  # validation reports it

    def get(self, digest: str | None) -> Entry | None:
        if digest is None:
            return None
        try:
            with (self.folder / f"{digest}.pickle").open("rb") as stored:
                entry = pickle.load(stored)
        except Exception:  # absent, truncated, from another version: read the file again
            return None
        if not isinstance(entry, Entry):
            return None
        self.used.add(digest)
        return entry

    def put(self, digest: str, entry: Entry) -> None:
        """Stored whole or not at all (written aside, then renamed); a full disk is no error."""
        self._write(f"{digest}.pickle", entry)
        self.used.add(digest)

    def keys_memo(self) -> KeysMemo:
        try:
            with (self.folder / KEYS_FILE).open("rb") as stored:
                found = pickle.load(stored)
        except Exception:  # absent or unreadable: made again
            found = {}
        return KeysMemo(found if isinstance(found, dict) else {})

    def save_keys(self, memo: KeysMemo) -> None:
        if memo.added or len(memo.kept) != len(memo.stored):
            self._write(KEYS_FILE, memo.kept)
        self.used.add(KEYS_FILE.split(".")[0])

    def _write(self, name: str, value: Any) -> None:
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = self.folder / f"{name}.{os.getpid()}.partial"
            with partial.open("wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            partial.replace(self.folder / name)

    def prune(self) -> None:
        """Entries of files this run did not see, and folders of other code, removed."""
        with contextlib.suppress(OSError):
            for other in self.root.iterdir():
                if other.is_dir() and other.name != self.folder.name:
                    shutil.rmtree(other, ignore_errors=True)
            for stored in self.folder.iterdir():
                if stored.name.split(".")[0] not in self.used:
                    stored.unlink(missing_ok=True)
