"""The state file, the audit log, the lock and the gate decisions, on their own (no database needed)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cutover_project import run_env

from migrate.errors import ConfigError, InputError
from migrate.runbook import STEP_IDS
from migrate.runbook.gates import GateResult, Overrides, failed, passed, unknown
from migrate.runbook.state import CutoverFiles, new_state


def test_state_round_trips_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    files = CutoverFiles(tmp_path / "cutover")
    state = new_state("shop", STEP_IDS)
    state.steps["preflight"].status = "done"
    state.facts["source_position"] = "0/16B3748"
    files.save(state)
    loaded = files.load(STEP_IDS)
    assert loaded is not None and loaded.as_dict() == state.as_dict()
    assert sorted(p.name for p in files.folder.iterdir()) == ["state.json"]


DAMAGED = [
    ('{"run_id": "x", "steps": {', "the cutover state file is damaged"),
    ("[1, 2]", "not a cutover state file"),
    ('{"run_id": "x", "project": "p", "started": "", "steps": {}}', "are not this version's"),
    ('{"run_id": "x", "project": "p", "started": "", "steps": {}, "version": 99}', "state version 99"),
    ('{"run_id": "x", "project": "p", "started": "", "steps": {}, "colour": "red"}', "not a cutover state file"),
    ("\xff\xfe", "damaged"),
]


@pytest.mark.parametrize(("text", "message"), DAMAGED)
def test_a_damaged_state_is_an_error_never_a_fresh_start(tmp_path: Path, text: str, message: str) -> None:
    files = CutoverFiles(tmp_path)
    files.state.write_bytes(text.encode("latin-1"))
    with pytest.raises(InputError, match=message) as caught:
        files.load(STEP_IDS)
    assert "audit.jsonl" in caught.value.hint


def test_audit_log_only_grows_and_a_cut_last_line_is_named(tmp_path: Path) -> None:
    files = CutoverFiles(tmp_path)
    files.append({"step": "preflight", "action": "start", "result": "", "operator": "ana"})
    files.append({"step": "preflight", "action": "done", "result": "password=hunter22", "operator": "ana"})
    with files.audit.open("a", encoding="utf-8") as handle:
        handle.write('{"time": "2026-')  # what a kill in the middle of a write leaves
    entries = files.audit_entries()
    assert [e["action"] for e in entries] == ["start", "done", "damaged-line"]
    assert "hunter22" not in files.audit.read_text(encoding="utf-8")


def test_the_lock_refuses_a_second_run_and_is_freed_when_its_holder_is_killed(tmp_path: Path) -> None:
    files = CutoverFiles(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from migrate.runbook.state import CutoverFiles\n"
        f"with CutoverFiles(Path({str(tmp_path)!r})).locked():\n    print('locked', flush=True); time.sleep(60)"
    )], stdout=subprocess.PIPE, text=True, env=run_env())  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    with pytest.raises(ConfigError, match="another cutover run holds") as caught, files.locked():
        pass
    assert f"pid {holder.pid}" in caught.value.message
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    started = time.monotonic()
    with files.locked():
        assert time.monotonic() - started < 1


DECISIONS = [
    ((passed("a", ""), passed("b", "")), Overrides(), "pass"),
    ((passed("a", ""), unknown("b", "")), Overrides(), "unknown"),
    ((unknown("b", ""), failed("c", "")), Overrides(), "fail"),
    ((unknown("b", ""),), Overrides(accept_unknown=frozenset({"b"})), "pass"),
    ((failed("c", ""),), Overrides(accept_unknown=frozenset({"c"})), "fail"),  # accepting is for unknowns only
    ((failed("c", ""),), Overrides(waive={"c": "rehearsal"}), "pass"),
    ((unknown("b", ""),), Overrides(waive={"b": "why"}), "unknown"),  # waiving is for failures only
]


@pytest.mark.parametrize(("checks", "overrides", "verdict"), DECISIONS)
def test_gate_decision(checks, overrides, verdict) -> None:
    assert GateResult(checks).decide(overrides)[0] == verdict


def test_overrides_used_are_named_for_the_audit_log() -> None:
    gate = GateResult((unknown("dms.tables", "no statistics"), failed("target.x", "off")))
    _verdict, _blocking, used = gate.decide(Overrides(frozenset({"dms.tables"}), {"target.x": "rehearsal"}))
    assert used == ["accepted unknown dms.tables: no statistics", "waived target.x (rehearsal): off"]
    assert json.dumps(used)
