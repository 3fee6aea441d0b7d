"""Where parsing a PL/SQL unit starts: a CREATE PROCEDURE / FUNCTION / PACKAGE [BODY] statement or an anonymous
block, and a trigger's body. The statement grammar is the Parser's (plsql_parse.py)."""

from __future__ import annotations

from converters.procedural.plsql_parse import ROUTINE_ATTRIBUTES, Parser
from converters.procedural.plsql_tree import Source, Stmt, Unit, lex


def parse_unit(text: str) -> Unit:
    """A CREATE PROCEDURE / FUNCTION / PACKAGE [BODY] statement, or an anonymous block."""
    source = lex(text)
    p = Parser(source)
    if p.at("DECLARE") or p.at("BEGIN"):
        return Unit("BLOCK", (), source, init=p.block())
    p.accept("CREATE")  # the catalog (ALL_SOURCE) gives the text from PROCEDURE / PACKAGE on
    p.accept("OR", "REPLACE")
    p.accept("EDITIONABLE") or p.accept("NONEDITIONABLE")
    if p.at("PROCEDURE") or p.at("FUNCTION"):
        routine = p.routine()
        unit = Unit(routine.kind, (), source, routine=routine)
    elif p.accept("PACKAGE"):
        body = p.accept("BODY")
        name = p.dotted()
        if p.at("WRAPPED"):
            p.fail("wrapped (obfuscated) PL/SQL")
        while p.word() in ROUTINE_ATTRIBUTES:
            p.span_until("IS", "AS")
        if not (p.accept("IS") or p.accept("AS")):
            p.fail("expected IS or AS")
        decls = p.declarations(("BEGIN", "END"))
        init = None
        if p.at("BEGIN"):
            first = p.pos
            p.pos += 1
            statements = p.statements()
            init = Stmt("block", first, first, arms=[(None, statements)], handlers=p.handlers())
            init.end = p.pos
        p.expect("END")
        if not p.at(";") and not p.done:
            p.name()
        p.accept(";")
        unit = Unit("PACKAGE BODY" if body else "PACKAGE", name, source, decls=decls, init=init)
    else:
        p.fail("expected PROCEDURE, FUNCTION or PACKAGE")
        raise AssertionError  # unreachable
    if not p.done and not p.at("/"):
        p.fail("text after the end of the unit")
    return unit


def parse_trigger_body(text: str) -> tuple[Source, Stmt, bool]:
    """A trigger's body block (from its DECLARE/BEGIN); the flag says it is a compound trigger."""
    source = lex(text)
    p = Parser(source)
    while not p.done and p.word() not in ("DECLARE", "BEGIN", "COMPOUND", "CALL"):
        p.pos += 1
    if p.done:
        p.fail("no trigger body")
    if p.at("COMPOUND") or p.at("CALL"):
        return source, Stmt(p.word().lower(), p.pos, len(source.tokens)), True
    return source, p.block(), False
