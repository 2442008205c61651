"""Where the local server keeps its files under its home (KG_STATE_DIR)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Paths:
    home: Path

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def console_log(self) -> Path:
        return self.logs / "console.log"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def stopped_file(self) -> Path:
        """Written by `stop`, removed by `start`: a supervisor leaves such a server down."""
        return self.home / "run" / "stopped"

    @property
    def writer_file(self) -> Path:
        """The writer lock (kg/local/writer.py): who made the server writable, and why."""
        return self.home / "run" / "writer"

    @property
    def mode_file(self) -> Path:
        """The mode of the last start ("read-only" or "writable"); a plain start keeps it."""
        return self.home / "mode"
