"""The cutover end to end on the example project: the real PostgreSQL (source and target) and moto's server."""

from __future__ import annotations

import json

from cutover_project import AWS_ENV, OVERRIDES, Shop

from migrate.engines import connect
from migrate.runbook.finalise import sequence_states


def cutover(cli, shop: Shop, *args: str):
    return cli("cutover", *args, "--project", str(shop.folder), env=AWS_ENV)


def test_full_run_cuts_over_and_leaves_evidence(cli, shop):
    result = cutover(cli, shop, "run", "--yes", "--operator", "ci", *OVERRIDES)
    assert result.exit_code == 0, result.output
    state = shop.state()
    assert state["phase"] == "complete"
    assert [s["status"] for s in state["steps"].values()] == ["done"] * 10
    assert (
        state["steps"]["preflight"]["confirmed_by"] == "ci" and state["steps"]["decommission"]["confirmed_by"] == "ci"
    )
    with connect(shop.target) as conn:
        states = sequence_states(conn, ["shop"])
        assert states and all(s.next_value > s.max_key for s in states if s.max_key is not None)
        assert conn.scalar("SELECT count(*) FROM aurora_migrate.cutover_probe") == 1
    secret = json.loads(shop.aws("secretsmanager").get_secret_value(SecretId=shop.app_secret)["SecretString"])
    assert secret["dbname"] == shop.target.database
    overrides = [e["result"] for e in shop.audit() if e["action"] == "override"]
    assert any(o.startswith("accepted unknown dms.tables") for o in overrides)
    assert any(o.startswith("waived target.logical_replication") for o in overrides)
    report = json.loads((shop.folder / "cutover" / "report.json").read_text(encoding="utf-8"))
    assert report["phase"] == "complete" and len(report["timeline"]) == len(shop.audit())
    assert (shop.folder / "cutover" / "evidence" / "validate" / "validation.json").is_file()
    assert "dms-Pa55word" not in (shop.folder / "cutover" / "report.html").read_text(encoding="utf-8")
    names = [t["ReplicationTaskIdentifier"] for t in shop.aws("dms").describe_replication_tasks()["ReplicationTasks"]]
    assert not [n for n in names if n.startswith(f"am-{shop.folder.name}")]  # forward and reverse tasks deleted
