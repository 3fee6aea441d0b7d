"""A cutover killed (SIGKILL, in a subprocess) in every step resumes without repeating or skipping a step."""

from __future__ import annotations

import signal
import subprocess
from collections import Counter
from pathlib import Path

from cutover_project import AWS_ENV, OVERRIDES, PYTHON, run_env

from migrate.runbook import STEP_IDS

DRIVER = Path(__file__).with_name("kill_driver.py")


def killed_at(shop, step: str, status: str) -> int:
    done = subprocess.run([PYTHON, str(DRIVER), str(shop.folder), step, status, *OVERRIDES], env=run_env(),
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    return done.returncode


def test_killed_in_every_step_then_resumed(shop, cli):
    # odd steps die between their action and their gate, even steps just as their action starts
    for number, step in enumerate(STEP_IDS):
        killed_at(shop, step, "acted" if number % 2 == 0 else "started")
        assert shop.state()["steps"][step]["status"] == ("acted" if number % 2 == 0 else "started")
    final = cli("cutover", "resume", "--yes", "--project", str(shop.folder), *OVERRIDES, env=AWS_ENV)
    assert final.exit_code == 0, final.output
    entries = shop.audit()
    actions = Counter(e["step"] for e in entries if e["action"] == "action")
    dones = [e["step"] for e in entries if e["action"] == "done"]
    assert dones == STEP_IDS  # every step once, in order: none skipped, none done twice
    assert all(actions[s] == 1 for s in STEP_IDS), actions  # no finished action ever ran again
    restarted = [e["step"] for e in entries if e["action"] == "restart"]
    assert restarted == STEP_IDS[1::2]  # only the steps killed before their action finished re-enter it
    assert shop.state()["phase"] == "complete"
