"""The generated quiesce / resume scripts for sources the runbook cannot run itself: one line per fact."""

from __future__ import annotations

import pytest

from migrate.runbook.source import SOURCE_ENGINES

USERS, JOBS = ("APP_USER",), ("NIGHTLY_LOAD",)

CASES = [
    ("oracle", "quiesce", 'ALTER USER "APP_USER" ACCOUNT LOCK;'),
    ("oracle", "quiesce", "DBMS_SCHEDULER.DISABLE('NIGHTLY_LOAD', force => TRUE)"),
    ("oracle", "quiesce", "ALTER SYSTEM KILL SESSION"),
    ("oracle", "quiesce", "JOIN v$transaction t ON t.ses_addr = s.saddr"),
    ("oracle", "quiesce", "SELECT current_scn, SYSTIMESTAMP FROM v$database;"),
    ("oracle", "resume", 'ALTER USER "APP_USER" ACCOUNT UNLOCK;'),
    ("oracle", "resume", "DBMS_SCHEDULER.ENABLE('NIGHTLY_LOAD')"),
    ("sqlserver", "quiesce", "ALTER LOGIN [APP_USER] DISABLE;"),
    ("sqlserver", "quiesce", "EXEC msdb.dbo.sp_update_job @job_name = N'NIGHTLY_LOAD', @enabled = 0;"),
    ("sqlserver", "quiesce", "FROM sys.dm_exec_sessions WHERE login_name IN (N'APP_USER')"),
    ("sqlserver", "quiesce", "JOIN sys.dm_tran_session_transactions t"),
    ("sqlserver", "quiesce", "sys.fn_cdc_get_max_lsn()"),
    ("sqlserver", "resume", "ALTER LOGIN [APP_USER] ENABLE;"),
    ("sqlserver", "resume", "@enabled = 1;"),
    ("postgresql", "quiesce", 'ALTER ROLE "APP_USER" NOLOGIN;'),
    ("postgresql", "quiesce", "UPDATE cron.job SET active = false WHERE jobname = 'NIGHTLY_LOAD';"),
    ("postgresql", "resume", 'ALTER ROLE "APP_USER" LOGIN;'),
]


@pytest.mark.parametrize(("engine", "script", "expected"), CASES)
def test_generated_script_line(engine: str, script: str, expected: str) -> None:
    assert expected in getattr(SOURCE_ENGINES[engine], script)(USERS, JOBS)


def test_a_quote_in_a_name_cannot_break_out() -> None:
    text = SOURCE_ENGINES["oracle"].quiesce(('A"B',), ("J'OB",))
    assert 'ALTER USER "A""B" ACCOUNT LOCK;' in text and "DISABLE('J''OB'" in text


def test_only_postgresql_runs_here() -> None:
    assert {e: row.runs_here for e, row in SOURCE_ENGINES.items()} == {
        "oracle": False, "sqlserver": False, "postgresql": True
    }  # fmt: skip
