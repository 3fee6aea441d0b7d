"""Which nested blocks and dynamic statements have Oracle's statement-level form inside a protected part (plsql_atomic).

A nested block without handlers is its statements (Oracle keeps what they changed when a later one fails): they are
protected one by one, in a block of their own that keeps the declarations, when evaluating those declarations
cannot fail (an error there would leave before any sub-block could keep it for the outer handlers). A nested block
with handlers runs whole in one sub-block when every error that can leave it leaves with nothing changed: its body's
only change is its last statement and so is each handler's (plsql_handlers.keeps); what a handler changes and
completes stays with the sub-block, as in Oracle. Otherwise it gets the statement-level form itself inside the
outer one (inner_block) when its declarations cannot fail and each handler changes nothing before its last
statement (its handlers run in an outer sub-block). EXECUTE IMMEDIATE of a DML text written in the code is one
statement, undone alone like the DML itself.
"""

from __future__ import annotations

from converters.procedural.plsql_handlers import calls_routine, changes, keeps
from converters.procedural.plsql_parse import Decl, Stmt, lex
from converters.procedural.plsql_quiet import quiet_routines, run_routines
from converters.procedural.plsql_scope import Scope
from migrate.sqltext.lexer import string_value

# declarations that evaluate nothing when the block starts
QUIET_DECLS = frozenset({"cursor", "type", "subtype", "exception", "pragma"})
# a literal default these unconstrained types take as it is
WHOLE_NUMBERS = frozenset({"NUMBER", "INTEGER", "INT", "PLS_INTEGER", "BINARY_INTEGER", "SIMPLE_INTEGER"})
DML = frozenset({"INSERT", "UPDATE", "DELETE", "MERGE"})


def open_block(scope: Scope, stmt: Stmt) -> bool:
    """A nested block with no handlers whose declarations cannot fail: its statements protect like the outer's."""
    return stmt.kind == "block" and not stmt.handlers and all(_quiet_decl(scope, d) for d in stmt.decls)


def closed_block(scope: Scope, stmt: Stmt) -> bool:
    """A nested block with handlers that changes nothing before an error can leave it."""
    if stmt.kind != "block" or not stmt.handlers or not _simple(scope, stmt):
        return False
    return keeps(scope, stmt.body) and all(keeps(scope, handler) for _names, handler in stmt.handlers)


def _simple(scope: Scope, block: Stmt) -> bool:
    """No change of the block is FORALL (SAVE EXCEPTIONS keeps the good rows when it raises), transaction control
    (refused in a subtransaction) or dynamic SQL but for a DML text (a PL/SQL block keeps what it did)."""
    for stmt in changes(scope, [block]):
        if stmt.kind in ("forall", "commit", "rollback") or (stmt.kind == "execute" and not dynamic_dml(scope, stmt)):
            return False
    return True


def inner_block(scope: Scope, stmt: Stmt) -> bool:
    """A nested block with handlers that can be put in the statement-level form inside the outer one: its
    declarations cannot fail (their errors are the outer handlers') and each handler changes nothing before its
    last statement (a handler runs in one outer sub-block: what it changed before raising would be undone)."""
    if stmt.kind != "block" or not stmt.handlers or not all(_quiet_decl(scope, d) for d in stmt.decls):
        return False
    if not _simple(scope, Stmt("block", stmt.first, stmt.end, handlers=stmt.handlers)):  # its body: _supported
        return False
    return all(keeps(scope, handler) for _names, handler in stmt.handlers)


def _quiet_decl(scope: Scope, decl: Decl) -> bool:
    """No default (and no NOT NULL), NULL / TRUE / FALSE, or a whole number below 2^31 for an unconstrained
    numeric type: nothing that can raise at the block's start."""
    tokens = scope.src.tokens
    if decl.kind in QUIET_DECLS:  # a record type's field defaults are evaluated with each variable of it
        return not any(t.text == ":=" or t.upper == "DEFAULT" for t in tokens[decl.first : decl.end])
    if decl.kind not in ("var", "const") or "type" not in decl.spans:
        return False
    span = decl.spans.get("default")
    if span is None:
        return not decl.not_null and decl.kind == "var"
    value = [t for t in tokens[span[0] : span[1]] if t.text != ";"]
    if len(value) != 1:
        return False
    if value[0].upper in ("NULL", "TRUE", "FALSE"):
        return value[0].upper != "NULL" or not decl.not_null
    type_words = [t.upper for t in tokens[decl.spans["type"][0] : decl.spans["type"][1]]]
    text = value[0].text
    return type_words[:1] == type_words[-1:] and type_words[0] in WHOLE_NUMBERS and text.isdigit() and int(text) < 2**31


def dynamic_dml(scope: Scope, stmt: Stmt) -> bool:
    """EXECUTE IMMEDIATE 'INSERT | UPDATE | DELETE | MERGE ...' [INTO ...] [USING ...]: one DML statement whose text
    and arguments call no routine of the run that changes rows (what it did would stay in Oracle)."""
    if stmt.kind != "execute":
        return False
    first, end = stmt.spans["all"]
    tokens = scope.src.tokens
    text = string_value(tokens[first + 2].text) if first + 2 < end and tokens[first + 2].kind == "string" else None
    if text is None or (first + 3 < end and tokens[first + 3].upper not in ("INTO", "USING", "RETURNING", "RETURN")):
        return False
    words = [t.upper for t in lex(text).tokens if t.kind == "word"]
    if not words or words[0] not in DML:
        return False
    writing = run_routines(scope.ctx) - quiet_routines(scope.ctx)
    if {name.rsplit(".", 1)[-1] for name in writing} & set(words):  # named in the text: it may call it
        return False
    return not calls_routine(scope, [(first + 3, end)], writing)
