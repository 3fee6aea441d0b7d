"""The rollback path, from any step: switch back, stop writes on the target, drain and stop the reverse task,
move the source's sequences past what the reverse task wrote, and resume the source as the quiesce found it.

Only what the run actually did is undone (the state's facts say what that is), each action once: a rollback
killed half-way resumes with the actions not yet done.
"""

from __future__ import annotations

from collections.abc import Callable

import migrate.runbook.finalise as finalise
import migrate.runbook.reverse as reverse
import migrate.runbook.source as source
import migrate.runbook.switch as switch
from migrate.errors import AwsError, CutoverStopped, MigrateError
from migrate.runbook.context import Context
from migrate.runbook.runner import Runner
from migrate.runbook.state import now


def _switch_back(ctx: Context) -> str:
    c = ctx.settings.cutover
    previous = ctx.facts.get("secret_previous_version")
    if previous:
        return switch.switch_back(ctx.parts.api(), ctx.settings, previous)
    if ctx.facts.get("switched_by_hook"):
        return "switch-back hook ran: " + switch.run_hook(c.switch_back_hook, "switch_back_hook")
    return ""


def _stop_target_writes(ctx: Context) -> str:
    role = ctx.settings.cutover.target_app_role
    if not role or ("secret_previous_version" not in ctx.facts and not ctx.facts.get("switched_by_hook")):
        return ""
    with ctx.parts.connect("target") as conn:
        conn.execute(f"ALTER ROLE {finalise.q(role)} NOLOGIN")
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s "
                     "AND pid <> pg_backend_pid()", (role,))  # fmt: skip
    return f"target role {role} can no longer log in; its sessions ended"


def _drain_reverse(ctx: Context) -> str:
    from migrate.dms.monitor import latency_series, resource_id
    from migrate.dms.replication import names

    if ctx.state.steps["arm-rollback"].status == "pending":
        return ""
    api = ctx.parts.api()
    task = reverse.reverse_task(api, ctx.settings)
    if task is None:
        return ""
    if task.get("Status") == "running":
        c = ctx.settings.cutover
        dims = [{"Name": "ReplicationInstanceIdentifier", "Value": names(ctx.settings).instance},
                {"Name": "ReplicationTaskIdentifier", "Value": resource_id(task["ReplicationTaskArn"])}]  # fmt: skip
        series = latency_series(api, "CDCLatencyTarget", dims, c.latency_samples + 2)
        recent = series[-c.latency_samples :]
        drained = len(recent) >= c.latency_samples and max(recent) <= c.max_cdc_latency_seconds
        if not drained and "reverse.drained" not in ctx.overrides.accept_unknown:
            raise CutoverStopped(
                "rollback: cannot tell whether the reverse task has applied every change to the source "
                f"(CDCLatencyTarget samples: {list(recent) or 'none'})",
                "wait and run 'cutover rollback' again, or accept it knowingly: 'cutover rollback --accept-unknown "
                "reverse.drained' (recorded in the audit log)",
            )
        if not drained:
            ctx.files.append({"run": ctx.state.run_id, "step": "rollback", "action": "override",
                              "result": "accepted unknown reverse.drained", "operator": ctx.operator})  # fmt: skip
    return "reverse task: " + reverse.stop_reverse(api, ctx.settings)


def _source_sequences(ctx: Context) -> str:
    if not source.source_engine(ctx.parts.source_url().engine).runs_here:
        return "sequences on the source: see evidence/rollback/resume.sql (run by a DBA)"
    schemas = sorted({s for s in _source_schemas(ctx)})
    with ctx.parts.connect("source") as conn:
        done = finalise.reset_sequences(conn, schemas)
    return f"{len(done)} source sequence(s) moved past the largest key: {done}"


def _source_schemas(ctx: Context) -> list[str]:
    inventory, _conversion = ctx.parts.inventory()
    return [t.schema for t in inventory.tables()]


def _resume_source(ctx: Context) -> str:
    c = ctx.settings.cutover
    if ctx.state.steps["quiesce"].status == "pending":
        return ""
    row = source.source_engine(ctx.parts.source_url().engine)
    ctx.evidence_dir("rollback")
    (ctx.files.evidence / "rollback" / "resume.sql").write_text(
        row.resume(c.app_users, c.source_jobs), encoding="utf-8"
    )
    before = ctx.facts.get("quiesce_before")
    if not row.runs_here or c.quiesce_script or before is None:
        return "a DBA runs evidence/rollback/resume.sql on the source"
    with ctx.parts.connect("source") as conn:
        done = source.postgres_resume(conn, before)
    return f"source resumed as the quiesce found it: {done}"


# (name, action) in order; an action answering '' had nothing to undo
ROLLBACK_ACTIONS: tuple[tuple[str, Callable[[Context], str]], ...] = (
    ("switch-back", _switch_back),
    ("stop-target-writes", _stop_target_writes),
    ("drain-reverse", _drain_reverse),
    ("source-sequences", _source_sequences),
    ("resume-source", _resume_source),
)


def rollback(runner: Runner) -> list[str]:
    ctx = runner.ctx
    ctx.state.phase = "rolling-back"
    ctx.save()
    runner.audit("rollback", "start", "rollback started")
    done = []
    for name, action in ROLLBACK_ACTIONS:
        if name in ctx.state.rollback:
            continue
        try:
            result = action(ctx)
        except CutoverStopped:
            raise
        except (MigrateError, AwsError) as exc:
            runner.audit("rollback", f"{name}-error", exc.message)
            raise CutoverStopped(f"rollback {name} could not complete: {exc.message}",
                                 (exc.hint + "; then " if exc.hint else "") + "'cutover rollback' again (what is done "
                                 "stays done)", exit_code=2) from None  # fmt: skip
        ctx.state.rollback[name] = now()
        ctx.save()
        runner.audit("rollback", name, result or "nothing to undo")
        done.append(f"{name}: {result or 'nothing to undo'}")
    ctx.state.phase = "rolled-back"
    ctx.save()
    runner.audit("rollback", "done", "rolled back")
    return done


ROLLBACK_PLAN = [
    "switch-back: secretsmanager UpdateSecretVersionStage AWSCURRENT -> the recorded previous version (or switch_back_hook)",
    "stop-target-writes: ALTER ROLE <cutover.target_app_role> NOLOGIN; end its sessions (only after a switch)",
    "drain-reverse: the reverse task's CDCLatencyTarget under the bound, then StopReplicationTask",
    "source-sequences: setval of every column sequence on a PostgreSQL source above its largest key",
    "resume-source: put back what the quiesce changed (roles' LOGIN, read-only default, pg_cron jobs), or resume.sql",
]
