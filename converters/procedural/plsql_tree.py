"""The PL/SQL statement tree and its lexer: token spans, not text, so every expression and SQL statement is cut
out of the source exactly as written when it is converted; comments are kept beside the tokens by offset."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from migrate.model import Location
from migrate.sqltext.lexer import ORACLE, Token

Span = tuple[int, int]  # token indexes [first, end)


def comma_spans(tokens: list[Token], first: int, end: int) -> list[Span]:
    """The spans [first, end) holds between its top-level commas (arguments, select-list items, targets); [] when
    it is empty."""
    out, depth, start = [], 0, first
    for i in range(first, end):
        depth += {"(": 1, ")": -1}.get(tokens[i].text, 0)
        if tokens[i].text == "," and depth == 0:
            out.append((start, i))
            start = i + 1
    if end > first:
        out.append((start, end))
    return out


def closing(tokens: list[Token], open_: int, end: int) -> int:
    """Index of the `)` that closes the `(` at `open_`, before `end` (`end` when it is not closed there)."""
    depth = 0
    for i in range(open_, end):
        depth += {"(": 1, ")": -1}.get(tokens[i].text, 0)
        if depth == 0:
            return i
    return end


# The Oracle tokenizer with `..` (FOR i IN 1..10) as one token: the SQL tokenizer would read `1.` and `.10`.
_TOKEN = re.compile(r"(?P<range>\.\.)|(?P<num>\d+(?=\.\.))|" + ORACLE.token.pattern, re.S | re.X)


class PlsqlSyntaxError(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass
class Source:
    text: str
    tokens: list[Token]
    comments: list[tuple[int, int]]  # (start, end) offsets of every comment, in order

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def slice(self, span: Span) -> str:
        first, end = span
        if first >= end:
            return ""
        return self.text[self.tokens[first].start : self.tokens[end - 1].end]

    def location(self, base: Location | None, token: int) -> Location | None:
        if base is None or base.line is None or not self.tokens:
            return base
        offset = self.tokens[min(token, len(self.tokens) - 1)].start
        return Location(base.file, base.line + self.line_of(offset) - 1)


def stored(name: str) -> str:
    """A name as Oracle stores it: upper case unless it was written in double quotes (then as written)."""
    return name if name.startswith('"') else name.upper()


def lex(text: str) -> Source:
    tokens, comments = [], []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "op"
        if kind in ("qd", "tag"):
            kind = "string"
        if kind == "ws":
            continue
        if kind == "comment":
            comments.append((match.start(), match.end()))
            continue
        kind = {"range": "op", "num": "number"}.get(kind, kind)
        word = match.group(0)
        tokens.append(Token(kind, word, match.start(), match.end(), word.upper() if kind == "word" else ""))
    return Source(text, tokens, comments)


@dataclass
class Stmt:
    kind: str  # block if case loop while for_range for_cursor for_query forall + the simple kinds (see SIMPLE)
    first: int
    end: int
    spans: dict[str, Span] = field(default_factory=dict)
    arms: list[tuple[Span | None, list[Stmt]]] = field(default_factory=list)  # IF/CASE/handlers; body = arms[0]
    decls: list[Decl] = field(default_factory=list)
    handlers: list[tuple[Span, list[Stmt]]] = field(default_factory=list)
    label: str = ""
    name: str = ""  # loop variable, cursor, exception...
    flag: bool = False  # FOR ... REVERSE; a block that had DECLARE

    @property
    def body(self) -> list[Stmt]:
        return self.arms[0][1] if self.arms else []


@dataclass
class Param:
    name: str
    mode: str  # IN | OUT | IN OUT
    type: Span
    default: Span | None


@dataclass
class Decl:
    kind: str  # var const cursor type subtype exception pragma routine
    name: str
    first: int
    end: int
    spans: dict[str, Span] = field(default_factory=dict)
    params: list[Param] = field(default_factory=list)
    routine: Routine | None = None
    not_null: bool = False


@dataclass
class Routine:
    kind: str  # PROCEDURE | FUNCTION
    name: str
    first: int
    end: int
    params: list[Param] = field(default_factory=list)
    returns: Span | None = None
    attributes: tuple[str, ...] = ()
    decls: list[Decl] = field(default_factory=list)
    body: Stmt | None = None  # None: a declaration only (package spec, forward declaration)
    external: bool = False


@dataclass
class Unit:
    kind: str  # PROCEDURE | FUNCTION | PACKAGE | PACKAGE BODY | TRIGGER | BLOCK
    name: tuple[str, ...]
    source: Source
    routine: Routine | None = None
    decls: list[Decl] = field(default_factory=list)
    init: Stmt | None = None  # package initialisation section; trigger / anonymous block body


def every_statement(stmts: list[Stmt]) -> Iterator[Stmt]:
    """Each statement, then the statements of its arms and handlers, at any depth, in source order."""
    for stmt in stmts:
        yield stmt
        for _cond, arm in stmt.arms:
            yield from every_statement(arm)
        for _names, handler in stmt.handlers:
            yield from every_statement(handler)


def dotted_name(tokens: list[Token], at: int) -> list[str]:
    """The upper-case parts of `a.b.c` starting at tokens[at]."""
    parts = [tokens[at].upper]
    while at + 2 < len(tokens) and tokens[at + 1].text == "." and tokens[at + 2].kind == "word":
        parts.append(tokens[at + 2].upper)
        at += 2
    return parts


def always_raises(tokens: list[Token], stmts: list[Stmt]) -> bool:
    """The handler ends by raising on every path (RAISE, RAISE_APPLICATION_ERROR, or an IF / CASE whose arms all
    do, one of them ELSE)."""
    if not stmts:
        return False
    last = stmts[-1]
    if last.kind == "raise":
        return True
    if last.kind == "call" and tokens[last.spans["all"][0] if "all" in last.spans else last.first].upper == (
        "RAISE_APPLICATION_ERROR"):  # fmt: skip
        return True
    complete = last.kind in ("if", "case") and any(cond is None for cond, _arm in last.arms)
    return complete and all(always_raises(tokens, arm) for _cond, arm in last.arms)


def always_leaves(tokens: list[Token], stmts: list[Stmt]) -> bool:
    """The statements end by leaving on every path: RETURN, a raise (always_raises), an IF / CASE with an ELSE whose
    arms all leave, or a nested block whose statements and handlers all leave."""
    if not stmts:
        return False
    last = stmts[-1]
    if last.kind == "return" or always_raises(tokens, [last]):
        return True
    if last.kind in ("if", "case"):
        return any(c is None for c, _a in last.arms) and all(always_leaves(tokens, a) for _c, a in last.arms)
    if last.kind == "block":
        return always_leaves(tokens, last.body) and all(always_leaves(tokens, h) for _n, h in last.handlers)
    return False


def rolls_back_first(tokens: list[Token], handler: list[Stmt]) -> bool:
    """The handler starts with ROLLBACK (of the transaction, not to a savepoint): whatever the block changed before
    the error is undone in both, so Oracle keeping those changes until then makes no difference."""
    first = next((h for h in handler if h.kind != "null"), None)
    words = [t.upper for t in tokens[first.first : first.end - 1]] if first is not None else []
    return first is not None and first.kind == "rollback" and words in (["ROLLBACK"], ["ROLLBACK", "WORK"])
