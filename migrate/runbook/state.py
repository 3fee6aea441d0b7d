"""Where a cutover stands, on disk: the state file, the append-only audit log, and the lock.

The state (cutover/state.json) is written after every transition by writing a temporary file, fsyncing it and
renaming it over the old one, so a kill at any moment leaves either the old or the new state, never half of
one. The audit log (cutover/audit.jsonl) only grows: one JSON line per event, flushed and fsynced before the
run goes on. The lock is an exclusive flock on cutover/lock: the kernel drops it when the holder dies (even by
SIGKILL), so a crashed run never blocks `resume`, and a second run while one is alive is refused.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from migrate.errors import ConfigError, InputError, mask_data

STATE_VERSION = 1
STATE_FILE = "state.json"
AUDIT_FILE = "audit.jsonl"
LOCK_FILE = "lock"

# step status -> what it means; a step moves pending -> started -> acted -> done (or failed / skipped / waiting)
STEP_STATUSES = {
    "pending": "not started",
    "started": "its action began (a resume runs the action again: every action is idempotent)",
    "acted": "its action finished; the gate has not passed yet (a resume evaluates the gate only)",
    "waiting": "the gate passed; the step waits for a person to confirm",
    "done": "the gate passed (and a person confirmed, for manual steps)",
    "failed": "the gate failed or could not tell; nothing after it ran",
    "skipped": "skipped by a person, with a reason",
}
RUN_PHASES = ("running", "stopped", "complete", "rolling-back", "rolled-back")


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass
class StepState:
    status: str = "pending"
    started: str = ""
    finished: str = ""
    detail: str = ""  # the gate's summary, a skip's reason, who confirmed
    evidence: list[str] = field(default_factory=list)  # paths relative to the cutover folder
    confirmed_by: str = ""


@dataclass
class RunState:
    run_id: str
    project: str
    started: str
    phase: str = "running"
    steps: dict[str, StepState] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)  # what steps recorded: LSN/SCN, secret version, ...
    rollback: dict[str, str] = field(default_factory=dict)  # rollback action -> when it was done
    version: int = STATE_VERSION

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def new_state(project: str, step_ids: list[str]) -> RunState:
    return RunState(uuid.uuid4().hex[:12], project, now(), steps={s: StepState() for s in step_ids})


class CutoverFiles:
    """The cutover folder of a project and the files in it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.state = folder / STATE_FILE
        self.audit = folder / AUDIT_FILE
        self.lock = folder / LOCK_FILE
        self.evidence = folder / "evidence"

    def load(self, step_ids: list[str]) -> RunState | None:
        """The saved state, or None when no cutover ran here; a damaged file is an error, never a fresh start."""
        if not self.state.exists():
            return None
        fix = (
            f"restore {self.state} from your backup, or compare it with {self.audit} (every transition is there); "
            "delete it only to start the whole cutover again"
        )
        try:
            data = json.loads(self.state.read_text(encoding="utf-8"))
            steps = {name: StepState(**value) for name, value in data.pop("steps").items()}
            state = RunState(**data, steps=steps)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"{self.state}: the cutover state file is damaged ({exc})", fix) from None
        except (KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{self.state}: not a cutover state file ({type(exc).__name__}: {exc})", fix) from None
        if state.version != STATE_VERSION:
            raise InputError(f"{self.state}: state version {state.version}, expected {STATE_VERSION}", fix)
        unknown = sorted(set(state.steps) - set(step_ids))
        if unknown or set(step_ids) - set(state.steps):
            raise InputError(f"{self.state}: its steps ({', '.join(state.steps)}) are not this version's", fix)
        return state

    def save(self, state: RunState) -> None:
        """Atomically: a temporary file, fsync, rename, fsync of the folder."""
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(mask_data(state.as_dict()), indent=2, default=str)
        temporary = self.state.with_name(f".{STATE_FILE}.{os.getpid()}.tmp")
        with temporary.open("w", encoding="utf-8") as handle:
            handle.write(text + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.state)
        _fsync_dir(self.folder)

    def append(self, entry: dict[str, Any]) -> None:
        """One audit line: time, step, action, result, evidence paths, operator (and what else the event says)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        line = json.dumps(mask_data({"time": now(), **entry}), default=str)
        with self.audit.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def audit_entries(self) -> list[dict[str, Any]]:
        if not self.audit.exists():
            return []
        entries = []
        for number, line in enumerate(self.audit.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError:
                # a kill can cut the very last line short; any other damaged line is reported as such
                entries.append({"time": "", "step": "", "action": "damaged-line", "result": f"line {number}"})
        return entries

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Refuse a second run while one holds the lock; the kernel frees it when its holder dies."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handle = self.lock.open("a+", encoding="utf-8")
        try:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise ConfigError(
                    f"another cutover run holds {self.lock} ({holder})",
                    "wait for it to finish ('aurora-migrate cutover status' shows where it is); two runs at once "
                    "are never allowed",
                ) from None
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()} on {socket.gethostname()} since {now()}\n")
            handle.flush()
            yield
        finally:
            handle.close()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
