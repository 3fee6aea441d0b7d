"""Quiescing the source and bringing it back: one row per source engine.

A PostgreSQL source is quiesced by the runbook itself (it can connect): the application's roles lose LOGIN and
default to read-only transactions in this database, their sessions end, pg_cron jobs named in
cutover.source_jobs are paused, and the WAL position is recorded. What it changed is recorded first, so the
rollback puts back exactly that. Oracle and SQL Server get a generated script (locking users, disabling jobs,
ending sessions, checking V$SESSION / sys.dm_exec_sessions for writers, printing the SCN / LSN): a DBA runs it
and confirms, and the step records who.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from migrate.engines.base import Connection


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _oracle_quiesce(users: tuple[str, ...], jobs: tuple[str, ...]) -> str:
    names = ", ".join(_lit(u.upper()) for u in users) or "NULL"
    lines = [
        "-- aurora-migrate cutover: quiesce the Oracle source (run as a DBA in SQL*Plus)",
        "WHENEVER SQLERROR EXIT FAILURE",
    ]
    lines += [f"ALTER USER {_q(u.upper())} ACCOUNT LOCK;" for u in users]
    lines += [f"BEGIN DBMS_SCHEDULER.DISABLE({_lit(j)}, force => TRUE); END;\n/" for j in jobs]
    lines += [
        "BEGIN",
        f"  FOR s IN (SELECT sid, serial# FROM v$session WHERE username IN ({names})) LOOP",
        "    EXECUTE IMMEDIATE 'ALTER SYSTEM KILL SESSION ''' || s.sid || ',' || s.serial# || ''' IMMEDIATE';",
        "  END LOOP;",
        "END;",
        "/",
        "-- must return no row: user sessions holding an open transaction",
        "SELECT s.sid, s.serial#, s.username, s.program FROM v$session s JOIN v$transaction t ON t.ses_addr = s.saddr "
        "WHERE s.type = 'USER' AND s.sid <> SYS_CONTEXT('USERENV', 'SID');",
        "-- record this SCN and time in the confirmation: the forward task drains up to here",
        "SELECT current_scn, SYSTIMESTAMP FROM v$database;",
    ]
    return "\n".join(lines) + "\n"


def _oracle_resume(users: tuple[str, ...], jobs: tuple[str, ...]) -> str:
    lines = ["-- aurora-migrate cutover rollback: bring the Oracle source back (run as a DBA)"]
    lines += [f"ALTER USER {_q(u.upper())} ACCOUNT UNLOCK;" for u in users]
    lines += [f"BEGIN DBMS_SCHEDULER.ENABLE({_lit(j)}); END;\n/" for j in jobs]
    lines += ["-- sequences: set each above the largest key the reverse task wrote (see the cutover report)"]
    return "\n".join(lines) + "\n"


def _sqlserver_quiesce(users: tuple[str, ...], jobs: tuple[str, ...]) -> str:
    names = ", ".join("N" + _lit(u) for u in users) or "NULL"
    lines = ["-- aurora-migrate cutover: quiesce the SQL Server source (run as sysadmin in sqlcmd)"]
    lines += [f"ALTER LOGIN [{u}] DISABLE;" for u in users]
    lines += [f"EXEC msdb.dbo.sp_update_job @job_name = N{_lit(j)}, @enabled = 0;" for j in jobs]
    lines += [
        "DECLARE @kill nvarchar(max) = N'';",
        "SELECT @kill += N'KILL ' + CAST(session_id AS nvarchar(10)) + N';' FROM sys.dm_exec_sessions "
        f"WHERE login_name IN ({names}) AND session_id <> @@SPID;",
        "EXEC sp_executesql @kill;",
        "-- must return no row: user sessions holding an open transaction",
        "SELECT s.session_id, s.login_name, s.program_name FROM sys.dm_exec_sessions s "
        "JOIN sys.dm_tran_session_transactions t ON t.session_id = s.session_id "
        "WHERE s.is_user_process = 1 AND s.session_id <> @@SPID;",
        "-- record this LSN and time in the confirmation: the forward task drains up to here",
        "SELECT sys.fn_cdc_get_max_lsn() AS max_lsn, SYSUTCDATETIME() AS at_utc;",
        "GO",
    ]
    return "\n".join(lines) + "\n"


def _sqlserver_resume(users: tuple[str, ...], jobs: tuple[str, ...]) -> str:
    lines = ["-- aurora-migrate cutover rollback: bring the SQL Server source back (run as sysadmin)"]
    lines += [f"ALTER LOGIN [{u}] ENABLE;" for u in users]
    lines += [f"EXEC msdb.dbo.sp_update_job @job_name = N{_lit(j)}, @enabled = 1;" for j in jobs]
    lines += [
        "-- identity columns: DBCC CHECKIDENT ('schema.table', RESEED) on each table the reverse task wrote",
        "GO",
    ]
    return "\n".join(lines) + "\n"


def _postgres_quiesce(users: tuple[str, ...], jobs: tuple[str, ...]) -> str:
    lines = ["-- aurora-migrate cutover: quiesce the PostgreSQL source (the runbook runs these itself)"]
    for u in users:
        lines += [f"ALTER ROLE {_q(u)} NOLOGIN;",
                  f"ALTER ROLE {_q(u)} IN DATABASE <source database> SET default_transaction_read_only = on;",
                  f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = {_lit(u)} "
                  "AND datname = current_database() AND pid <> pg_backend_pid();"]  # fmt: skip
    lines += [f"UPDATE cron.job SET active = false WHERE jobname = {_lit(j)};" for j in jobs]
    lines += [WRITERS_SQL + ";  -- must return no row", "SELECT pg_current_wal_lsn(), now();  -- recorded"]
    return "\n".join(lines) + "\n"


def _postgres_resume(users: tuple[str, ...], jobs: tuple[str, ...]) -> str:
    lines = ["-- aurora-migrate cutover rollback: what the quiesce changed, put back as it was (recorded before)"]
    for u in users:
        lines += [f"ALTER ROLE {_q(u)} LOGIN;  -- only if it could log in before",
                  f"ALTER ROLE {_q(u)} IN DATABASE <source database> RESET default_transaction_read_only;"]  # fmt: skip
    lines += [f"UPDATE cron.job SET active = true WHERE jobname = {_lit(j)};" for j in jobs]
    lines += ["SELECT setval(<each column sequence>, max(<column>)) ...;  -- above the rows the reverse task wrote"]
    return "\n".join(lines) + "\n"


WRITERS_SQL = (
    "SELECT pid, usename, application_name, state FROM pg_stat_activity WHERE datname = current_database() "
    "AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND backend_xid IS NOT NULL"
)


@dataclass(frozen=True)
class SourceEngine:
    quiesce: Callable[[tuple[str, ...], tuple[str, ...]], str]
    resume: Callable[[tuple[str, ...], tuple[str, ...]], str]
    runs_here: bool  # the runbook runs it (else a DBA runs the generated script and confirms)
    position: str  # what the recorded position is called


# source engine -> how it is quiesced and brought back
SOURCE_ENGINES: dict[str, SourceEngine] = {
    "oracle": SourceEngine(_oracle_quiesce, _oracle_resume, False, "SCN"),
    "sqlserver": SourceEngine(_sqlserver_quiesce, _sqlserver_resume, False, "LSN"),
    "postgresql": SourceEngine(_postgres_quiesce, _postgres_resume, True, "WAL LSN"),
}


def source_engine(engine: str) -> SourceEngine:
    return SOURCE_ENGINES[engine]


def postgres_before(conn: Connection, users: tuple[str, ...], jobs: tuple[str, ...]) -> dict[str, Any]:
    """What the quiesce is about to change, so the rollback restores exactly that."""
    database = conn.scalar("SELECT current_database()")
    roles: dict[str, Any] = {}
    for user in users:
        row = conn.rows(
            "SELECT r.rolcanlogin, EXISTS (SELECT 1 FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase "
            "WHERE s.setrole = r.oid AND d.datname = current_database() AND "
            "'default_transaction_read_only=on' = ANY(s.setconfig)) FROM pg_roles r WHERE r.rolname = %s",
            (user,),
        )
        roles[user] = {"exists": bool(row), "can_login": bool(row and row[0][0]), "read_only": bool(row and row[0][1])}
    active = {}
    if jobs and conn.scalar("SELECT to_regclass('cron.job') IS NOT NULL"):
        active = {
            name: bool(on)
            for name, on in conn.rows("SELECT jobname, active FROM cron.job WHERE jobname = ANY(%s)", (list(jobs),))
        }
    return {"database": database, "roles": roles, "jobs": active}


def postgres_quiesce(conn: Connection, before: dict[str, Any]) -> list[str]:
    """Idempotent: running it twice changes nothing more."""
    done = []
    database = _q(before["database"])
    for user, was in before["roles"].items():
        if not was["exists"]:
            continue
        for sql in (f"ALTER ROLE {_q(user)} NOLOGIN",
                    f"ALTER ROLE {_q(user)} IN DATABASE {database} SET default_transaction_read_only = on"):  # fmt: skip
            conn.execute(sql)
            done.append(sql)
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s "
            "AND datname = current_database() AND pid <> pg_backend_pid()",
            (user,),
        )
        done.append(f"ended the sessions of {user}")
    for job in before["jobs"]:
        conn.execute("UPDATE cron.job SET active = false WHERE jobname = %s", (job,))
        done.append(f"paused pg_cron job {job}")
    return done


def postgres_resume(conn: Connection, before: dict[str, Any]) -> list[str]:
    """Put back what `postgres_quiesce` changed, as `postgres_before` recorded it."""
    done = []
    database = _q(before["database"])
    for user, was in before["roles"].items():
        if not was["exists"]:
            continue
        if was["can_login"]:
            conn.execute(f"ALTER ROLE {_q(user)} LOGIN")
            done.append(f"ALTER ROLE {_q(user)} LOGIN")
        if not was["read_only"]:
            conn.execute(f"ALTER ROLE {_q(user)} IN DATABASE {database} RESET default_transaction_read_only")
            done.append(f"ALTER ROLE {_q(user)} IN DATABASE {database} RESET default_transaction_read_only")
    for job, active in before["jobs"].items():
        conn.execute("UPDATE cron.job SET active = %s WHERE jobname = %s", (active, job))
        done.append(f"pg_cron job {job} active = {active}")
    return done


def postgres_writers(conn: Connection) -> list[tuple[Any, ...]]:
    return conn.rows(WRITERS_SQL)


def postgres_position(conn: Connection) -> tuple[str, str]:
    row = conn.rows("SELECT pg_current_wal_lsn()::text, now()::text")[0]
    return str(row[0]), str(row[1])
