"""The header of a T-SQL module: CREATE / ALTER / CREATE OR ALTER PROCEDURE | FUNCTION | TRIGGER, its name, its
parameters (defaults, OUTPUT, READONLY), RETURNS (scalar, TABLE, @t TABLE (...)), WITH options, trigger timing and
events, and where the body starts."""

from __future__ import annotations

from dataclasses import dataclass, field

from migrate.sqltext.cursor import split_top_level
from migrate.sqltext.lexer import TSQL, Token

KINDS = {"PROC": "procedure", "PROCEDURE": "procedure", "FUNCTION": "function", "TRIGGER": "trigger"}
PARAM_FLAGS = frozenset({"OUT", "OUTPUT", "READONLY", "VARYING"})


@dataclass
class Param:
    name: str
    type_tokens: list[Token]
    default: list[Token] | None
    output: bool
    readonly: bool


@dataclass
class Header:
    kind: str = ""
    params: list[Param] = field(default_factory=list)
    returns: list[Token] = field(default_factory=list)  # scalar function: the type
    inline: bool = False  # RETURNS TABLE ... RETURN (query)
    table_var: str = ""  # RETURNS @t TABLE (...)
    table_columns: list[Token] = field(default_factory=list)
    options: set[str] = field(default_factory=set)
    body: int = 0  # token index of the body
    on: list[Token] = field(default_factory=list)  # trigger: the table or view
    timing: str = ""
    events: list[str] = field(default_factory=list)
    problem: str = ""


class _Reader:
    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text, self.tokens, self.pos = text, tokens, 0

    def word(self, ahead: int = 0) -> str:
        at = self.pos + ahead
        return self.tokens[at].upper if at < len(self.tokens) else ""

    def token(self, ahead: int = 0) -> str:
        at = self.pos + ahead
        return self.tokens[at].text if at < len(self.tokens) else ""

    def accept(self, *words: str) -> bool:
        if all(self.word(i) == w for i, w in enumerate(words)):
            self.pos += len(words)
            return True
        return False

    def name(self) -> list[Token]:
        parts = []
        while self.pos < len(self.tokens) and self.tokens[self.pos].kind in ("word", "qident"):
            parts.append(self.tokens[self.pos])
            self.pos += 1
            if not self.accept_text("."):
                break
        return parts

    def accept_text(self, text: str) -> bool:
        if self.token() == text:
            self.pos += 1
            return True
        return False

    def group(self) -> list[Token]:
        """The tokens inside the parenthesised group here (consumed)."""
        depth, start = 0, self.pos
        while self.pos < len(self.tokens):
            text = self.tokens[self.pos].text
            depth += 1 if text == "(" else -1 if text == ")" else 0
            self.pos += 1
            if depth == 0:
                return self.tokens[start + 1 : self.pos - 1]
        return self.tokens[start + 1 :]

    def until(self, *words: str) -> list[Token]:
        depth, start = 0, self.pos
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            depth += 1 if token.text == "(" else -1 if token.text == ")" else 0
            if depth == 0 and token.upper in words:
                break
            self.pos += 1
        return self.tokens[start : self.pos]

    def options(self, header: Header) -> None:
        """WITH ENCRYPTION, SCHEMABINDING, EXECUTE AS x, RECOMPILE, ... (up to AS / FOR / body)."""
        if not self.accept("WITH"):
            return
        while self.pos < len(self.tokens):
            if self.accept("EXECUTE", "AS") or self.accept("EXEC", "AS"):
                header.options.add("EXECUTE AS")
                self.pos += 1
            elif self.word() in ("AS", "FOR", "AFTER", "INSTEAD", "BEGIN", "RETURN"):
                return
            elif self.token() == ",":
                self.pos += 1
            else:
                header.options.add(self.word() or self.token())
                self.pos += 1


def read_header(text: str, tokens: list[Token]) -> Header:
    header = Header()
    r = _Reader(text, tokens)
    if not (r.accept("CREATE") and (r.accept("OR", "ALTER") or True)) and not r.accept("ALTER"):
        header.problem = "the text does not start with CREATE or ALTER"
        return header
    header.kind = KINDS.get(r.word(), "")
    r.pos += 1
    if not header.kind or not r.name():
        header.problem = "not a procedure, function or trigger header"
        return header
    {"procedure": _procedure, "function": _function, "trigger": _trigger}[header.kind](r, header)
    if "EXTERNAL" in {t.upper for t in tokens[header.body : header.body + 2]}:
        header.options.add("EXTERNAL")
    return header


def _procedure(r: _Reader, header: Header) -> None:
    if r.accept_text(";"):
        r.pos += 1  # numbered procedure ;1
    params = r.group() if r.token() == "(" else r.until("WITH", "FOR", "AS")
    header.params = _params(r.text, params)
    r.options(header)
    r.accept("FOR", "REPLICATION")
    if not r.accept("AS"):
        header.problem = "no AS before the procedure body"
    header.body = r.pos


def _function(r: _Reader, header: Header) -> None:
    if r.token() != "(":
        header.problem = "no parameter list"
        return
    header.params = _params(r.text, r.group())
    if not r.accept("RETURNS"):
        header.problem = "no RETURNS"
        return
    if r.accept("TABLE"):
        header.inline = True
    elif r.token().startswith("@") and r.word(1) == "TABLE":
        header.table_var = r.token()
        r.pos += 2
        header.table_columns = r.group()
    else:
        header.returns = r.until("WITH", "AS", "BEGIN", "RETURN", "EXTERNAL")
    r.options(header)
    r.accept("AS")
    header.body = r.pos


def _trigger(r: _Reader, header: Header) -> None:
    if not r.accept("ON"):
        header.problem = "no ON"
        return
    if r.word() in ("DATABASE", "ALL"):
        header.problem = "a DDL trigger (ON DATABASE / ALL SERVER)"
        return
    header.on = r.name()
    r.options(header)
    if r.accept("INSTEAD", "OF"):
        header.timing = "INSTEAD OF"
    elif r.accept("AFTER") or r.accept("FOR"):
        header.timing = "AFTER"
    while r.word() in ("INSERT", "UPDATE", "DELETE") or r.token() == ",":
        if r.token() != ",":
            header.events.append(r.word())
        r.pos += 1
    r.accept("WITH", "APPEND")
    r.accept("NOT", "FOR", "REPLICATION")
    if not header.events or not r.accept("AS"):
        header.problem = "trigger events or AS not found"
    header.body = r.pos


def _params(text: str, tokens: list[Token]) -> list[Param]:
    if not tokens:
        return []
    params = []
    for begin, end in split_top_level(text, TSQL, tokens[0].start, tokens[-1].end):
        item = [t for t in tokens if begin <= t.start < end]
        if not item:
            continue
        name, rest = item[0].text, item[1:]
        if rest and rest[0].upper == "AS":
            rest = rest[1:]
        flags = {t.upper for t in rest if t.upper in PARAM_FLAGS}
        cut = next((i for i, t in enumerate(rest) if t.text == "=" or t.upper in PARAM_FLAGS), len(rest))
        default = None
        if cut < len(rest) and rest[cut].text == "=":
            default = [t for t in rest[cut + 1 :] if t.upper not in PARAM_FLAGS]
        params.append(Param(name, rest[:cut], default, bool(flags & {"OUT", "OUTPUT"}), "READONLY" in flags))
    return params
