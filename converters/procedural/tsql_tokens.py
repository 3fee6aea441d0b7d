"""Token-list helpers the T-SQL statement converters share: source text of a span, top-level items and words."""

from __future__ import annotations

from converters.procedural.tsql_scope import Scope
from migrate.sqltext.cursor import split_top_level
from migrate.sqltext.lexer import TSQL, Token


def text_of(tokens: list[Token], scope: Scope) -> str:
    return scope.text[tokens[0].start : tokens[-1].end] if tokens else ""


def split_items(tokens: list[Token], scope: Scope) -> list[list[Token]]:
    if not tokens:
        return []
    spans = split_top_level(scope.text, TSQL, tokens[0].start, tokens[-1].end)
    return [[t for t in tokens if begin <= t.start < end] for begin, end in spans]


def skip_group(tokens: list[Token], at: int) -> int:
    depth = 0
    while at < len(tokens):
        depth += {"(": 1, ")": -1}.get(tokens[at].text, 0) if tokens[at].kind == "op" else 0
        at += 1
        if depth == 0:
            return at
    return at


def top_level(tokens: list[Token], *words: str, stop: frozenset[str] = frozenset()) -> int | None:
    depth = 0
    for at, token in enumerate(tokens):
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif depth == 0 and (token.upper in words or token.text in words) and at:
            return at
        elif depth == 0 and token.upper in stop:
            return None
    return None


def main_word(tokens: list[Token]) -> str:
    """The statement under a WITH: the first DML keyword after the CTEs."""
    depth = 0
    for token in tokens[1:]:
        depth += {"(": 1, ")": -1}.get(token.text, 0) if token.kind == "op" else 0
        if depth == 0 and token.upper in ("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE"):
            return token.upper
    return ""
