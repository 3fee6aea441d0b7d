"""JSON snapshots under tests/dms/snapshots/. Regenerate only on purpose: UPDATE_DMS_SNAPSHOTS=1 pytest tests/dms."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).with_name("snapshots")


def assert_snapshot(name: str, data: Any) -> None:
    path = FOLDER / f"{name}.json"
    text = json.dumps(data, indent=2, sort_keys=False, default=str) + "\n"
    if os.environ.get("UPDATE_DMS_SNAPSHOTS") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no snapshot {path}; review the output, then run with UPDATE_DMS_SNAPSHOTS=1"
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text), f"{name} differs from {path}"
