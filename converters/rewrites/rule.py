"""The shape of a converter rule row: severity, what it means, how to fix it, per-occurrence effort.

Ids never change meaning once released (reports are diffed and findings suppressed by id). `effort_hours` is the
per-occurrence estimate for a person finishing the job.
"""

from __future__ import annotations

from dataclasses import dataclass

from migrate.model import Severity

H, M, L, INFO = Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO


@dataclass(frozen=True)
class Rule:
    severity: Severity
    message: str
    remedy: str
    effort_hours: float = 0.0
