"""Lexing that knows strings, quoted identifiers and comments, for each source dialect.

Two tools share one table of quoting rules per dialect:

* `scan_line` walks one physical line from a carried-over state (inside a string, a comment...) and
  reports where the first code starts and the first top-level `;`. The statement splitters use it,
  line by line, because SQL*Plus and sqlcmd commands are line-based and must be recognised *before*
  anything in them is taken for a quote (``PROMPT Don't forget`` is not a string).
* `tokenize` turns one statement into tokens with character offsets, so the DDL readers can slice
  the exact source text of a type, a default or a query out of the statement.

Regular expressions live only here, inside the lexer, where strings and comments are known.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Quoting:
    """How one dialect quotes and comments. Each field is a reason a character is not code."""

    name: str  # the engine (migrate.model.engines)
    top: re.Pattern[str]  # what opens a string/identifier/comment, or a `;`, at top level
    token: re.Pattern[str]  # the statement tokenizer
    nested_comments: bool  # T-SQL and PostgreSQL nest /* /* */ */; Oracle does not


# Q-quote delimiters: q'[...]' closes with ]' (Oracle Database SQL Language Reference, "Text Literals").
Q_CLOSE = {"[": "]", "{": "}", "(": ")", "<": ">"}

_COMMENT_MARK = re.compile(r"/\*|\*/")

_COMMON_TOKENS = r"""
 (?P<ws>\s+)
|(?P<comment>--[^\n]*|/\*.*?(?:\*/|\Z))
"""
_TAIL_TOKENS = r"""
|(?P<number>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)
|(?P<op>::|<=|>=|<>|!=|\|\||=>|:=|.)
"""

ORACLE = Quoting(
    name="oracle",
    top=re.compile(
        r"(?P<q>(?<![\w$#])[nN]?[qQ]'(?P<qd>\S))|(?P<line>--)|(?P<block>/\*)|(?P<str>')|(?P<ident>\")|(?P<semi>;)"
    ),
    token=re.compile(
        _COMMON_TOKENS
        + r"""
|(?P<string>(?<![\w$#])[nN]?[qQ]'(?:\[.*?\]|\{.*?\}|\(.*?\)|<.*?>|(?P<qd>\S).*?(?P=qd))'|[nN]?'[^']*+(?:''[^']*+)*+'?)
|(?P<qident>"[^"]*"?)
|(?P<word>[A-Za-z_][\w$#]*)"""
        + _TAIL_TOKENS,
        re.S | re.X,
    ),
    nested_comments=False,
)

TSQL = Quoting(
    name="sqlserver",
    top=re.compile(r"(?P<line>--)|(?P<block>/\*)|(?P<str>')|(?P<ident>\")|(?P<bracket>\[)|(?P<semi>;)"),
    token=re.compile(
        _COMMON_TOKENS
        + r"""
|(?P<string>[nN]?'[^']*+(?:''[^']*+)*+'?)
|(?P<qident>"[^"]*+(?:""[^"]*+)*+"?|\[[^\]]*+(?:\]\][^\]]*+)*+\]?)
|(?P<word>[A-Za-z_@#][\w$#@]*)"""
        + _TAIL_TOKENS,
        re.S | re.X,
    ),
    nested_comments=True,
)

POSTGRES = Quoting(
    name="postgresql",
    top=re.compile(
        r"(?P<line>--)|(?P<block>/\*)|(?P<str>')|(?P<ident>\")|(?P<dollar>\$(?P<tag>[A-Za-z_]\w*)?\$)|(?P<semi>;)"
    ),
    token=re.compile(
        _COMMON_TOKENS
        + r"""
|(?P<string>\$(?P<tag>(?:[A-Za-z_]\w*)?)\$.*?(?:\$(?P=tag)\$|\Z)|[eEnN]?'[^']*+(?:''[^']*+)*+'?)
|(?P<qident>"[^"]*+(?:""[^"]*+)*+"?)
|(?P<word>[A-Za-z_][\w$]*)"""
        + _TAIL_TOKENS,
        re.S | re.X,
    ),
    nested_comments=True,
)

QUOTING = {"oracle": ORACLE, "sqlserver": TSQL, "postgresql": POSTGRES}

# A lexer state carried from one line to the next: None at top level, else what must close.
State = tuple[str, str] | None


class LineScan(NamedTuple):
    state: State  # the state at the end of the scanned part
    semicolon: int | None  # the first top-level `;` (when asked to stop at one)
    first_code: int | None  # column of the first character that is neither blank nor comment


def scan_line(line: str, pos: int, state: State, quoting: Quoting, stop_at_semicolon: bool = True) -> LineScan:
    """Walk `line` from `pos` in `state`; stop after the first top-level `;` if asked."""
    first: int | None = None
    n = len(line)
    while pos < n:
        if state is not None:
            pos, state = _close(line, pos, state, quoting)
            continue
        match = quoting.top.search(line, pos)
        end = match.start() if match else n
        if first is None:
            segment = line[pos:end]
            stripped = len(segment) - len(segment.lstrip())
            if stripped < len(segment):
                first = pos + stripped
        if match is None:
            break
        kind = match.lastgroup if match.lastgroup not in ("qd", "tag") else _outer_group(match)
        if kind == "line":
            break
        if first is None and kind != "block":
            first = match.start()
        if kind == "semi":
            if stop_at_semicolon:
                return LineScan(None, match.start(), first)
            pos = match.end()
            continue
        state = _open(kind, match)
        pos = match.end()
    return LineScan(state, None, first)


def _outer_group(match: re.Match[str]) -> str:
    return next(name for name in ("q", "dollar") if match.group(name) is not None)


_OPENED: dict[str, State] = {
    "block": ("block", "1"),
    "str": ("str", "'"),
    "ident": ("ident", '"'),
    "bracket": ("bracket", "]"),
}


def _open(kind: str, match: re.Match[str]) -> State:
    if kind == "q":
        delimiter = match.group("qd")
        return ("q", Q_CLOSE.get(delimiter, delimiter) + "'")
    if kind == "dollar":
        return ("dollar", match.group(0))
    return _OPENED[kind]


def _close(line: str, pos: int, state: tuple[str, str], quoting: Quoting) -> tuple[int, State]:
    """Move past the end of the open string/comment, or to the end of the line if it stays open."""
    kind, closer = state
    if kind in ("str", "bracket"):
        end = _doubled_close(line, pos, closer)
        return (end, None) if end >= 0 else (len(line), state)
    if kind == "block":
        return _close_comment(line, pos, int(closer), quoting.nested_comments)
    at = line.find(closer, pos)
    return (at + len(closer), None) if at >= 0 else (len(line), state)


def _doubled_close(line: str, pos: int, quote: str) -> int:
    """Just past the quote that closes a string or [name] whose quote is escaped by doubling ('it''s', [a]]b]),
    or -1. A find loop, not a regex: (?:[^']|'')* keeps a backtrack entry per repetition and slows down far more
    than linearly on lines of megabytes."""
    while True:
        at = line.find(quote, pos)
        if at < 0:
            return -1
        if line.startswith(quote, at + 1):
            pos = at + 2
            continue
        return at + 1


def _close_comment(line: str, pos: int, depth: int, nested: bool) -> tuple[int, State]:
    if not nested:
        at = line.find("*/", pos)
        return (at + 2, None) if at >= 0 else (len(line), ("block", "1"))
    for mark in _COMMENT_MARK.finditer(line, pos):
        depth += 1 if mark.group(0) == "/*" else -1
        if depth == 0:
            return mark.end(), None
    return len(line), ("block", str(depth))


class Token(NamedTuple):
    kind: str  # word | qident | string | number | op
    text: str
    start: int
    end: int
    upper: str  # a word in upper case (keywords compare this way); "" for anything else


def _spans(text: str, quoting: Quoting) -> Iterator[tuple[str, int, int]]:
    """(kind, start, end) of every token, blanks and comments included. A regex cannot nest, so where the dialect
    nests /* /* */ */ the comment's end is found as `scan_line` finds it: both readings of a text agree."""
    pattern, nested, pos, size = quoting.token, quoting.nested_comments, 0, len(text)
    while pos < size:
        match = pattern.match(text, pos)
        if match is None:  # cannot happen: the last alternative takes any one character
            return
        kind, end = match.lastgroup or "op", match.end()
        if kind in ("qd", "tag"):
            kind = "string"
        elif kind == "comment" and nested and text.startswith("/*", pos):
            end = _close_comment(text, pos + 2, 1, nested=True)[0]
        yield kind, pos, end
        pos = end


def tokenize(text: str, quoting: Quoting) -> list[Token]:
    """The code tokens of `text` (blanks and comments dropped), with offsets into `text`."""
    tokens = []
    for kind, start, end in _spans(text, quoting):
        if kind in ("ws", "comment"):
            continue
        piece = text[start:end]
        tokens.append(Token(kind, piece, start, end, piece.upper() if kind == "word" else ""))
    return tokens


def skip_comments(text: str, quoting: Quoting) -> str:
    """`text` from its first code character (leading blanks and comments removed)."""
    for kind, start, _end in _spans(text, quoting):
        if kind not in ("ws", "comment"):
            return text[start:]
    return ""


# Tokens after which a secret follows: IDENTIFIED BY [VALUES] x (Oracle users and DB links),
# PASSWORD [=] 'x' (SQL Server logins, PostgreSQL roles), SECRET = 'x' (SQL Server credentials).
_SECRET_AFTER = (
    ("IDENTIFIED", "BY", "VALUES"),
    ("IDENTIFIED", "BY"),
    ("PASSWORD", "="),
    ("PASSWORD",),
    ("SECRET", "="),
)


def redact(text: str, quoting: Quoting) -> str:
    """`text` with every password-like literal replaced by ***, for anything kept or reported."""
    tokens = tokenize(text, quoting)
    cuts: list[tuple[int, int]] = []
    for at in range(len(tokens)):
        for words in _SECRET_AFTER:
            ahead = tokens[at : at + len(words)]
            if len(ahead) == len(words) and all(t.upper == w or t.text == w for t, w in zip(ahead, words)):
                if at + len(words) < len(tokens):
                    secret = tokens[at + len(words)]
                    cuts.append((secret.start, secret.end))
                break
    pieces, done = [], 0
    for start, end in cuts:  # in order, joined once: a statement with thousands of secrets is not copied each time
        pieces += [text[done:start], "***"]
        done = end
    return "".join([*pieces, text[done:]])


def string_value(token_text: str) -> str | None:
    """The value of an Oracle string literal token ('it''s', q'[...]', N'...'), or None if it is not one."""
    text = token_text
    if text[:1] in "nN" and text[1:2] in "'qQ":
        text = text[1:]
    if text[:1] in "qQ" and len(text) >= 5:
        return text[3:-2]
    if len(text) >= 2 and text[0] == "'" and text[-1] == "'":
        return text[1:-1].replace("''", "'")
    return None
