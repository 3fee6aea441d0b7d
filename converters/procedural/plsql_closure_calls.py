"""Where a nested procedure that writes outer variables may be called, for its INOUT form to be exact
(plsql_closures): an error it raises after a write must not be caught where the variables are read again."""

from __future__ import annotations

from converters.procedural.plsql_parse import Decl, Routine, Stmt
from converters.procedural.plsql_scope import Scope
from converters.procedural.plsql_tree import always_raises, every_statement
from migrate.sqltext.lexer import Token

_DECLARING = frozenset({"PROCEDURE", "FUNCTION"})


def safe_calls(scope: Scope, outer: Routine, nested: list[Decl], name: str, written: set[str]) -> bool:
    """Every call of the nested procedure `name` (in the outer routine's body or in a nested routine) is outside
    any block with handlers, or inside blocks whose handlers all end by raising and name none of the `written`
    variables nor a nested routine; and no call passes a written variable as an argument."""
    tokens = scope.src.tokens
    routines = {d.name.upper() for d in nested}
    guarded = _guarded_blocks([outer, *(d.routine for d in nested if d.routine is not None)])
    for at in range(outer.first, outer.end):
        if tokens[at].upper != name or tokens[at - 1].text == "." or tokens[at - 1].upper in _DECLARING:
            continue
        if _passes(tokens, at, written):
            return False
        for block in guarded:
            if _inside(block, at) and not _harmless(tokens, block, written | routines):
                return False
    return True


def _guarded_blocks(routines: list[Routine]) -> list[Stmt]:
    """The blocks with handlers of these routines' bodies (the body itself when it has an EXCEPTION section)."""
    blocks = []
    for routine in routines:
        if routine.body is not None:
            blocks += [s for s in every_statement([routine.body]) if s.handlers and s.body]
    return blocks


def _inside(block: Stmt, at: int) -> bool:
    """Token `at` is among the statements the block's handlers guard (not in the handlers themselves)."""
    return block.body[0].first <= at < block.body[-1].end


def _harmless(tokens: list[Token], block: Stmt, names: set[str]) -> bool:
    """Every handler of the block ends by raising and names none of `names`: after it, nothing reads them."""
    for _names, handler in block.handlers:
        if not always_raises(tokens, handler):
            return False
        words = {t.upper for h in handler for t in tokens[h.first : h.end] if t.kind == "word"}
        if words & names:
            return False
    return True


def _passes(tokens: list[Token], at: int, written: set[str]) -> bool:
    """The call at `at` passes a written variable as an argument: `p(v)`, `p(x => v || 'a')`."""
    if tokens[at + 1].text != "(":
        return False
    depth = 0
    for j in range(at + 1, len(tokens)):
        depth += {"(": 1, ")": -1}.get(tokens[j].text, 0)
        if depth == 0:
            return False
        if tokens[j].upper in written and tokens[j - 1].text != ".":
            return True
    return False
