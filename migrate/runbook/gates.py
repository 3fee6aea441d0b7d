"""A gate is a list of checks, each passed, failed, or unknown ("cannot tell").

"Cannot tell" is never "passed": a check whose data could not be read (DMS table statistics an emulator lacks,
no CloudWatch datapoints yet) stops the run like a failure, but says so. A person may accept an unknown check
(`--accept-unknown CHECK`) or waive a failed one (`--waive CHECK=REASON`); both are written to the audit log
with who did it, and the check keeps its real verdict in the evidence.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

VERDICTS = ("pass", "fail", "unknown")


@dataclass(frozen=True)
class Check:
    id: str  # stable: what --accept-unknown / --waive name, e.g. dms.tables
    verdict: str  # pass | fail | unknown
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def passed(check_id: str, detail: str) -> Check:
    return Check(check_id, "pass", detail)


def failed(check_id: str, detail: str) -> Check:
    return Check(check_id, "fail", detail)


def unknown(check_id: str, detail: str) -> Check:
    return Check(check_id, "unknown", detail)


@dataclass(frozen=True)
class Overrides:
    """What a person accepted on the command line."""

    accept_unknown: frozenset[str] = frozenset()
    waive: dict[str, str] = field(default_factory=dict)  # check id -> reason


@dataclass(frozen=True)
class GateResult:
    checks: tuple[Check, ...]

    def decide(self, overrides: Overrides) -> tuple[str, list[Check], list[str]]:
        """(pass | fail | unknown, the checks that block, the overrides used: 'accepted unknown X', 'waived X: why')."""
        blocking: list[Check] = []
        used: list[str] = []
        for check in self.checks:
            if check.verdict == "unknown" and check.id in overrides.accept_unknown:
                used.append(f"accepted unknown {check.id}: {check.detail}")
            elif check.verdict == "fail" and check.id in overrides.waive:
                used.append(f"waived {check.id} ({overrides.waive[check.id]}): {check.detail}")
            elif check.verdict != "pass":
                blocking.append(check)
        if any(c.verdict == "fail" for c in blocking):
            return "fail", blocking, used
        return ("unknown" if blocking else "pass"), blocking, used

    def summary(self) -> str:
        counts = {v: sum(1 for c in self.checks if c.verdict == v) for v in VERDICTS}
        return ", ".join(f"{n} {v}" for v, n in counts.items() if n) or "no checks"
