"""Deploy a conversion to PostgreSQL with a compile gate.

    report = deploy(Path("out"), conn)          # conn: a PostgresConnection (autocommit)

Objects run in the order conversion.json lists them (convert writes them in dependency order). Each object
runs in its own transaction, with search_path set to its schema: a failure rolls back that object only and
is recorded with the server's message and SQLSTATE; every object that depends on it is skipped
(skipped_dependency); manual objects are skipped (skipped_manual). One transaction per object (not savepoints
in one long transaction) so that a large deploy holds no locks for its whole run and what succeeded stays.

Re-running is safe: the SQL uses IF NOT EXISTS / CREATE OR REPLACE, and constraints (which PostgreSQL cannot
add conditionally) are looked up in the catalog first.

Routine bodies are compiled as they are created (check_function_bodies = on), then every deployed function,
procedure and trigger function is checked with plpgsql_check (routine_check.py): where the extension is installed
it is used; where it is only available it is created for the check and rolled back; where neither, the report
says the bodies were compiled but not checked. A check error fails the object; a warning is a note on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from migrate.config import LOOPBACK_KIND
from migrate.engines.base import Connection
from migrate.errors import DeployError, QueryError, mask_secrets
from migrate.loopback import create_loopback, remedy
from migrate.model import (
    ConversionResult,
    ConvertedObject,
    DeployOutcome,
    DeployReport,
    DeployStatus,
    Finding,
    ModelFormatError,
    ObjectStatus,
    Severity,
    load_conversion,
    write,
)
from migrate.routine_check import check_routines

Progress = Callable[..., None]
DEPLOY_ERROR = "AM-DEPLOY-001"
DEPLOY_DIFFERENT = "AM-DEPLOY-003"
LOCK_TIMEOUT = "30s"

# kind -> catalog query telling whether the object already exists (for statements PostgreSQL cannot make
# conditional); parameters: target schema, object name
EXISTS: dict[str, str] = {
    "constraint": (
        "SELECT 1 FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
        "WHERE n.nspname = %s AND c.conname = %s"
    ),
    "domain": (
        "SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
        "WHERE n.nspname = %s AND t.typname = %s AND t.typtype = 'd'"
    ),
    "type": (
        "SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
        "WHERE n.nspname = %s AND t.typname = %s AND t.typtype IN ('e', 'c', 'r', 'b')"
    ),
}


def load_result(result_dir: Path) -> ConversionResult:
    path = result_dir / "conversion.json"
    if not path.is_file():
        raise DeployError(f"{path}: no conversion here", f"run 'aurora-migrate convert ... --out {result_dir}' first")
    try:
        return load_conversion(path)
    except (ModelFormatError, ValueError) as exc:
        raise DeployError(f"{path}: not a conversion result ({exc})", "convert again into this folder") from None


def deploy(
    result_dir: Path,
    conn: Connection | None,
    dry_run: bool = False,
    progress: Progress | None = None,
    post_load: bool = False,
    lock_timeout: str = LOCK_TIMEOUT,
) -> DeployReport:
    """Apply the schema phase (or, with `post_load`, the post-load phase) of the conversion in `result_dir`."""
    result = load_result(result_dir)
    phase = "post_load" if post_load else "schema"
    objects = [o for o in result.objects if o.deploy_phase == phase]
    if dry_run:
        report = _plan(objects, plan_file(result_dir, post_load))
    else:
        if conn is None:
            raise DeployError("deploy needs a target connection (or --dry-run)")
        report = _apply(objects, conn, progress or (lambda *a, **k: None), lock_timeout)
        report = replace(report, warnings=version_warnings(result.target_version, report.server_version))
    write(report_file(result_dir, post_load), report, "deploy")
    return report


def plan_file(result_dir: Path, post_load: bool = False) -> Path:
    """The SQL a dry run would run: deploy.schema.plan.sql, or deploy.post_load.plan.sql."""
    return result_dir / f"deploy.{'post_load' if post_load else 'schema'}.plan.sql"


def report_file(result_dir: Path, post_load: bool = False) -> Path:
    """The outcome of a deploy: deploy.json, or deploy_post_load.json."""
    return result_dir / ("deploy_post_load.json" if post_load else "deploy.json")


def version_warnings(converted_for: int, server_version: str) -> tuple[str, ...]:
    """The compile gate proves the SQL on this server; converted for another major version, it may use features
    this one lacks (or miss ones it has), so a pass here does not prove it for the real target."""
    try:
        major = int(server_version.split(".")[0].split()[0])
    except (ValueError, IndexError):
        return ()
    if major == converted_for:
        return ()
    return (
        f"the target runs PostgreSQL {major} but the conversion was made for PostgreSQL {converted_for} "
        f"(--target-version): convert again with --target-version {major}, or deploy to a server of version "
        f"{converted_for}, so the compile gate checks what will run on the real target",
    )


def _plan(objects: list[ConvertedObject], path: Path) -> DeployReport:
    lines, outcomes = [], []
    for obj in objects:
        if obj.status in (ObjectStatus.MANUAL, ObjectStatus.FAILED):
            outcomes.append(_outcome(obj, DeployStatus.SKIPPED_MANUAL, "manual object: not deployed"))
            continue
        if obj.schema:
            search = _quote(obj.schema) if obj.schema == "public" else f"{_quote(obj.schema)}, public"
            lines.append(f"SET search_path TO {search};")
        lines.append(obj.sql)
        outcomes.append(_outcome(obj, DeployStatus.OK, "dry run: would be applied"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return DeployReport(target="(dry run)", server_version="", outcomes=tuple(outcomes), dry_run=True)


# kinds whose objects may share a name (overloads): a caller waits only when none of them deployed (the routine
# check then reports a call whose overload is missing)
_OVERLOADED = frozenset({"function", "procedure"})


def _apply(objects: list[ConvertedObject], conn: Connection, progress: Progress, lock_timeout: str) -> DeployReport:
    broken: set[str] = set()
    made: set[str] = set()  # routines deployed: one overload made is what a caller of another may need
    outcomes: list[DeployOutcome] = []
    for done, obj in enumerate(objects, 1):
        outcome = _deploy_one(obj, conn, broken - made, lock_timeout)
        if outcome.status is not DeployStatus.OK:
            broken.add(obj.qualified_name)
        elif obj.kind in _OVERLOADED:
            made.add(obj.qualified_name)
        outcomes.append(outcome)
        progress(done, len(objects), obj.qualified_name)
    outcomes, how = check_routines(conn, objects, outcomes)
    return DeployReport(conn.url.masked, conn.server_version(), tuple(outcomes), routine_check=how)


def _deploy_one(obj: ConvertedObject, conn: Connection, broken: set[str], lock_timeout: str) -> DeployOutcome:
    if obj.status in (ObjectStatus.MANUAL, ObjectStatus.FAILED):
        return _outcome(obj, DeployStatus.SKIPPED_MANUAL, "manual object: finish it by hand (see its action item)")
    failed = [d for d in obj.depends_on if d in broken]
    if failed:
        return _outcome(obj, DeployStatus.SKIPPED_DEPENDENCY, f"depends on {', '.join(failed)}, which did not deploy")
    if obj.kind == LOOPBACK_KIND:
        return _loopback(obj, conn)
    try:
        with conn.transaction():  # type: ignore[attr-defined]
            # unqualified names resolve in the object's own schema, as they did for its owner in the source;
            # a lock held by someone else fails the object after LOCK_TIMEOUT instead of hanging the deploy
            path = f"{_quote(obj.schema)}, public" if obj.schema else "public"
            # routine bodies are compiled now (not at first call): a body PostgreSQL cannot parse fails here
            conn.execute("SELECT set_config('search_path', %s, true), set_config('lock_timeout', %s, true), "
                         "set_config('check_function_bodies', 'on', true)", (path, lock_timeout))  # fmt: skip
            if obj.kind in EXISTS and conn.rows(EXISTS[obj.kind], (obj.schema, obj.name)):
                return _outcome(obj, DeployStatus.OK, "already present")
            existing = _columns(conn, obj) if obj.columns else None
            conn.execute(obj.sql)
    except QueryError as exc:
        return _error(obj, exc)
    if existing:  # CREATE TABLE IF NOT EXISTS did nothing: the table must be the one we would have made
        return _compare_columns(obj, existing)
    return _outcome(obj, DeployStatus.OK)


def _loopback(obj: ConvertedObject, conn: Connection) -> DeployOutcome:
    """The autonomous transactions' dblink server, made from this connection (migrate/loopback.py)."""
    why = create_loopback(conn, obj.name)
    if not why:
        return _outcome(obj, DeployStatus.OK, "dblink server back to this database: created or present, answers")
    message = f"the dblink server {obj.name} for autonomous transactions does not answer: {why}"
    finding = Finding(DEPLOY_ERROR, Severity.HIGH, message, obj.kind, obj.source_name, None, remedy(obj.name),
                      category="deploy")  # fmt: skip
    return DeployOutcome(obj.kind, obj.schema, obj.name, DeployStatus.ERROR, message, "", finding)


def _columns(conn: Connection, obj: ConvertedObject) -> list[str]:
    """The table's column names if it exists already (re-runs, or a table created by someone else)."""
    rows = conn.rows(
        "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n "
        "ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relname = %s AND a.attnum > 0 AND NOT a.attisdropped "
        "ORDER BY a.attnum",
        (obj.schema, obj.name),
    )
    return [r[0] for r in rows]


def _compare_columns(obj: ConvertedObject, existing: list[str]) -> DeployOutcome:
    wanted = [c.target_name for c in obj.columns]
    if existing == wanted:
        return _outcome(obj, DeployStatus.OK, "already present")
    missing = [c for c in wanted if c not in existing]
    extra = [c for c in existing if c not in wanted]
    message = f"{obj.qualified_name} already exists with other columns (missing: {missing}, not expected: {extra})"
    finding = Finding(DEPLOY_DIFFERENT, Severity.HIGH, message, obj.kind, obj.source_name, obj.location,
                      "drop or rename the existing table, or map the schema elsewhere", category="deploy")  # fmt: skip
    return DeployOutcome(obj.kind, obj.schema, obj.name, DeployStatus.ERROR, message, "42P07", finding)


def _error(obj: ConvertedObject, exc: QueryError) -> DeployOutcome:
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    message = mask_secrets(getattr(diag, "message_primary", None) or str(cause or exc).strip().splitlines()[0])
    sqlstate = exc.sqlstate or getattr(diag, "sqlstate", "") or ""
    finding = Finding(
        DEPLOY_ERROR,
        Severity.HIGH,
        f"PostgreSQL rejected {obj.kind} {obj.qualified_name}: {message} (SQLSTATE {sqlstate})",
        object_kind=obj.kind,
        object_name=obj.source_name,
        location=obj.location,
        remedy=_known_remedy(message)
        or f"fix objects/{obj.kind}/{obj.schema}.{obj.name}.sql (or the source) and deploy again",
        snippet=obj.sql[:300],
        category="deploy",
    )
    return DeployOutcome(obj.kind, obj.schema, obj.name, DeployStatus.ERROR, message, sqlstate, finding)


# errors whose cause is the target server, not the object: what PostgreSQL says -> what to do instead
KNOWN_CAUSES = {
    "ICU is not supported in this build": (
        "this PostgreSQL is built without ICU (the embedded wheel is; Aurora and Debian's packages have it): set "
        'conversion.case_insensitive = "citext" in migration.toml and convert again, or deploy to a server with ICU'
    ),
}


def _known_remedy(message: str) -> str:
    return next((remedy for cause, remedy in KNOWN_CAUSES.items() if cause in message), "")


def _outcome(obj: ConvertedObject, status: DeployStatus, note: str = "") -> DeployOutcome:
    return DeployOutcome(obj.kind, obj.schema, obj.name, status, note)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
