"""Making text safe to write inside a generated SQL comment.

Names, file paths, messages and source text come from the user's database or files and may hold anything. Written
into a comment of a file someone runs with psql, a line break would end a `--` comment and run the rest of the name
as SQL; a `*/` would close a block comment early, and a `/*` would open a nested one (PostgreSQL nests them), which
swallows the statements after it. Every generator writes such text through one of these two functions.
"""

from __future__ import annotations

import re

# What ends a `--` comment: PostgreSQL's and psql's lexers stop at \n and \r only (scan.l: non_newline [^\n\r]),
# but editors, diff tools and other clients also break lines at \v \f \x1c-\x1e \x85 U+2028 U+2029 (Python's
# str.splitlines); any of them would show the rest of the name as a line of code. Every other control character
# (C0, DEL, C1) is made visible too: none belongs in a comment and a NUL is refused by the server.
_NOT_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# In a block comment line breaks and tabs are fine (the source text of a manual object keeps its lines); the other
# control characters are made visible as above.
_NOT_IN_BLOCK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    return {"\n": "\\n", "\r": "\\r", "\t": " "}.get(char) or f"\\u{ord(char):04x}"


def line_comment(text: str) -> str:
    """`text` as it can follow `--` on one line: no character that ends or breaks the line survives."""
    return _NOT_IN_LINE.sub(_visible, text)


def block_comment(text: str) -> str:
    """`text` as it can stand inside `/* ... */`: it neither closes the comment nor opens a nested one."""
    return _NOT_IN_BLOCK.sub(_visible, text).replace("*/", "* /").replace("/*", "/ *")


__all__ = ["block_comment", "line_comment"]
