"""Run (or resume) a cutover and SIGKILL this very process right after STEP reaches STATUS.

python kill_driver.py PROJECT STEP STATUS OVERRIDE...   (exit by SIGKILL when reached; 0 when the run ends first)
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from migrate.config import load_settings
from migrate.runbook import load_status, opened
from migrate.runbook.gates import Overrides
from migrate.runbook.parts import LiveParts


def main() -> None:
    project, kill_step, kill_status, *rest = sys.argv[1:]
    accept = frozenset(rest[i + 1] for i, word in enumerate(rest) if word == "--accept-unknown")
    waive = dict(rest[i + 1].split("=", 1) for i, word in enumerate(rest) if word == "--waive")
    settings = load_settings(Path(project), os.environ)
    state, _files = load_status(settings)

    def transition(step: str, status: str) -> None:
        if (step, status) == (kill_step, kill_status):
            os.kill(os.getpid(), signal.SIGKILL)

    with opened(settings, LiveParts(settings, os.environ), "killer", new=state is None,
                overrides=Overrides(accept, waive), confirm=lambda _q: "killer", on_transition=transition) as runner:  # fmt: skip
        runner.run()


if __name__ == "__main__":
    main()
