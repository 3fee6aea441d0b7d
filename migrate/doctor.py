"""`aurora-migrate doctor`: connect to every configured endpoint and say what is ready and what is not."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from migrate.config import Settings
from migrate.engines import connect, endpoint_url, target
from migrate.errors import MigrateError

# extensions a migration to Aurora PostgreSQL leans on -> why it matters
AURORA_EXTENSIONS: dict[str, str] = {
    "orafce": "Oracle functions and packages (DECODE, NVL, DBMS_OUTPUT, UTL_FILE...); Aurora offers it",
    "plpgsql_check": "compile-checks converted PL/pgSQL bodies during deploy; Aurora offers it",
    "pg_cron": "replaces DBMS_SCHEDULER / SQL Agent jobs; Aurora offers it",
    "dblink": "replaces database links / linked servers; Aurora offers it",
    "postgres_fdw": "replaces database links with foreign tables; Aurora offers it",
    "pg_partman": "interval partitioning and partition maintenance; Aurora offers it",
    "aws_commons": "Aurora only: S3 import/export helpers (aws_s3), Lambda calls",
    "aws_s3": "Aurora only: load from / unload to S3 (replaces UTL_FILE, BULK INSERT from files)",
    "pg_stat_statements": "query performance comparison after cutover",
    "pgcrypto": "DBMS_CRYPTO / HASHBYTES equivalents",
    "uuid-ossp": "SYS_GUID() / NEWID() alternatives (gen_random_uuid() is built in)",
    "citext": "case-insensitive text for SQL Server case-insensitive collations",
    "hstore": "key/value columns",
    "postgis": "Oracle Spatial / SQL Server geometry and geography",
    "tablefunc": "crosstab for PIVOT queries",
}


@dataclass(frozen=True)
class Check:
    area: str  # project | source | target | drivers | aws
    name: str
    status: str  # ok | warn | error | info
    detail: str
    fix: str = ""


@dataclass
class DoctorReport:
    checks: list[Check] = field(default_factory=list)
    target_extensions: dict[str, bool] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(c.status == "error" for c in self.checks)

    def add(self, area: str, name: str, status: str, detail: str, fix: str = "") -> None:
        self.checks.append(Check(area, name, status, detail, fix))


def run_doctor(
    settings: Settings, env: Mapping[str, str], step: Callable[[str], None] = lambda s: None
) -> DoctorReport:
    report = DoctorReport()
    report.add("project", "settings", "ok", f"{settings.project_dir / 'migration.toml'} (project '{settings.name}')")
    step("drivers")
    _check_drivers(report)
    step("source")
    _check_source(settings, env, report)
    step("target")
    _check_target(settings, env, report)
    if settings.dms.enabled:
        step("aws")
        _check_aws(settings, report)
    return report


def _check_drivers(report: DoctorReport) -> None:
    try:
        import oracledb

        report.add("drivers", "oracle", "ok", f"python-oracledb {oracledb.__version__} (thin mode, no Oracle client)")
    except ImportError:
        report.add("drivers", "oracle", "warn", "python-oracledb is not installed", "pip install oracledb")
    try:
        import pyodbc

        drivers = pyodbc.drivers()
        status = "ok" if drivers else "warn"
        report.add(
            "drivers",
            "sqlserver",
            status,
            f"pyodbc {pyodbc.version}; ODBC drivers: {', '.join(drivers) or 'none'}",
            "" if drivers else "install Microsoft ODBC Driver 18 for SQL Server (or apt-get install tdsodbc)",
        )
    except ImportError as exc:
        fix = "apt-get install unixodbc (the ODBC driver manager)" if "libodbc" in str(exc) else "pip install pyodbc"
        report.add("drivers", "sqlserver", "warn", f"pyodbc cannot load: {exc}", fix)


def _check_source(settings: Settings, env: Mapping[str, str], report: DoctorReport) -> None:
    source = settings.source
    if not source.url:
        if source.files:
            missing = [f for f in source.files if not (settings.project_dir / f).exists()]
            if missing:
                report.add(
                    "source", "files", "error", f"export files not found: {', '.join(missing)}", "fix source.files"
                )
            else:
                report.add(
                    "source", "files", "ok", f"{len(source.files)} export path(s), dialect {source.dialect or '?'}"
                )
        else:
            report.add(
                "source", "source", "info", "no source configured", "set source.url (live) or source.files (offline)"
            )
        return
    try:
        url = endpoint_url(source, settings.aws, env, "source")
        with connect(url, read_only=True) as conn:
            report.add("source", url.engine, "ok", f"{url.masked}: {conn.engine} {conn.server_version()} (read-only)")
    except MigrateError as exc:
        report.add("source", "connect", "error", exc.message, exc.hint)


def _check_target(settings: Settings, env: Mapping[str, str], report: DoctorReport) -> None:
    try:
        with target(settings, env) as (url, is_embedded):
            if is_embedded:
                report.add(
                    "target",
                    "embedded",
                    "info",
                    f"no target.url configured: started the embedded PostgreSQL (data in {_short(settings.embedded_data_dir)})",
                    "set target.url to your Aurora cluster endpoint for a real migration",
                )
            with connect(url) as conn:
                version = conn.server_version()
                report.add(
                    "target",
                    "postgresql",
                    "ok",
                    f"{url.masked}: PostgreSQL {version} (profile {settings.target.profile})",
                )
                major = conn.major_version()  # type: ignore[attr-defined]
                if major < settings.target.version:
                    report.add(
                        "target",
                        "version",
                        "warn",
                        f"server is PostgreSQL {major}, target.version says {settings.target.version}",
                        "deploy tests on an older major than Aurora will run; set target.version to match",
                    )
                available = conn.extensions()  # type: ignore[attr-defined]
                for name, why in AURORA_EXTENSIONS.items():
                    present = name in available
                    report.target_extensions[name] = present
                    report.add(
                        "target",
                        f"extension {name}",
                        "ok" if present else "warn",
                        ("available" if present else "not available") + f": {why}",
                    )
    except MigrateError as exc:
        report.add("target", "connect", "error", exc.message, exc.hint)


def _check_aws(settings: Settings, report: DoctorReport) -> None:
    from migrate.engines.aws import caller_identity

    try:
        who = caller_identity(settings.aws)
        report.add("aws", "credentials", "ok", f"account {who['account']} as {who['arn']}")
    except MigrateError as exc:
        report.add("aws", "credentials", "error", exc.message, exc.hint)


def _short(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
