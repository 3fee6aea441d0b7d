"""Printing PL/pgSQL a DBA will maintain: indented lines, the source's comments kept where they were, and each
action item as a comment at the line it concerns. Language-neutral (nothing T-SQL in here), so it can merge with
the PL/SQL side's emitter later."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from migrate.model import Finding

INDENT = "    "


class Emitter:
    def __init__(self, depth: int = 1) -> None:
        self.lines: list[str] = []
        self.depth = depth

    def line(self, text: str) -> None:
        pad = INDENT * self.depth
        for part in text.split("\n"):
            self.lines.append(pad + part if part.strip() else "")

    def comments(self, comments: list[str]) -> None:
        for comment in comments:
            self.line(comment.rstrip())

    def action(self, found: Finding) -> None:
        """An action item where the reader needs it (the finding is also in the report)."""
        message = found.message.replace("\n", " ")
        self.line(f"-- AURORA-MIGRATE [{found.rule_id}] {found.severity.value}: {message}")

    @contextmanager
    def indented(self) -> Iterator[None]:
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1

    def text(self) -> str:
        return "\n".join(self.lines)
