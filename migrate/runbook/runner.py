"""The cutover state machine: run the steps in order, resume where a run stopped, skip one with a reason.

Per step: `started` is saved before the action, `acted` after it, `done` after its gate passed (and a person
confirmed, for manual steps). A resume re-enters a step at the point its state says: after `acted` only the gate
runs, so a finished action is never repeated; a `started` step runs its (idempotent) action again. Every
transition is saved atomically and written to the audit log before the run goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from migrate.errors import ConfigError, CutoverStopped, MigrateError
from migrate.runbook.context import Context
from migrate.runbook.gates import GateResult
from migrate.runbook.state import now
from migrate.runbook.steps import STEP_IDS, STEPS, Step, step_by_id

Confirm = Callable[[str], str | None]  # question -> who confirmed, or None (not confirmed)
Transition = Callable[[str, str], None]  # (step, new status): called after each saved transition


def _never(_question: str) -> str | None:
    return None


def _nothing(_step: str, _status: str) -> None:
    return None


class Runner:
    def __init__(self, ctx: Context, confirm: Confirm = _never, on_transition: Transition = _nothing) -> None:
        self.ctx = ctx
        self.confirm = confirm
        self.on_transition = on_transition

    # -- bookkeeping --------------------------------------------------------------------------------------------
    def _set(self, step: str, status: str, action: str, result: str = "", **extra: Any) -> None:
        state = self.ctx.state.steps[step]
        state.status = status
        if status == "started" and not state.started:
            state.started = now()
        if status in ("done", "skipped", "failed"):
            state.finished = now()
        if result:
            state.detail = result
        self.ctx.save()
        self.ctx.files.append({"run": self.ctx.state.run_id, "step": step, "action": action, "result": result,
                               "evidence": list(state.evidence), "operator": self.ctx.operator, **extra})  # fmt: skip
        self.on_transition(step, status)

    def audit(self, step: str, action: str, result: str, **extra: Any) -> None:
        self.ctx.files.append({"run": self.ctx.state.run_id, "step": step, "action": action, "result": result,
                               "evidence": [], "operator": self.ctx.operator, **extra})  # fmt: skip

    # -- running --------------------------------------------------------------------------------------------------
    def run(self, until: str | None = None) -> str:
        """Run from where the state stands; returns 'complete' or 'until'. Raises CutoverStopped at a gate."""
        if until is not None:
            step_by_id(until)
        state = self.ctx.state
        if state.phase in ("rolling-back", "rolled-back"):
            raise ConfigError(f"this cutover was rolled back ({state.phase})",
                              "finish it with 'cutover rollback'; to try again, move the cutover folder away first")  # fmt: skip
        if state.phase == "complete":
            return "complete"
        state.phase = "running"
        for step in STEPS:
            if state.steps[step.id].status not in ("done", "skipped"):
                self._step(step)
            if until == step.id:
                state.phase = "stopped"
                self.ctx.save()
                self.audit(step.id, "until", f"stopped after {step.id} as asked (--until)")
                return "until"
        state.phase = "complete"
        self.ctx.save()
        self.audit("", "complete", "every step done")
        return "complete"

    def _step(self, step: Step) -> None:
        ctx, status = self.ctx, self.ctx.state.steps[step.id].status
        confirm = step.confirm(ctx)
        if status in ("pending", "failed", "started"):
            if confirm == "before":
                self._confirm(step, "before its action")
            self._set(step.id, "started", "start" if status == "pending" else "restart",
                      "" if status == "pending" else f"re-entered from {status}: the action is idempotent")  # fmt: skip
            result = self._guarded(step, lambda: step.act(ctx), "action")
            self._set(step.id, "acted", "action", result)
        if self.ctx.state.steps[step.id].status in ("acted", "waiting"):
            gate: GateResult = self._guarded(step, lambda: step.check(ctx), "gate")
            ctx.evidence(step.id, "gate.json", [c.as_dict() for c in gate.checks])
            verdict, blocking, used = gate.decide(ctx.overrides)
            for note in used:
                self.audit(step.id, "override", note)
            if verdict != "pass":
                self._stop_at_gate(step, verdict, blocking)
            if confirm == "after" and self.ctx.state.steps[step.id].status != "waiting":
                self._set(step.id, "waiting", "gate", f"gate passed ({gate.summary()}); waiting for a person")
            if confirm == "after":
                self._confirm(step, "after its gate passed")
            self._set(step.id, "done", "done", f"gate passed: {gate.summary()}",
                      checks=[c.as_dict() for c in gate.checks])  # fmt: skip

    def _guarded(self, step: Step, call: Callable[[], Any], what: str) -> Any:
        try:
            return call()
        except MigrateError as exc:
            self._set(step.id, "failed", f"{what}-error", exc.message)
            self.ctx.state.phase = "stopped"
            self.ctx.save()
            raise CutoverStopped(f"step {step.id}: its {what} could not complete: {exc.message}",
                                 (exc.hint + "; then " if exc.hint else "") + "'aurora-migrate cutover resume' "
                                 "(nothing after this step ran)", exit_code=2) from None  # fmt: skip

    def _stop_at_gate(self, step: Step, verdict: str, blocking: list[Any]) -> None:
        lines = "; ".join(f"{c.id}: {c.detail}" for c in blocking)
        self._set(step.id, "failed", "gate", f"{verdict}: {lines}", checks=[c.as_dict() for c in blocking])
        self.ctx.state.phase = "stopped"
        self.ctx.save()
        unknown = [c.id for c in blocking if c.verdict == "unknown"]
        failed = [c.id for c in blocking if c.verdict == "fail"]
        knowingly = " ".join([*(f"--accept-unknown {i}" for i in unknown), *(f"--waive {i}=REASON" for i in failed)])
        rollback = ("'aurora-migrate cutover rollback' switches back and resumes the source" if self._switched()
                    else "'aurora-migrate cutover rollback' resumes the source (nothing was switched)")  # fmt: skip
        what = "cannot tell whether it may go on" if verdict == "unknown" else "gate failed"
        raise CutoverStopped(
            f"step {step.id}: {what}: {lines}",
            f"fix the cause and 'cutover resume'; or go on knowingly: 'cutover resume {knowingly}' (recorded in the "
            f"audit log); or {rollback}",
        )

    def _switched(self) -> bool:
        return self.ctx.state.steps["switch"].status != "pending"

    def _confirm(self, step: Step, when: str) -> None:
        state = self.ctx.state.steps[step.id]
        if step.id in self.ctx.state.facts.get("confirmed", {}):
            return
        who = self.confirm(f"step '{step.title}' ({step.id}) needs a person's go {when}: confirm?")
        if not who:
            self.ctx.state.phase = "stopped"
            self.ctx.save()
            self.audit(step.id, "not-confirmed", f"waiting for a person's confirmation {when}")
            raise CutoverStopped(f"step {step.id} waits for a person's confirmation {when}; nothing was assumed done",
                                 "run 'aurora-migrate cutover resume --yes' (records you as confirming)", exit_code=3)  # fmt: skip
        self.ctx.state.facts.setdefault("confirmed", {})[step.id] = who
        state.confirmed_by = who
        self.ctx.save()
        self.audit(step.id, "confirmed", f"confirmed {when}", confirmed_by=who)

    # -- skip ---------------------------------------------------------------------------------------------------------
    def skip(self, step_id: str, reason: str) -> None:
        step_by_id(step_id)
        if not reason.strip():
            raise ConfigError("a skip needs a reason", 'pass --reason "why this step is not needed"')
        status = self.ctx.state.steps[step_id].status
        if status in ("done", "skipped"):
            raise ConfigError(f"step {step_id} is already {status}", "only a step not yet done can be skipped")
        self._set(step_id, "skipped", "skip", reason)


def step_order() -> list[str]:
    return list(STEP_IDS)
