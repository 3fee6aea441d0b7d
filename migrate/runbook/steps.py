"""The ten cutover steps, in order: what each needs, does, gates on, keeps as evidence, and how it is undone.

Each action is idempotent (it looks before it changes: a stopped task is not stopped again, a switched secret not
switched again, a recorded position not recorded again), so a resume after a kill in the middle of an action runs
it again safely; an action that finished is never run again (the state says `acted`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import migrate.runbook.finalise as finalise
import migrate.runbook.source as source
from migrate.errors import AwsError, ConfigError, MigrateError
from migrate.runbook.context import Context
from migrate.runbook.gates import GateResult, failed, passed, unknown
from migrate.runbook.handover import (
    arm_rollback,
    arm_rollback_gate,
    arm_rollback_plan,
    decommission,
    decommission_gate,
    do_switch,
    finalise_gate,
    finalise_target,
    hypercare,
    hypercare_gate,
    switch_gate,
)
from migrate.runbook.preflight import PREFLIGHT_PLAN, preflight_checks


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    owner: str  # default owner; cutover.owners overrides
    precondition: str
    action: str
    gate: str
    evidence: str
    rollback: str
    act: Callable[[Context], str]
    check: Callable[[Context], GateResult]
    plan: Callable[[Context], list[str]]
    confirm: Callable[[Context], str] = lambda _ctx: ""  # "before" | "after" the gate | "": no person needed


def _source_engine(ctx: Context) -> str:
    """From the URL alone: no password is resolved, nothing is connected (dry-run and plan use it too)."""
    from migrate.engines.url import parse_url

    if not ctx.settings.source.url:
        raise ConfigError("no source URL is configured", "set source.url in migration.toml")
    return parse_url(ctx.settings.source.url, what="source.url").engine


# --- 2. quiesce ------------------------------------------------------------------------------------------------
def quiesce(ctx: Context) -> str:
    c = ctx.settings.cutover
    engine = _source_engine(ctx)
    row = source.source_engine(engine)
    ctx.evidence("quiesce", "quiesce.sql", row.quiesce(c.app_users, c.source_jobs))
    ctx.evidence("quiesce", "resume.sql", row.resume(c.app_users, c.source_jobs))
    if not row.runs_here or c.quiesce_script:
        where = c.quiesce_script or "evidence/quiesce/quiesce.sql"
        return f"a DBA runs {where} on the {engine} source and confirms (it prints the {row.position})"
    with ctx.parts.connect("source") as conn:
        if "quiesce_before" not in ctx.facts:  # recorded once: a second run would record the quiesced state
            ctx.facts["quiesce_before"] = source.postgres_before(conn, c.app_users, c.source_jobs)
            ctx.save()
        done = source.postgres_quiesce(conn, ctx.facts["quiesce_before"])
        position, at = source.postgres_position(conn)
    ctx.facts.update(source_position=position, source_position_time=at)
    ctx.evidence("quiesce", "applied.json", {"done": done, "position": position, "at": at})
    return f"source quiesced ({len(done)} change(s)); {row.position} {position} at {at}"


def quiesce_gate(ctx: Context) -> GateResult:
    engine = _source_engine(ctx)
    if not source.source_engine(engine).runs_here or ctx.settings.cutover.quiesce_script:
        return GateResult((passed("source.quiesced", "run by a DBA: the confirmation records who"),))
    with ctx.parts.connect("source") as conn:
        writers = source.postgres_writers(conn)
        blocked = [u for u, was in ctx.facts["quiesce_before"]["roles"].items() if was["exists"] and
                   conn.scalar("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (u,))]  # fmt: skip
    missing = [u for u, was in ctx.facts["quiesce_before"]["roles"].items() if not was["exists"]]
    checks = [failed("source.writers", f"{len(writers)} session(s) hold an open write transaction: {writers[:5]}")
              if writers else passed("source.writers", "no session holds a write transaction")]  # fmt: skip
    checks.append(failed("source.app_users", f"can still log in: {', '.join(blocked)}") if blocked
                  else passed("source.app_users", f"locked: {', '.join(ctx.settings.cutover.app_users) or '(none configured)'}"))  # fmt: skip
    if missing:
        checks.append(failed("source.app_users_exist", f"no such role on the source: {', '.join(missing)}"))
    return GateResult(tuple(checks))


def quiesce_plan(ctx: Context) -> list[str]:
    c = ctx.settings.cutover
    try:
        engine = _source_engine(ctx)
    except MigrateError as exc:
        return [f"(cannot tell the source engine: {exc.message})"]
    return source.source_engine(engine).quiesce(c.app_users, c.source_jobs).splitlines()


def quiesce_confirm(ctx: Context) -> str:
    runs_here = source.source_engine(_source_engine(ctx)).runs_here
    return "after" if not runs_here or ctx.settings.cutover.quiesce_script else ""


# --- 3. drain ----------------------------------------------------------------------------------------------------
def drain(ctx: Context) -> str:
    from migrate.dms.waiters import DrainSample, cdc_drained

    c = ctx.settings.cutover
    missing: list[str] = []

    def read(with_counters: bool) -> DrainSample:
        latency_source, latency_target = ctx.parts.latency_series(c.latency_samples + 2)
        counters = None
        if with_counters:
            status = ctx.parts.replication_status()
            problem = next((m for m in status.missing if m.startswith("per-table")), "")
            if problem:  # cannot see the counters: the gate says "cannot tell" about them
                missing[:] = [problem]
            counters = {f"{t.schema}.{t.table}": t.counters for t in status.tables}
        return DrainSample(latency_source, latency_target, counters)

    sample = cdc_drained(read, max_latency=c.max_cdc_latency_seconds, samples=c.latency_samples,
                         timeout=c.drain_timeout_seconds, interval=c.poll_interval_seconds, sleep=ctx.sleep,
                         progress=ctx.progress)  # fmt: skip
    explained = sample.explain(c.max_cdc_latency_seconds, c.latency_samples)
    ctx.facts["drain"] = {"latency": explained, "counters": missing[0] if missing else "stable between two reads"}
    ctx.evidence("drain", "drain.json", ctx.facts["drain"])
    return f"CDC drained: {explained}"


def drain_gate(ctx: Context) -> GateResult:
    found = ctx.facts.get("drain") or {}
    checks = [passed("cdc.latency", found.get("latency", ""))]
    counters = found.get("counters", "")
    checks.append(passed("dms.table_changes", counters) if counters.startswith("stable")
                  else unknown("dms.table_changes", f"cannot tell whether changes still arrive: {counters}"))  # fmt: skip
    return GateResult(tuple(checks))


# --- 4. stop the forward task ----------------------------------------------------------------------------------
def stop_forward(ctx: Context) -> str:
    stopped = ctx.parts.stop_replication(ctx.settings.cutover.drain_timeout_seconds)
    status = ctx.parts.replication_status(with_tables=False)
    reason = status.stop_reason or f"stopped by the cutover runbook (operator {ctx.operator})"
    ctx.facts["forward_stop"] = {"status": status.status, "stop_reason": reason, "stopped_now": stopped}
    ctx.evidence("stop-forward", "dms-status.json", {"status": status.status, "stop_reason": reason,
                                                     "stats": status.stats, "missing": status.missing})  # fmt: skip
    return f"{status.name}: {status.status} ({reason})"


def stop_forward_gate(ctx: Context) -> GateResult:
    try:
        status = ctx.parts.replication_status(with_tables=False)
    except AwsError as exc:
        return GateResult((unknown("dms.stopped", f"cannot read the task: {exc.message}"),))
    ok = status.status == "stopped"
    return GateResult((passed("dms.stopped", f"{status.name} stopped") if ok
                       else failed("dms.stopped", f"{status.name} is {status.status}"),))  # fmt: skip


# --- 5. final validation -----------------------------------------------------------------------------------------
def final_validation(ctx: Context) -> str:
    report = ctx.parts.validate(ctx.settings.cutover.validation_checks, ctx.evidence_dir("validate"), None)
    ctx.state.steps["validate"].evidence += [f"evidence/validate/{n}" for n in ("validation.json", "validation.html")]
    summary = {s: report.count(s) for s in ("match", "differ", "error")}
    ctx.facts["final_validation"] = {
        "exit_code": report.exit_code, "summary": summary, "problems": report.problems,
        "differ": [f"{c.check} {c.table}: {c.summary or c.difference_count}" for c in report.checks if c.status == "differ"],
        "error": [f"{c.check} {c.table}: {c.summary}" for c in report.checks if c.status == "error"],
    }  # fmt: skip
    return f"validation: {summary}"


def final_validation_gate(ctx: Context) -> GateResult:
    found = ctx.facts.get("final_validation") or {}
    if found.get("differ"):
        return GateResult((failed("validate.final", "; ".join(found["differ"][:10])),))
    if found.get("error") or found.get("problems"):
        return GateResult((unknown("validate.final", "; ".join((found.get("problems") or []) + found["error"])[:500]),))
    return GateResult((passed("validate.final", f"every check matches: {found.get('summary')}"),))


def _static(*lines: str) -> Callable[[Context], list[str]]:
    return lambda _ctx: list(lines)


def _finalise_plan(ctx: Context) -> list[str]:
    return finalise.finalise_plan([], ctx.settings.cutover.target_app_role)


def _no_action(_ctx: Context) -> str:
    return "read-only checks"


STEPS: tuple[Step, ...] = (
    Step("preflight", "Preflight and go/no-go", "migration lead",
         "dms apply + dms start ran; the full load finished; CDC runs",
         "read-only checks of DMS, the validators, the target and the source", "every check passes (or a person "
         "accepts an unknown / waives a failure), then a person says go", "preflight/gate.json, preflight/validation/",
         "nothing to undo (read-only)", _no_action, lambda ctx: GateResult(tuple(preflight_checks(ctx))),
         _static(*PREFLIGHT_PLAN), confirm=lambda _ctx: "after"),
    Step("quiesce", "Quiesce the source", "source DBA", "go recorded",
         "lock the application's users, pause jobs, end their sessions, record the SCN/LSN and time",
         "no session holds a write transaction; the application users cannot log in",
         "quiesce/quiesce.sql, resume.sql, applied.json", "unlock users, re-enable jobs (resume.sql; automatic on "
         "PostgreSQL)", quiesce, quiesce_gate, quiesce_plan, confirm=quiesce_confirm),
    Step("drain", "Drain CDC", "migration lead", "the source is quiet",
         "wait until CDC latency stays under cutover.max_cdc_latency_seconds and table counters stop moving",
         "latency samples under the bound; counters stable (or a person accepts 'cannot tell')", "drain/drain.json",
         "nothing to undo", drain, drain_gate,
         _static("read-only: CloudWatch GetMetricStatistics CDCLatencySource/Target; DescribeTableStatistics")),
    Step("stop-forward", "Stop the forward task", "migration lead", "CDC drained", "StopReplicationTask / "
         "StopReplication, wait until stopped, record the stop reason", "the task is stopped",
         "stop-forward/dms-status.json", "dms start (resume-processing) restarts it", stop_forward, stop_forward_gate,
         _static("dms StopReplicationTask (or StopReplication) on the project's run; DescribeReplicationTasks until stopped")),
    Step("validate", "Final validation gate", "migration lead", "writes stopped on both sides",
         "validate cutover.validation_checks (counts, checksums, aggregates) on every table",
         "every table matches; on a failure the run stops and offers rollback-before-switch",
         "validate/validation.json, validation.html", "cutover rollback resumes the source", final_validation,
         final_validation_gate, _static("read-only: aurora-migrate validate counts,checksums,aggregates (source vs target)")),
    Step("finalise", "Finalise the target", "target DBA", "the final validation passed",
         "post-load deploy (deploy --post-load), setval of serial/identity sequences above the largest key, VALIDATE "
         "foreign keys, enable triggers, grants, refresh materialised views, ANALYZE",
         "every column sequence above its table's max key; no NOT VALID foreign key",
         "finalise/finalise.json, sequences.json", "nothing to undo (the target is not in use yet)", finalise_target,
         finalise_gate, _finalise_plan),
    Step("arm-rollback", "Arm rollback (reverse task)", "migration lead", "the target is final",
         "record the target's WAL LSN; create and start a CDC-only DMS task target -> source from it",
         "the reverse task is running", "arm-rollback/reverse-calls.json", "stop the reverse task",
         arm_rollback, arm_rollback_gate, arm_rollback_plan),
    Step("switch", "Switch the application", "application team", "the reverse task runs",
         "write the target's host/port/dbname into the application's Secrets Manager secret (or run the switch hook)",
         "the secret holds the target's values; a write through it lands on the target", "audit log (no secret value)",
         "move AWSCURRENT back to the previous version (or run the switch-back hook)", do_switch, switch_gate,
         _static("secretsmanager GetSecretValue; PutSecretValue with cutover.switch_values merged (or sh -c switch_hook)",
                 "INSERT INTO aurora_migrate.cutover_probe through the switched credentials; read back on the target")),
    Step("hypercare", "Hypercare", "migration lead", "the application writes to the target",
         "for cutover.hypercare_minutes: watch the reverse task and a validation sample (differing keys rechecked "
         "after the lag window)", "the reverse task runs under the bound; the sample matches",
         "hypercare/observations.json, round-N/", "rollback: switch back, drain the reverse task, resume the source",
         hypercare, hypercare_gate, _static("read-only: DescribeReplicationTasks, CloudWatch; validate counts,checksums "
                                            "--recheck-after <latency + margin>")),
    Step("decommission", "Decommission", "migration lead", "hypercare passed and a person confirms",
         "stop and delete every DMS resource tagged with this project; archive the evidence",
         "no DMS resource of the project is left; the archive exists", "decommission/deleted.json, the archive",
         "none: after this the old source gets no changes", decommission, decommission_gate,
         _static("dms StopReplicationTask (both tasks); resourcegroupstaggingapi GetResources; Delete* of each",
                 "tar.gz of cutover/evidence"), confirm=lambda _ctx: "before"),
)  # fmt: skip
STEP_IDS = [s.id for s in STEPS]


def step_by_id(step_id: str) -> Step:
    for step in STEPS:
        if step.id == step_id:
            return step
    raise ConfigError(f"no cutover step '{step_id}'", f"steps: {', '.join(STEP_IDS)}")
