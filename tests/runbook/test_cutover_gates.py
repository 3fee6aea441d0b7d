"""Gates that stop the run, rollback, dry-run, and bad input: against the real PostgreSQL and moto's server."""

from __future__ import annotations

import json

from cutover_project import AWS_ENV, OVERRIDES, Shop

from migrate.config import load_settings
from migrate.engines import connect
from migrate.runbook import files_of


def cutover(cli, shop: Shop, *args: str):
    return cli("cutover", *args, "--project", str(shop.folder), env=AWS_ENV)


def can_login(shop: Shop) -> bool:
    with connect(shop.source) as conn:
        return bool(conn.scalar("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (shop.app_user,)))


def read_only_default(shop: Shop) -> bool:
    with connect(shop.source) as conn:
        return bool(conn.scalar(
            "SELECT count(*) FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = %s",
            (shop.app_user,)))  # fmt: skip


def test_dry_run_prints_sql_and_aws_calls_and_touches_nothing(cli, shop):
    result = cutover(cli, shop, "run", "--dry-run")
    assert result.exit_code == 0, result.output
    for expected in ("ALTER ROLE", shop.app_user, "pg_current_wal_lsn", "StopReplicationTask", "CreateReplicationTask",
                     "PutSecretValue", "setval", "UpdateSecretVersionStage"):  # fmt: skip
        assert expected in result.output, expected
    assert not (shop.folder / "cutover").exists()
    assert can_login(shop) and not read_only_default(shop)
    assert shop.task()["Status"] == "running"


def test_failing_validation_gate_stops_then_rollback_restores_the_source(cli, shop):
    with connect(shop.target) as conn:  # a row that differs: counts still match, checksums do not
        conn.execute("UPDATE shop.products SET unit_price = unit_price + 0.01 WHERE sku = 'SKU-00042'")
    result = cutover(cli, shop, "run", "--yes", *OVERRIDES)
    assert result.exit_code == 1
    assert "step validate: gate failed" in result.output and "cutover rollback" in result.output
    state = shop.state()
    assert state["steps"]["validate"]["status"] == "failed" and state["steps"]["finalise"]["status"] == "pending"
    assert not can_login(shop) and read_only_default(shop)  # quiesced by step 2
    refused = cutover(cli, shop, "rollback")
    assert refused.exit_code == 3 and "not confirmed" in refused.output
    rolled = cutover(cli, shop, "rollback", "--yes")
    assert rolled.exit_code == 0, rolled.output
    assert can_login(shop) and not read_only_default(shop)
    assert shop.state()["phase"] == "rolled-back"
    assert [e["action"] for e in shop.audit() if e["step"] == "rollback"][-2:] == ["resume-source", "done"]
    again = cutover(cli, shop, "resume", "--yes")
    assert again.exit_code == 2 and "rolled back" in again.output


def test_a_gate_that_cannot_tell_stops_and_names_the_override(cli, shop):
    result = cutover(cli, shop, "run", "--yes")
    assert result.exit_code == 1
    assert "cannot tell" in result.output and "--accept-unknown" in result.output and "dms.tables" in result.output
    assert shop.state()["steps"]["preflight"]["status"] == "failed"
    assert can_login(shop)  # nothing after the gate ran


def test_a_manual_step_waits_for_a_person_then_records_who(cli, shop):
    waiting = cutover(cli, shop, "run", *OVERRIDES)  # no --yes and no terminal: nobody can confirm
    assert waiting.exit_code == 3 and "waits for a person's confirmation" in waiting.output
    assert shop.state()["steps"]["preflight"]["status"] == "waiting"
    assert can_login(shop)  # the source was not quiesced: nothing was assumed
    going = cutover(cli, shop, "resume", "--yes", "--operator", "dba-on-call", "--until", "quiesce", *OVERRIDES)
    assert going.exit_code == 0, going.output
    state = shop.state()
    assert state["steps"]["preflight"]["confirmed_by"] == "dba-on-call"
    assert state["steps"]["quiesce"]["status"] == "done" and state["steps"]["drain"]["status"] == "pending"
    assert state["facts"]["source_position"]  # the WAL LSN recorded at quiesce
    skipped = cutover(cli, shop, "skip", "drain", "--reason", "rehearsal: no CDC in this environment")
    assert skipped.exit_code == 0, skipped.output
    assert shop.state()["steps"]["drain"]["status"] == "skipped"
    assert any(e["action"] == "skip" and "rehearsal" in e["result"] for e in shop.audit())


def test_a_damaged_state_file_is_a_clear_error(cli, shop):
    folder = shop.folder / "cutover"
    folder.mkdir()
    (folder / "state.json").write_text('{"run_id": "x", "steps": {', encoding="utf-8")
    result = cutover(cli, shop, "resume", "--yes")
    assert result.exit_code == 2
    assert "state file is damaged" in result.output and "Traceback" not in result.output
    assert cutover(cli, shop, "status").exit_code == 2


def test_a_second_run_is_refused_while_one_holds_the_lock(cli, shop):
    files = files_of(load_settings(shop.folder, {}))
    with files.locked():
        result = cutover(cli, shop, "run", "--yes")
    assert result.exit_code == 2 and "another cutover run holds" in result.output
    assert not files.state.exists()


def test_plan_writes_the_runbook_with_owners(cli, shop):
    toml = shop.folder / "migration.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        "# owners = {", 'owners = { switch = "app team (Ana)" }\n# was: owners = {'), encoding="utf-8")  # fmt: skip
    result = cutover(cli, shop, "plan")
    assert result.exit_code == 0, result.output
    text = (shop.folder / "runbook.md").read_text(encoding="utf-8")
    assert text.count("\n## ") == 11  # ten steps and the rollback path
    assert "| owner | app team (Ana) |" in text and "| rollback |" in text and "| gate |" in text


def test_status_before_any_run_says_what_to_do(cli, shop):
    result = cutover(cli, shop, "status")
    assert result.exit_code == 0 and "no cutover has run" in result.output


def test_evidence_and_state_never_hold_a_secret(cli, shop):
    assert cutover(cli, shop, "run", "--yes", "--until", "stop-forward", *OVERRIDES).exit_code == 0
    for path in (shop.folder / "cutover").rglob("*"):
        if path.is_file():
            assert "dms-Pa55word" not in path.read_text(encoding="utf-8", errors="replace"), path
    assert json.loads((shop.folder / "cutover" / "report.json").read_text(encoding="utf-8"))["phase"] == "stopped"
