"""Resume: finished table checks, and the finished steps of tables still being checked, kept under --out.

The file is rewritten atomically after every finished table and every finished checksum step, so a run
stopped at any point resumes where it stopped: finished tables are skipped; a table stopped
mid-bisection reuses its top-level segment checksums (the full scan of both sides), every deeper level
it had hashed and the differences of every leaf batch it had compared, and goes on from there.
A finished table's steps are dropped from the file: it only holds the tables in progress.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from validators.result import CheckResult
from validators.segments import Checksum, Grid, Level, RowDifference

FILE = "validate.checkpoint.json"
# a leaf batch with more differences than this is compared again on resume rather than kept in the file
MAX_SAVED_DIFFERENCES = 20_000


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
        return _level(found["sides"])

    def save_top(self, table: str, grid: Grid, level: Level) -> None:
        """A table's top level; its deeper steps from an earlier run (over another grid) are dropped."""
        with self._lock:
            self.tops[table] = {"grid": [grid.low, grid.high, grid.top_width], "sides": _sides(level)}
            self._write()

    def journal(self, table: str) -> TableJournal | None:
        """The table's bisection steps (segments.Journal), once its top level is known; none without --out."""
        return TableJournal(self, table) if self.path else None

    def save(self, result: CheckResult) -> None:
        if result.status == "error":
            return  # an error is retried on resume
        with self._lock:
            self.done[self._key(result.check, result.table)] = result.as_dict()
            if result.check == "checksums":
                self.tops.pop(result.table, None)
            self._write()

    def _write(self) -> None:
        if not self.path:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        data = {"fingerprint": self.fingerprint, "done": self.done, "tops": self.tops}
        temporary.write_text(json.dumps(data, default=str), encoding="utf-8")
        temporary.replace(self.path)


class TableJournal:
    """One table's finished bisection steps, stored beside its top level in the checkpoint."""

    def __init__(self, checkpoint: Checkpoint, table: str) -> None:
        self._checkpoint, self._table = checkpoint, table

    def _steps(self, kind: str) -> dict[str, Any]:
        return self._checkpoint.tops.get(self._table, {}).get(kind, {})  # type: ignore[no-any-return]

    def level(self, key: str) -> Level | None:
        found = self._steps("levels").get(key)
        return _level(found) if found is not None else None

    def save_level(self, key: str, level: Level) -> None:
        self._save("levels", key, _sides(level))

    def leaf(self, key: str) -> list[RowDifference] | None:
        found = self._steps("leaves").get(key)
        return [RowDifference(kind, tuple(k), count) for kind, k, count in found] if found is not None else None

    def save_leaf(self, key: str, found: list[RowDifference]) -> None:
        if len(found) <= MAX_SAVED_DIFFERENCES:
            self._save("leaves", key, [[d.kind, list(d.key), d.count] for d in found])

    def _save(self, kind: str, key: str, value: Any) -> None:
        checkpoint = self._checkpoint
        with checkpoint._lock:
            entry = checkpoint.tops.get(self._table)
            if entry is None:  # no top level kept (the table's grid changed meanwhile): nothing to attach to
                return
            entry.setdefault(kind, {})[key] = value
            checkpoint._write()


def _sides(level: Level) -> list[dict[str, list[int]]]:
    return [{str(k): [v.count, v.total] for k, v in side.items()} for side in level]


def _level(sides: list[dict[str, list[int]]]) -> Level:
    source, target = ({int(k): Checksum(*v) for k, v in side.items()} for side in sides)
    return source, target
