"""What every step sees: the settings, the parts it drives, the run's state and files, who runs it."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from migrate.config import Settings
from migrate.dms.names import target_tables
from migrate.errors import mask_secrets
from migrate.runbook.gates import Overrides
from migrate.runbook.parts import Parts
from migrate.runbook.state import CutoverFiles, RunState


@dataclass
class Context:
    settings: Settings
    parts: Parts
    files: CutoverFiles
    state: RunState
    operator: str
    overrides: Overrides = field(default_factory=Overrides)
    sleep: Callable[[float], None] = time.sleep
    progress: Callable[[str], None] = lambda _m: None

    def save(self) -> None:
        self.files.save(self.state)

    @property
    def facts(self) -> dict[str, Any]:
        return self.state.facts

    def evidence_dir(self, step: str) -> Any:
        folder = self.files.evidence / step
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def evidence(self, step: str, name: str, data: Any) -> str:
        """Write one evidence file (JSON for data, text for a str); its path relative to the cutover folder."""
        path = self.evidence_dir(step) / name
        text = data if isinstance(data, str) else json.dumps(data, indent=2, default=str)
        path.write_text(mask_secrets(text) + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
        relative = str(path.relative_to(self.files.folder))
        if relative not in self.state.steps[step].evidence:
            self.state.steps[step].evidence.append(relative)
        return relative

    def schemas(self) -> list[str]:
        """The target schemas the migration fills (from the inventory, through the conversion and schema map)."""
        inventory, conversion = self.parts.inventory()
        found = target_tables(inventory, conversion, dict(self.settings.conversion.schema_map))
        return sorted({t.schema for t in found.values()})

    def lag_window(self, latency: float | None) -> float:
        """How long rows can be in flight: the measured CDC latency (or the bound) plus the margin."""
        c = self.settings.cutover
        return (latency if latency is not None else c.max_cdc_latency_seconds) + c.lag_margin_seconds
