"""Names of called routines that the query rewrites must not read as Oracle built-ins.

A package may define a routine named like a built-in (`bitand`, `to_char`, `replace` ...): inside the package, and
called as `pkg.bitand(...)` from elsewhere, PL/SQL calls the package's routine. The query rewrites parse
`pkg.bitand(x, y)` as the built-in (`pkg.x & y`), so such a name goes to them as a placeholder and is put back
after. `SYS.STANDARD.f` / `STANDARD.f` is the built-in itself (PL/SQL's STANDARD package holds them): the
qualifier is dropped, so the rewrites convert the call as the built-in it is."""

from __future__ import annotations

import functools
from collections.abc import Callable

from converters.rewrite import RewriteOptions, convert_expression


@functools.lru_cache(maxsize=4096)
def is_builtin_name(name: str) -> bool:
    """Do the query rewrites read `name(...)` as something else than a call of a routine named so (an Oracle
    built-in they convert)?"""
    for args in ("aurora_a", "aurora_a, aurora_b"):
        call = f"{name}({args})"
        try:
            done = convert_expression(call, "oracle", RewriteOptions(procedural=True)).sql
        except Exception:  # anything the rewrites cannot take is not a plain call
            return True
        if done.replace('"', "").lower() != call.lower():
            return True
    return False


def call_name(text: str, placeholder: Callable[[str], str]) -> str:
    """The routine name `text` as written into the text the rewrites read."""
    bare = text.strip('"')
    if not bare.replace("_", "").replace("$", "").replace("#", "").isalnum() or not is_builtin_name(bare):
        return text
    return placeholder(text)


def standard_qualifier(words: list[str], own_standard: bool) -> int:
    """How many tokens of `SYS . STANDARD .` or `STANDARD .` start `words` (0 when none): the built-in follows.
    `own_standard`: the run has a package named STANDARD of its own (then `STANDARD.f` is that package's)."""
    if words[:4] == ["SYS", ".", "STANDARD", "."] and len(words) > 4:
        return 4
    if words[:2] == ["STANDARD", "."] and len(words) > 2 and not own_standard:
        return 2
    return 0
