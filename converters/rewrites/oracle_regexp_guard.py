"""Oracle's regular-expression modes written into a literal PostgreSQL pattern: Oracle's '.' does not match a
newline without the 'n' match parameter (PostgreSQL's does), ^ and $ match at lines only with 'm'; the text decides
(literal_form). A pattern or match parameter known only at run time gets the same reading from a helper inside
routines (converters/procedural/plsql_regex.py) and is a finding elsewhere."""

from __future__ import annotations


def literal_form(text: str, dotall: bool, multiline: bool) -> str:
    """The PostgreSQL pattern for Oracle's `text` in the given modes."""
    dot = "." in text
    if dot and not dotall and "[^" in text:
        # the newline-sensitive modes would also keep '[^...]' off newlines: spell Oracle's '.' out instead
        text, dot = _dot_without_newline(text), False
    mode = ("n" if multiline else "p") if dot and not dotall else ("w" if multiline else "")
    return f"(?{mode}){text}" if mode else text


def _dot_without_newline(pattern: str) -> str:
    """Each '.' that means any character (not escaped, not inside a bracket expression) as '[^\\n]': Oracle's '.'
    without the 'n' match parameter, in PostgreSQL's default mode where '[^...]' matches a newline as in Oracle."""
    out, i, bracket = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if bracket:
            if c == "]" and not _opens_bracket(pattern, i):
                bracket = False
            out.append(c)
        elif c == "[":
            bracket = True
            out.append(c)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":  # a ']' first in the list is a member
                out.append("]")
                i += 1
        else:
            out.append("[^\\n]" if c == "." else c)
        i += 1
    return "".join(out)


def _opens_bracket(pattern: str, at: int) -> bool:
    """A ']' that closes a [:class:], [=x=] or [.x.] element inside a bracket expression, not the expression."""
    return at >= 1 and pattern[at - 1] in ":=." and "[" + pattern[at - 1] in pattern[:at]
