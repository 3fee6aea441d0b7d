"""A cursor over one statement's tokens: the DDL readers walk statements with it.

It slices the statement's own text for anything kept as source (types, defaults, expressions,
queries), so what the inventory holds is exactly what the export file said.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from functools import cache

from migrate.model.engines import engine
from migrate.sqltext.lexer import Quoting, Token, tokenize

OPENERS = {"(": ")"}


def unquote(token: Token) -> str:
    """A quoted identifier's name: [x]]y] is x]y and "a""b" is a"b (Oracle's quoted names cannot hold a quote)."""
    text = token.text
    return text[1:-1].replace("]]", "]") if text.startswith("[") else text[1:-1].replace('""', '"')


@cache
def folder(quoting: Quoting) -> Callable[[Token], str]:
    """How the dialect stores a name token: a quoted one as written, an unquoted one by its engine's folding."""
    stored_name = engine(quoting.name).stored_name

    def fold(token: Token) -> str:
        return unquote(token) if token.kind == "qident" else stored_name(token.text)

    return fold


class _Tokens:
    """The tokens of the statement read last: the readers cut many sub-cursors out of one
    statement, and tokenizing it once (then slicing by offset) keeps the scan fast."""

    text: str | None = None
    tokens: list[Token] = []  # noqa: RUF012 - one shared cache entry, replaced whole
    starts: list[int] = []  # noqa: RUF012

    @classmethod
    def between(cls, text: str, quoting: Quoting, start: int, end: int | None) -> list[Token]:
        if cls.text is not text:
            cls.text, cls.tokens = text, tokenize(text, quoting)
            cls.starts = [t.start for t in cls.tokens]
        low = bisect_left(cls.starts, start)
        high = len(cls.tokens) if end is None else bisect_left(cls.starts, end)
        return cls.tokens[low:high]


class Cursor:
    def __init__(self, text: str, quoting: Quoting, start: int = 0, end: int | None = None) -> None:
        self.text = text
        self.quoting = quoting
        self.tokens = _Tokens.between(text, quoting, start, end)
        self.pos = 0
        self.fold = folder(quoting)

    # -- looking --------------------------------------------------------------------------------
    def peek(self, ahead: int = 0) -> Token | None:
        at = self.pos + ahead
        return self.tokens[at] if at < len(self.tokens) else None

    def word(self, ahead: int = 0) -> str:
        token = self.peek(ahead)
        return token.upper if token else ""

    def at(self, *words: str) -> bool:
        """The next tokens are `words` (keywords compared in upper case, punctuation as is)."""
        tokens, pos = self.tokens, self.pos
        if pos + len(words) > len(tokens):
            return False
        for offset, word in enumerate(words):
            token = tokens[pos + offset]
            if token.upper != word and token.text != word:
                return False
        return True

    @property
    def done(self) -> bool:
        return self.pos >= len(self.tokens)

    # -- moving ---------------------------------------------------------------------------------
    def next(self) -> Token | None:
        token = self.peek()
        self.pos += 1
        return token

    def accept(self, *words: str) -> bool:
        if self.at(*words):
            self.pos += len(words)
            return True
        return False

    def accept_any(self, *words: str) -> str:
        """The first of `words` found here (consumed), or ''."""
        for word in words:
            if self.accept(*word.split()):
                return word
        return ""

    def name(self) -> tuple[str, ...]:
        """A dotted name: ``a``, ``a.b``, ``a.b.c`` (folded per dialect); () if there is none."""
        parts: list[str] = []
        while self.peek() is not None and self.peek().kind in ("word", "qident"):  # type: ignore[union-attr]
            parts.append(self.fold(self.next()))  # type: ignore[arg-type]
            if not self.accept("."):
                break
        return tuple(parts)

    def group(self) -> tuple[int, int] | None:
        """Consume a parenthesised group; return the offsets of its inside."""
        if not self.at("("):
            return None
        open_token = self.next()
        depth = 1
        while not self.done:
            token = self.next()
            depth += {"(": 1, ")": -1}.get(token.text, 0) if token.kind == "op" else 0  # type: ignore[union-attr]
            if depth == 0:
                return open_token.end, token.start  # type: ignore[union-attr]
        return open_token.end, len(self.text)  # type: ignore[union-attr]

    def skip_to(self, stop: Callable[[Cursor], bool]) -> tuple[int, int]:
        """Consume tokens (whole groups at a time) until `stop` holds at depth 0; return their span."""
        first = self.peek()
        begin = first.start if first else len(self.text)
        end = begin
        while not self.done and not stop(self):
            if self.at("("):
                self.group()
                end = self.tokens[self.pos - 1].end
            else:
                end = self.next().end  # type: ignore[union-attr]
        return begin, end

    def rest(self) -> str:
        token = self.peek()
        return self.text[token.start : self.tokens[-1].end].strip() if token else ""

    def slice(self, begin: int, end: int) -> str:
        return self.text[begin:end].strip()


def split_top_level(text: str, quoting: Quoting, begin: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the comma-separated items between `begin` and `end`, commas inside groups kept."""
    items: list[tuple[int, int]] = []
    depth = 0
    item_start = begin
    for token in _Tokens.between(text, quoting, begin, end):
        if token.kind != "op":
            continue
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif token.text == "," and depth == 0:
            items.append((item_start, token.start))
            item_start = token.end
    if text[item_start:end].strip():
        items.append((item_start, end))
    return items
