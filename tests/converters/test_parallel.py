"""View queries converted in worker processes give exactly the one-process result."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assessments.scan import scan_files
from converters import parallel
from converters.convert import convert_inventory
from migrate.model import ObjectStatus
from migrate.model.serialize import dumps


def _views(count: int) -> str:
    """A table and `count` views: plain, rewritten ((+), NVL, ROWNUM), flagged (CONNECT_BY_ROOT), duplicated."""
    parts = ["CREATE TABLE hr.emp (id NUMBER(10) PRIMARY KEY, boss NUMBER(10), name VARCHAR2(30), hired DATE);"]
    bodies = [
        "SELECT e.id, NVL(e.name, 'none') AS name FROM hr.emp e",
        "SELECT e.id, b.name AS boss_name FROM hr.emp e, hr.emp b WHERE e.boss = b.id (+)",
        "SELECT id FROM hr.emp WHERE ROWNUM <= 5",
        "SELECT id, CONNECT_BY_ROOT name AS root FROM hr.emp START WITH boss IS NULL CONNECT BY PRIOR id = boss",
        "SELECT id FROM hr.missing_table",
    ]
    for i in range(count):
        parts.append(f"CREATE OR REPLACE VIEW hr.v{i} AS {bodies[i % len(bodies)]};")
    parts.append("CREATE OR REPLACE VIEW hr.v0 AS SELECT id FROM hr.emp;")  # the same name twice: a duplicate
    return "\n".join(parts) + "\n"


@pytest.fixture
def inventory(tmp_path: Path):
    script = tmp_path / "views.sql"
    script.write_text(_views(parallel.MIN_QUERIES + 11), encoding="utf-8")
    return scan_files([script], "oracle")


def test_workers_give_the_one_process_result(inventory, monkeypatch) -> None:
    pools = []
    make = parallel.QueryPool
    monkeypatch.setattr(parallel, "QueryPool", lambda *args: pools.append(make(*args)) or pools[-1])
    alone = convert_inventory(inventory, jobs=1)
    assert not pools
    shared = convert_inventory(inventory, jobs=2)
    assert len(pools) == 1  # the second run did use workers
    assert dumps(shared, "conversion") == dumps(alone, "conversion")
    statuses = {o.status for o in alone.objects if o.kind == "view"}
    assert {ObjectStatus.CONVERTED, ObjectStatus.CONVERTED_WITH_FINDINGS} <= statuses


def test_a_worker_that_dies_costs_time_not_results(inventory, monkeypatch) -> None:
    real = parallel._convert_chunk

    def dies_on_the_first_chunk(keys):
        if keys[0][2] == "HR.V0":
            os._exit(3)  # as if the OOM killer took the worker
        return real(keys)

    monkeypatch.setattr(parallel, "_convert_chunk", dies_on_the_first_chunk)
    assert dumps(convert_inventory(inventory, jobs=2), "conversion") == dumps(
        convert_inventory(inventory, jobs=1), "conversion"
    )


def test_small_schemas_stay_in_one_process(inventory, monkeypatch) -> None:
    started = []
    monkeypatch.setattr(parallel, "QueryPool", lambda *args: started.append(args))
    assert parallel.start(None, [("SELECT 1", "view", "v", None)] * (parallel.MIN_QUERIES - 1), 4) is None
    assert parallel.start(None, [("SELECT 1", "view", "v", None)] * parallel.MIN_QUERIES, 1) is None
    assert not started


def test_cli_jobs_option(tmp_path: Path, cli) -> None:
    script = tmp_path / "views.sql"
    script.write_text(_views(parallel.MIN_QUERIES + 3), encoding="utf-8")
    written = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = cli("convert", "--dialect", "oracle", str(script), "--out", str(out), "--jobs", jobs)
        assert result.exit_code == 0, result.output
        written[jobs] = (out / "conversion.json").read_text(encoding="utf-8")
    assert written["1"] == written["2"]
    refused = cli("convert", "--dialect", "oracle", str(script), "--out", str(tmp_path / "x"), "--jobs", "0")
    assert refused.exit_code == 2 and "--jobs" in refused.output
