"""Resume: finished table checks, and each table's top-level segment checksums, kept under --out.

The file is rewritten atomically after every finished table, so a run stopped at any point resumes
from the last finished table; a table stopped mid-bisection reuses its top-level segment checksums
(the full scan of both sides) and only re-bisects the segments that differed.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from validators.result import CheckResult
from validators.segments import Checksum, Grid, Level

FILE = "validate.checkpoint.json"


class Checkpoint:
    def __init__(self, folder: Path | None, resume: bool, fingerprint: str) -> None:
        self.path = folder / FILE if folder else None
        self.fingerprint = fingerprint  # source, target, filter: a resume of another run starts afresh
        self._lock = threading.Lock()
        self.done: dict[str, dict[str, Any]] = {}
        self.tops: dict[str, Any] = {}
        if resume and self.path and self.path.is_file():
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("fingerprint") == fingerprint:
                self.done, self.tops = data.get("done", {}), data.get("tops", {})

    @staticmethod
    def _key(check: str, table: str) -> str:
        return f"{check}:{table}"

    def finished(self, check: str, table: str) -> CheckResult | None:
        found = self.done.get(self._key(check, table))
        return CheckResult.from_dict(found) if found else None

    def top(self, table: str, grid: Grid) -> Level | None:
        """The table's top-level checksums from an earlier run over the same grid."""
        found = self.tops.get(table)
        if not found or found["grid"] != [grid.low, grid.high, grid.top_width]:
            return None
        return tuple(  # type: ignore[return-value]
            {int(k): Checksum(*v) for k, v in side.items()} for side in found["sides"]
        )

    def save_top(self, table: str, grid: Grid, level: Level) -> None:
        with self._lock:
            sides = [{str(k): [v.count, v.total] for k, v in side.items()} for side in level]
            self.tops[table] = {"grid": [grid.low, grid.high, grid.top_width], "sides": sides}
            self._write()

    def save(self, result: CheckResult) -> None:
        if result.status == "error":
            return  # an error is retried on resume
        with self._lock:
            self.done[self._key(result.check, result.table)] = result.as_dict()
            self._write()

    def _write(self) -> None:
        if not self.path:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        data = {"fingerprint": self.fingerprint, "done": self.done, "tops": self.tops}
        temporary.write_text(json.dumps(data, default=str), encoding="utf-8")
        temporary.replace(self.path)
