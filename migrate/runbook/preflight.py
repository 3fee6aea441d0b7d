"""Step 1, preflight: is the migration ready to cut over, and is rollback possible once the target is primary?

Every check is a row: passed, failed, or unknown when its data cannot be read. Reverse replication needs, on
the target as a DMS source, logical replication (rds.logical_replication on Aurora/RDS, wal_level = logical
elsewhere), a free replication slot, and a primary key on every migrated table; on the old source (a DMS target
again) the log settings that let it become a source once more (ARCHIVELOG; FULL recovery).
"""

from __future__ import annotations

from migrate.errors import AwsError, MigrateError
from migrate.runbook.context import Context
from migrate.runbook.finalise import q
from migrate.runbook.gates import Check, failed, passed, unknown

NO_PRIMARY_KEY = (
    "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY(%s) AND NOT EXISTS "
    "(SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p') ORDER BY 1"
)
# source engine -> (query, the answer reverse replication and a later re-forward need, why)
SOURCE_LOG_CHECKS: dict[str, tuple[str, str, str]] = {
    "oracle": ("SELECT log_mode FROM v$database", "ARCHIVELOG", "redo must be archived for the old primary to be a "
               "DMS source again after a rollback"),
    "sqlserver": ("SELECT recovery_model_desc FROM sys.databases WHERE name = DB_NAME()", "FULL",
                  "MS-CDC / MS-Replication need the FULL recovery model to read the log after a rollback"),
}  # fmt: skip


def dms_checks(ctx: Context) -> tuple[list[Check], float | None]:
    bound = ctx.settings.cutover.max_cdc_latency_seconds
    try:
        status = ctx.parts.replication_status()
    except AwsError as exc:
        return [unknown("dms.task", f"cannot read the DMS task: {exc.message}")], None
    checks = [passed("dms.task", f"{status.name} is running") if status.status == "running"
              else failed("dms.task", f"{status.name} is {status.status}: {status.stop_reason or status.failure or 'not running'}")]  # fmt: skip
    table_problem = next((m for m in status.missing if m.startswith("per-table")), "")
    if table_problem:
        checks.append(unknown("dms.tables", f"cannot tell whether every table completed: {table_problem}"))
    elif not status.tables:
        checks.append(unknown("dms.tables", "DMS lists no table statistics yet"))
    else:
        bad = [f"{t.schema}.{t.table} ({t.state}, {t.errors} errors)" for t in status.tables
               if t.state != "Table completed" or t.errors]  # fmt: skip
        checks.append(failed("dms.tables", "not completed: " + ", ".join(bad)) if bad
                      else passed("dms.tables", f"{len(status.tables)} table(s) completed, 0 errors"))  # fmt: skip
    latency = [v for v in (status.latency_source, status.latency_target) if v is not None]
    if len(latency) < 2:
        why = status.latency_note or "; ".join(m for m in status.missing if m.startswith("CDC")) or "no datapoints"
        checks.append(unknown("dms.latency", f"cannot tell the CDC latency: {why}"))
        return checks, None
    worst = max(latency)
    checks.append(passed("dms.latency", f"CDC latency {worst:g} s <= {bound:g} s") if worst <= bound
                  else failed("dms.latency", f"CDC latency {worst:g} s is above the bound {bound:g} s"))  # fmt: skip
    return checks, worst


def validation_checks(ctx: Context, latency: float | None) -> list[Check]:
    """Schema parity and counts; counts that differ while CDC runs are counted again after the lag window."""
    out = ctx.evidence_dir("preflight") / "validation"
    try:
        report = ctx.parts.validate(("schema", "counts"), out, None)
        differing = [c for c in report.checks if c.check == "counts" and c.status == "differ"]
        if differing and not any(c.status != "match" for c in report.checks if c.check == "schema"):
            window = ctx.lag_window(latency)
            ctx.progress(
                f"counts differ on {len(differing)} table(s): counting again after {window:g} s (rows in flight)"
            )
            ctx.sleep(window)
            report = ctx.parts.validate(("schema", "counts"), out, None)
    except MigrateError as exc:
        return [unknown("validate.schema_counts", f"validation could not run: {exc.message}")]
    ctx.evidence("preflight", "validation/summary.json", {"exit_code": report.exit_code, "problems": report.problems})
    bad = [f"{c.check} {c.table}: {c.summary or c.status}" for c in report.checks
           if c.status == "differ" and not _only_sequence_lag(c.problems)]  # fmt: skip
    errors = [f"{c.check} {c.table}: {c.summary}" for c in report.checks if c.status == "error"] + report.problems
    if bad:
        return [failed("validate.schema_counts", "; ".join(bad[:10]))]
    if errors:
        return [unknown("validate.schema_counts", "; ".join(errors[:10]))]
    return [passed("validate.schema_counts", f"schema parity and counts match on {len(report.checks)} check(s)")]


def _only_sequence_lag(problems: list[str]) -> bool:
    """Sequences behind the loaded keys are expected before step 6 (finalise) moves them; nothing else is."""
    return bool(problems) and all(p.startswith("sequence ") and "setval" in p for p in problems)


def target_checks(ctx: Context) -> list[Check]:
    wanted = set(ctx.settings.cutover.required_extensions)
    if ctx.settings.conversion.use_orafce:
        wanted.add("orafce")
    schemas = ctx.schemas()
    checks: list[Check] = []
    try:
        with ctx.parts.connect("target") as conn:
            have = {r[0] for r in conn.rows("SELECT extname FROM pg_extension")}
            lacking = sorted(wanted - have)
            checks.append(failed("target.extensions", f"missing on the target: {', '.join(lacking)}") if lacking
                          else passed("target.extensions", f"present: {', '.join(sorted(wanted)) or '(none required)'}"))  # fmt: skip
            if ctx.settings.cutover.reverse_replication:
                checks += reverse_checks(conn, schemas)
    except MigrateError as exc:
        checks.append(unknown("target.connect", f"cannot reach the target: {exc.message}"))
    return checks


def reverse_checks(conn: object, schemas: list[str]) -> list[Check]:
    from migrate.engines.base import Connection

    assert isinstance(conn, Connection)
    checks = []
    rds = conn.scalar("SELECT setting FROM pg_settings WHERE name = 'rds.logical_replication'")
    if rds is not None:
        checks.append(passed("target.logical_replication", "rds.logical_replication = on") if rds == "on"
                      else failed("target.logical_replication", "rds.logical_replication is off in the cluster "
                                  "parameter group: set it to 1 and reboot the writer before the cutover"))  # fmt: skip
    else:
        level = conn.scalar("SHOW wal_level")
        checks.append(passed("target.logical_replication", "wal_level = logical") if level == "logical"
                      else failed("target.logical_replication", f"wal_level is {level}: the reverse task needs "
                                  "wal_level = logical (a restart) to read changes from the target"))  # fmt: skip
    slots, used = conn.rows(
        "SELECT current_setting('max_replication_slots')::int, (SELECT count(*) FROM pg_replication_slots)"
    )[0]
    checks.append(passed("target.replication_slots", f"{int(slots) - int(used)} of {slots} replication slots free")
                  if int(slots) > int(used) else
                  failed("target.replication_slots", f"all {slots} replication slots are used: raise max_replication_slots"))  # fmt: skip
    keyless = [r[0] for r in conn.rows(NO_PRIMARY_KEY, (schemas,))]
    checks.append(failed("target.primary_keys", f"no primary key (the reverse task cannot apply updates/deletes): "
                         f"{', '.join(keyless[:20])}") if keyless
                  else passed("target.primary_keys", f"every table in {', '.join(schemas)} has a primary key"))  # fmt: skip
    return checks


def source_checks(ctx: Context) -> list[Check]:
    if not ctx.settings.cutover.reverse_replication:
        return []
    try:
        url = ctx.parts.source_url()
    except MigrateError as exc:
        return [unknown("source.reverse_prerequisites", exc.message)]
    row = SOURCE_LOG_CHECKS.get(url.engine)
    if row is None:
        return [passed("source.reverse_prerequisites", f"a {url.engine} DMS target needs no log settings")]
    sql, wanted, why = row
    try:
        with ctx.parts.connect("source") as conn:
            have = str(conn.scalar(sql))
    except MigrateError as exc:
        return [unknown("source.reverse_prerequisites", f"cannot ask the source: {exc.message}")]
    return [passed("source.reverse_prerequisites", f"{sql} -> {have}") if have.upper() == wanted
            else failed("source.reverse_prerequisites", f"{sql} -> {have}, need {wanted}: {why}")]  # fmt: skip


def reverse_task_check(ctx: Context) -> list[Check]:
    """The reverse task runs on the project's replication instance (step 7): say so now, not at step 7."""
    if not ctx.settings.cutover.reverse_replication or ctx.settings.dms.replication == "instance":
        return []
    return [failed("reverse.replication_instance", "the reverse task needs a replication instance and this project "
                   "uses DMS Serverless: set dms.replication = \"instance\", or cutover.reverse_replication = false "
                   "and arm rollback by hand")]  # fmt: skip


def preflight_checks(ctx: Context) -> list[Check]:
    checks, latency = dms_checks(ctx)
    return checks + validation_checks(ctx, latency) + target_checks(ctx) + source_checks(ctx) + reverse_task_check(ctx)


PREFLIGHT_PLAN = [
    "read-only: DMS DescribeReplicationTasks, DescribeTableStatistics; CloudWatch GetMetricStatistics (CDC latency)",
    "read-only: validate schema + counts (source vs target), counted again after the lag window if CDC is in flight",
    "read-only on the target: SELECT extname FROM pg_extension; rds.logical_replication or wal_level; "
    "max_replication_slots vs pg_replication_slots; tables without a primary key",
    "read-only on the source: the log settings a DMS source needs after a rollback",
]

__all__ = ["PREFLIGHT_PLAN", "preflight_checks", "q"]
