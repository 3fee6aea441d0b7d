"""Findings: what will not move as-is, with a stable rule id, where it is, and what it costs."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum


class Severity(str, Enum):
    """Ordered from harmless to migration-stopping; comparisons follow this order."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    BLOCKER = "blocker"

    @property
    def rank(self) -> int:
        return _SEVERITY_ORDER.index(self)

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank


_SEVERITY_ORDER = [Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.BLOCKER]


@dataclass(frozen=True)
class Location:
    """Where a thing came from: an export file and line, or a live catalog (file is None)."""

    file: str | None = None
    line: int | None = None
    end_line: int | None = None

    def __str__(self) -> str:
        if self.file is None:
            return f"line {self.line}" if self.line else "(catalog)"
        return f"{self.file}:{self.line}" if self.line else self.file

    def shifted(self, lines: int) -> Location:
        """The same file, `lines` further down (for a statement inside a larger object)."""
        if self.line is None:
            return self
        end = self.end_line + lines if self.end_line is not None else None
        return Location(self.file, self.line + lines, end)


@dataclass(frozen=True)
class Finding:
    """One occurrence of a rule on one object.

    `rule_id` is stable across releases (e.g. ``ORA-CONNECTBY-001``) so reports can be diffed and
    findings suppressed by id. `effort_hours` is the per-occurrence effort; the rule's learning-curve
    effort is counted once per rule by the scoring, not here.
    """

    rule_id: str
    severity: Severity
    message: str
    object_kind: str = ""
    object_name: str = ""
    location: Location | None = None
    remedy: str = ""
    effort_hours: float = 0.0
    snippet: str = ""
    category: str = ""

    def at(self, location: Location | None) -> Finding:
        """The same finding at another location."""
        return replace(self, location=location)

    def on(self, kind: str, name: str) -> Finding:
        """The same finding attached to an object."""
        return replace(self, object_kind=kind, object_name=name)
