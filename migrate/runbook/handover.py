"""Steps 6 to 10: the target takes over. Finalise it, arm the reverse task, switch the application, watch it
through hypercare, and decommission what the migration created. Each action looks before it changes, like the
first five steps (see steps.py).
"""

from __future__ import annotations

import migrate.runbook.finalise as finalise
import migrate.runbook.reverse as reverse
import migrate.runbook.source as source
import migrate.runbook.switch as switch
from migrate.errors import AwsError, ConfigError
from migrate.runbook.context import Context
from migrate.runbook.gates import Check, GateResult, failed, passed, unknown


# --- 6. finalise the target ----------------------------------------------------------------------------------------
def finalise_target(ctx: Context) -> str:
    schemas = ctx.schemas()
    # the runbook reads the source's free sequences where it works on the source itself (else they stay as loaded)
    src = ctx.parts.connect("source") if source.source_engine(ctx.parts.source_url().engine).runs_here else None
    try:
        with ctx.parts.connect("target") as conn:
            report = ctx.parts.deploy_post_load(conn)
            deploy_errors = [f"{o.kind} {o.schema}.{o.name}: {o.error}" for o in (report.outcomes if report else ())
                             if o.status.value == "error"]  # fmt: skip
            done = finalise.finalise_target(conn, schemas, ctx.settings.cutover.target_app_role)
            carried, left = finalise.carry_free_sequences(src, conn, finalise.free_sequences(conn, schemas))
    finally:
        if src is not None:
            src.close()
    done.update(post_load_deploy="not needed" if report is None else f"{len(report.outcomes)} object(s)",
                post_load_errors=deploy_errors, free_sequences=carried, free_sequences_left=left)  # fmt: skip
    ctx.facts["finalise"] = {"post_load_errors": deploy_errors, "free_sequences_left": left}
    ctx.evidence("finalise", "finalise.json", done)
    return f"{len(done['sequences'])} sequence(s) moved, {len(done['validated_foreign_keys'])} FK(s) validated"


def finalise_gate(ctx: Context) -> GateResult:
    schemas = ctx.schemas()
    with ctx.parts.connect("target") as conn:
        states = finalise.sequence_states(conn, schemas)
        fks = conn.rows(finalise.NOT_VALID_FKS, (schemas,))
    ctx.evidence("finalise", "sequences.json", [s.__dict__ for s in states])
    low = [f"{s.sequence} next {s.next_value} <= max {s.table}.{s.column} {s.max_key}" for s in states if not s.above]
    found = ctx.facts.get("finalise") or {}
    checks = [failed("target.sequences", "; ".join(low)) if low
              else passed("target.sequences", f"{len(states)} column sequence(s) above their table's largest key"),
              failed("target.foreign_keys", f"still NOT VALID: {fks}") if fks
              else passed("target.foreign_keys", "every foreign key validated")]  # fmt: skip
    if found.get("post_load_errors"):
        checks.append(failed("target.post_load", "; ".join(found["post_load_errors"][:10])))
    if found.get("free_sequences_left"):
        checks.append(unknown("target.free_sequences", "owned by no column, no PostgreSQL source value to take: "
                              + ", ".join(found["free_sequences_left"]) + " (set them from the source by hand)"))  # fmt: skip
    return GateResult(tuple(checks))


# --- 7. arm rollback: the reverse task -----------------------------------------------------------------------------
def arm_rollback(ctx: Context) -> str:
    if not ctx.settings.cutover.reverse_replication:
        return "not armed: cutover.reverse_replication = false"
    if "reverse_position" not in ctx.facts:
        with ctx.parts.connect("target") as conn:
            ctx.facts["reverse_position"] = str(conn.scalar("SELECT pg_current_wal_lsn()::text"))
        ctx.save()
    inventory, conversion = ctx.parts.inventory()
    mappings = reverse.reverse_mappings(inventory, conversion, dict(ctx.settings.conversion.schema_map))
    databases = (ctx.parts.source_url().database or str(ctx.parts.source_url().query.get("service_name", "")),
                 ctx.parts.target_url().database)  # fmt: skip
    calls = reverse.reverse_calls(ctx.settings, ctx.parts.source_url().engine, mappings, databases)
    ctx.evidence("arm-rollback", "reverse-calls.json", [c.as_json() for c in calls])
    api = ctx.parts.api()
    task = reverse.create_reverse(api, ctx.settings, calls)
    c = ctx.settings.cutover
    attempts = max(1, int(c.drain_timeout_seconds // max(c.poll_interval_seconds, 1)))
    reverse.start_reverse(api, task, ctx.facts["reverse_position"], attempts, ctx.sleep, c.poll_interval_seconds)
    return f"reverse task {task.get('ReplicationTaskIdentifier')} started from LSN {ctx.facts['reverse_position']}"


def arm_rollback_gate(ctx: Context) -> GateResult:
    if not ctx.settings.cutover.reverse_replication:
        return GateResult((passed("reverse.task", "disabled by cutover.reverse_replication = false: a rollback after "
                                  "the switch has no replication back"),))  # fmt: skip
    try:
        task = reverse.reverse_task(ctx.parts.api(), ctx.settings)
    except AwsError as exc:
        return GateResult((unknown("reverse.task", f"cannot read the reverse task: {exc.message}"),))
    status = (task or {}).get("Status", "missing")
    return GateResult((passed("reverse.task", "the reverse task is running") if status == "running"
                       else failed("reverse.task", f"the reverse task is {status}"),))  # fmt: skip


def arm_rollback_plan(ctx: Context) -> list[str]:
    names = reverse.reverse_names(ctx.settings)
    return ["SELECT pg_current_wal_lsn() on the target (the reverse task's start position)",
            f"dms CreateEndpoint {names[0]} (aurora-postgresql source), CreateEndpoint {names[1]} (the old source)",
            f"dms CreateReplicationTask {names[2]} (cdc, rename rules back to the source's names)",
            "dms StartReplicationTask start-replication CdcStartPosition=<that LSN>"]  # fmt: skip


# --- 8. switch ------------------------------------------------------------------------------------------------------
def do_switch(ctx: Context) -> str:
    c = ctx.settings.cutover
    if c.switch_secret_id:
        if not c.switch_values:
            raise ConfigError(
                "cutover.switch_values is empty", 'set e.g. switch_values = { host = "...", port = "5432" }'
            )
        previous, new = switch.switch_secret(ctx.parts.api(), ctx.settings)
        if previous:
            ctx.facts["secret_previous_version"] = previous
        return f"{c.switch_secret_id}: version {new} is AWSCURRENT" + (f" (was {previous})" if previous else "")
    if c.switch_hook:
        ctx.facts["switched_by_hook"] = True
        return "switch hook ran: " + switch.run_hook(c.switch_hook, "switch_hook")
    raise ConfigError("nothing to switch the application with",
                      "set cutover.switch_secret_id (+ switch_values) or cutover.switch_hook in migration.toml")  # fmt: skip


def switch_gate(ctx: Context) -> GateResult:
    checks: list[Check] = []
    api = ctx.parts.api()
    if ctx.settings.cutover.switch_secret_id:
        try:
            ok = switch.is_switched(api, ctx.settings)
        except AwsError as exc:
            return GateResult((unknown("switch.secret", f"cannot read the secret: {exc.message}"),))
        checks.append(passed("switch.secret", "the secret holds the target's values") if ok
                      else failed("switch.secret", "the secret does not hold the target's values"))  # fmt: skip
    problem = switch.write_check(api, ctx.settings, ctx.parts.target_url(), ctx.state.run_id)
    checks.append(failed("switch.write", problem) if problem
                  else passed("switch.write", "a row written through the switched connection landed on the target"))  # fmt: skip
    return GateResult(tuple(checks))


# --- 9. hypercare ----------------------------------------------------------------------------------------------------
def hypercare(ctx: Context) -> str:
    from migrate.dms.monitor import latency_series, resource_id
    from migrate.dms.replication import names

    c = ctx.settings.cutover
    rounds = max(1, int(c.hypercare_minutes * 60 // max(c.poll_interval_seconds, 1)) + 1)
    observations = []
    for number in range(rounds):
        seen: dict[str, object] = {"round": number + 1}
        latency: float | None = None
        if c.reverse_replication:
            task = reverse.reverse_task(ctx.parts.api(), ctx.settings) or {}
            seen["reverse_status"] = task.get("Status", "missing")
            if task:
                dims = [{"Name": "ReplicationInstanceIdentifier", "Value": names(ctx.settings).instance},
                        {"Name": "ReplicationTaskIdentifier", "Value": resource_id(task["ReplicationTaskArn"])}]  # fmt: skip
                series = latency_series(ctx.parts.api(), "CDCLatencyTarget", dims, c.latency_samples + 2)
                latency = series[-1] if series else None
            seen["reverse_latency"] = latency
        report = ctx.parts.validate(
            ("counts", "checksums"),
            ctx.evidence_dir("hypercare") / f"round-{number + 1}",
            ctx.lag_window(latency),
        )
        seen["validation_exit"] = report.exit_code
        observations.append(seen)
        ctx.progress(f"hypercare round {number + 1}/{rounds}: {seen}")
        if number + 1 < rounds:
            ctx.sleep(c.poll_interval_seconds)
    ctx.facts["hypercare"] = observations
    ctx.evidence("hypercare", "observations.json", observations)
    return f"{rounds} observation(s) over {c.hypercare_minutes:g} minute(s)"


def hypercare_gate(ctx: Context) -> GateResult:
    seen = ctx.facts.get("hypercare") or []
    bound = ctx.settings.cutover.max_cdc_latency_seconds
    bad_validation = [o["round"] for o in seen if o["validation_exit"] == 1]
    checks = [failed("hypercare.validation", f"differences after the lag window in round(s) {bad_validation}")
              if bad_validation else passed("hypercare.validation", f"validation sample matched in {len(seen)} round(s)")]  # fmt: skip
    if ctx.settings.cutover.reverse_replication:
        stopped = [
            f"round {o['round']}: {o.get('reverse_status')}" for o in seen if o.get("reverse_status") != "running"
        ]
        checks.append(
            failed("reverse.running", "; ".join(stopped))
            if stopped
            else passed("reverse.running", "running throughout")
        )
        latencies = [o.get("reverse_latency") for o in seen]
        if any(v is None for v in latencies):
            checks.append(unknown("reverse.latency", "CloudWatch has no latency datapoints for the reverse task"))
        else:
            worst = max(float(str(v)) for v in latencies)
            checks.append(passed("reverse.latency", f"worst {worst:g} s") if worst <= bound
                          else failed("reverse.latency", f"worst {worst:g} s above {bound:g} s"))  # fmt: skip
    return GateResult(tuple(checks))


# --- 10. decommission ------------------------------------------------------------------------------------------------
def decommission(ctx: Context) -> str:
    import shutil

    from migrate.dms.control import destroy, destroy_calls, owned_resources

    api = ctx.parts.api()
    reverse.stop_reverse(api, ctx.settings)
    ctx.parts.stop_replication(ctx.settings.cutover.drain_timeout_seconds)
    calls = destroy_calls(owned_resources(api, ctx.settings))
    deleted = destroy(api, calls, timeout=ctx.settings.cutover.drain_timeout_seconds, progress=ctx.progress)
    ctx.evidence("decommission", "deleted.json", deleted)
    archive = shutil.make_archive(str(ctx.files.folder / f"evidence-{ctx.state.run_id}"), "gztar", ctx.files.evidence)
    ctx.facts["archive"] = archive
    return f"deleted {len(deleted)} DMS resource(s); evidence archived in {archive}"


def decommission_gate(ctx: Context) -> GateResult:
    from pathlib import Path

    from migrate.dms.control import owned_resources

    left = owned_resources(ctx.parts.api(), ctx.settings)
    archive = Path(str(ctx.facts.get("archive", "")))
    return GateResult((
        failed("dms.deleted", f"still there: {left}") if left else passed("dms.deleted", "no DMS resource of this project is left"),
        passed("evidence.archived", str(archive)) if archive.is_file() else failed("evidence.archived", "no archive"),
    ))  # fmt: skip
