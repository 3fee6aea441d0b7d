"""What every procedural converter emits, whatever the source language: indented PL/pgSQL lines with the source's
comments and the action items at the line they concern, and the CREATE FUNCTION / PROCEDURE around a body.

    out = Lines()
    out.line("IF x THEN"); out.indent(); out.action("AM-PLSQL-010", "GOTO has no PL/pgSQL form"); out.dedent()
    ddl = routine_ddl("procedure", "hr.purge_audit", ["p_days numeric DEFAULT 90"], None, out.text())
"""

from __future__ import annotations

from dataclasses import dataclass, field

from migrate.sqltext.lexer import POSTGRES, tokenize

INDENT = "    "
ACTION = "AURORA-MIGRATE ACTION ITEM"


@dataclass
class Lines:
    """PL/pgSQL text under construction: one entry per output line, indented by block depth."""

    out: list[str] = field(default_factory=list)
    depth: int = 0
    verbatim: set[int] = field(default_factory=set)  # lines that continue a string literal: never indented

    def line(self, text: str) -> None:
        """One statement (or clause); a multi-line statement keeps its own relative indentation. A line break
        inside a string literal is part of its value: the line after it is kept exactly as it is."""
        pad = INDENT * self.depth
        inside = _breaks_in_literals(text) if "\n" in text and ("'" in text or "$" in text) else set()
        if not inside:
            for part in text.splitlines() or [""]:
                self.out.append(pad + part if part.strip() else "")
            return
        at = 0
        for part in text.split("\n"):
            if at - 1 in inside:
                self.verbatim.add(len(self.out))
                self.out.append(part)
            else:
                self.out.append(pad + part if part.strip() else "")
            at += len(part) + 1

    def comment(self, text: str) -> None:
        """A source comment, as written (`--` lines and `/* */` blocks are both valid PL/pgSQL)."""
        self.line(text.replace("\t", INDENT))

    def action(self, rule_id: str, message: str) -> None:
        """An action item where the reader needs it: right above the statement it concerns."""
        self.line(f"-- {ACTION} [{rule_id}]: {' '.join(message.split())}")

    def indent(self) -> None:
        self.depth += 1

    def dedent(self) -> None:
        self.depth = max(self.depth - 1, 0)

    def extend(self, other: Lines) -> None:
        for at, text in enumerate(other.out):
            if at in other.verbatim:
                self.verbatim.add(len(self.out))
            self.out.append(INDENT * self.depth + text if text and at not in other.verbatim else text)

    def text(self) -> str:
        return "\n".join(self.out) + "\n"


def _breaks_in_literals(text: str) -> set[int]:
    """Offsets of the line breaks inside string literals ('...', E'...', $tag$...$tag$) of PostgreSQL text."""
    return {
        token.start + i
        for token in tokenize(text, POSTGRES)
        if token.kind == "string"
        for i, c in enumerate(token.text)
        if c == "\n"
    }


def until_then(condition: str) -> str:
    """A condition PL/pgSQL reads up to THEN (IF, ELSIF, a CASE statement's WHEN), parenthesised when it holds a
    CASE expression: PL/pgSQL stops at the first THEN outside parentheses, a CASE expression's own included
    (`IF CASE WHEN d = 0 THEN ... END = 0 THEN` would be cut after `d = 0`)."""
    words = {t.text.upper() for t in tokenize(condition, POSTGRES) if t.kind == "word"}
    return f"({condition})" if "CASE" in words else condition


def dollar_quote(body: str) -> tuple[str, str]:
    """The body's opening and closing dollar quote: a tag that does not occur in the body."""
    tag, n = "$body$", 0
    while tag in body:
        n += 1
        tag = f"$body{n}$"
    return tag, tag


def routine_ddl(
    kind: str,
    name: str,
    params: list[str],
    returns: str | None,
    body: str,
    attributes: tuple[str, ...] = (),
) -> str:
    """CREATE OR REPLACE FUNCTION|PROCEDURE name(params) [RETURNS t] LANGUAGE plpgsql [attributes] AS $$body$$;"""
    opening, closing = dollar_quote(body)
    head = f"CREATE OR REPLACE {kind.upper()} {name}("
    args = head + (("\n" + INDENT + f",\n{INDENT}".join(params) + "\n") if params else "") + ")"
    parts = [args]
    if returns is not None:
        parts.append(f"RETURNS {returns}")
    parts.append("LANGUAGE plpgsql")
    parts.extend(attributes)
    return "\n".join(parts) + f"\nAS {opening}\n{body.rstrip()}\n{closing};\n"


def block_text(declarations: Lines, body: Lines, conflict_column: bool = True) -> str:
    """A routine body: `#variable_conflict use_column` (a name that is both a column and a variable means the
    column inside SQL, as in the source languages), DECLARE when anything is declared, BEGIN ... END."""
    out = Lines()
    if conflict_column:
        out.line("#variable_conflict use_column")
    if declarations.out:
        out.line("DECLARE")
        out.extend(declarations)
    out.extend(body)
    return out.text()
