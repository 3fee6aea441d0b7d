"""The cutover as ordered, resumable steps over migrate.dms, the validators and migrate.deploy, with a state
file, an audit log, a lock, evidence and a final report. See docs/cutover.md."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from migrate.config import Settings
from migrate.errors import ConfigError
from migrate.runbook.context import Context
from migrate.runbook.gates import Overrides
from migrate.runbook.parts import Parts
from migrate.runbook.report import render_runbook, write_report
from migrate.runbook.rollback import ROLLBACK_PLAN, rollback
from migrate.runbook.runner import Confirm, Runner, Transition
from migrate.runbook.state import CutoverFiles, RunState, new_state
from migrate.runbook.steps import STEP_IDS, STEPS

CUTOVER_FOLDER = "cutover"
RUNBOOK_FILE = "runbook.md"


def files_of(settings: Settings) -> CutoverFiles:
    return CutoverFiles(settings.project_dir / CUTOVER_FOLDER)


def write_runbook(settings: Settings) -> Path:
    path = settings.project_dir / RUNBOOK_FILE
    path.write_text(render_runbook(settings), encoding="utf-8")
    return path


def dry_run(settings: Settings, parts: Parts, operator: str) -> list[str]:
    """Everything a run would do, step by step, with its SQL and AWS calls; nothing is read, written or sent."""
    files = files_of(settings)
    ctx = Context(settings, parts, files, new_state(settings.name, STEP_IDS), operator)
    lines = [f"dry run of the cutover of {settings.name}: nothing is connected, changed or written",
             f"state would be kept in {files.state}, the audit log in {files.audit}"]  # fmt: skip
    for number, step in enumerate(STEPS, 1):
        lines += ["", f"{number}. {step.title} [{step.id}], owner {settings.cutover.owners.get(step.id, step.owner)}",
                  f"   precondition: {step.precondition}", f"   gate: {step.gate}"]  # fmt: skip
        lines += [f"   would run: {line}" for line in step.plan(ctx)]
        lines.append(f"   rollback: {step.rollback}")
    lines += ["", "rollback path ('cutover rollback'):"] + [f"   {line}" for line in ROLLBACK_PLAN]
    return lines


@contextmanager
def opened(
    settings: Settings,
    parts: Parts,
    operator: str,
    *,
    new: bool,
    overrides: Overrides | None = None,
    confirm: Confirm | None = None,
    on_transition: Transition | None = None,
    progress: Callable[[str], None] = lambda _m: None,
) -> Iterator[Runner]:
    """The run under the lock: `new` starts one (refused when one exists), else the saved one is resumed."""
    files = files_of(settings)
    with files.locked():
        state = files.load(STEP_IDS)
        if new and state is not None:
            raise ConfigError(
                f"a cutover already ran here (run {state.run_id}, {state.phase}): {files.state}",
                "'aurora-migrate cutover resume' goes on with it; to start over, move the cutover folder away",
            )
        if not new and state is None:
            raise ConfigError(f"no cutover to resume in {files.folder}", "start one with 'aurora-migrate cutover run'")
        if state is None:
            state = new_state(settings.name, STEP_IDS)
            files.save(state)
            files.append({"run": state.run_id, "step": "", "action": "run-start", "result": "new cutover run",
                          "evidence": [], "operator": operator})  # fmt: skip
        ctx = Context(settings, parts, files, state, operator, overrides or Overrides(), progress=progress)
        runner = Runner(ctx, confirm or (lambda _q: None), on_transition or (lambda _s, _t: None))
        try:
            yield runner
        finally:
            write_report(settings, state, files)


def load_status(settings: Settings) -> tuple[RunState | None, CutoverFiles]:
    files = files_of(settings)
    return files.load(STEP_IDS), files


__all__ = ["STEPS", "STEP_IDS", "Overrides", "Runner", "dry_run", "load_status", "opened", "rollback",
           "write_runbook"]  # fmt: skip
