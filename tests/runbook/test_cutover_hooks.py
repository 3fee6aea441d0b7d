"""The switch by hook commands, a step with missing configuration, and rollback after the switch."""

from __future__ import annotations

from cutover_project import AWS_ENV, OVERRIDES, Shop

from migrate.engines import connect


def cutover(cli, shop: Shop, *args: str):
    return cli("cutover", *args, "--project", str(shop.folder), env=AWS_ENV)


def configure(shop: Shop, old: str, new: str) -> None:
    toml = shop.folder / "migration.toml"
    text = toml.read_text(encoding="utf-8")
    assert old in text, old
    toml.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_switch_by_hook_and_rollback_after_the_switch(cli, shop, tmp_path):
    configure(shop, f'switch_secret_id = "{shop.app_secret}"', 'switch_secret_id = ""')
    stopped = cutover(cli, shop, "run", "--yes", "--until", "switch", *OVERRIDES)
    assert stopped.exit_code == 2 and "nothing to switch the application with" in stopped.output
    assert shop.state()["steps"]["switch"]["status"] == "failed"  # nothing assumed done
    switched, back = tmp_path / "switched", tmp_path / "back"
    configure(shop, 'switch_hook = ""', f'switch_hook = "echo target > {switched}"')
    configure(shop, 'switch_back_hook = ""', f'switch_back_hook = "echo source > {back}"')
    resumed = cutover(cli, shop, "resume", "--yes", "--until", "switch", *OVERRIDES)
    assert resumed.exit_code == 0, resumed.output
    assert switched.read_text().strip() == "target" and shop.state()["steps"]["switch"]["status"] == "done"
    reverse = shop.task("-reverse")
    assert reverse["Status"] == "running" and reverse["MigrationType"] == "cdc"
    refused = cutover(cli, shop, "rollback", "--yes")  # no CloudWatch datapoints: cannot tell the reverse task drained
    assert refused.exit_code == 1 and "reverse.drained" in refused.output
    assert back.read_text().strip() == "source"  # the switch back is done and stays done
    rolled = cutover(cli, shop, "rollback", "--yes", "--accept-unknown", "reverse.drained")
    assert rolled.exit_code == 0, rolled.output
    assert shop.task("-reverse")["Status"] == "stopped"
    with connect(shop.source) as conn:
        assert conn.scalar("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (shop.app_user,))
    actions = [e["action"] for e in shop.audit() if e["step"] == "rollback"]
    assert actions.count("switch-back") == 1 and "override" in actions and actions[-1] == "done"
