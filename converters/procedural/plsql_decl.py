"""PL/SQL declarations -> PL/pgSQL DECLARE lines, and exception names -> PL/pgSQL conditions.

Declaring registers the name in the scope first (collections, cursors, local types, user exceptions with their
SQLSTATE), so the statements that follow convert with what the name is.
"""

from __future__ import annotations

from collections.abc import Callable

from converters.names import variable_name
from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_cc import HARMLESS_PRAGMAS
from converters.procedural.plsql_dynamic import dynamic_literal
from converters.procedural.plsql_expr import convert_span
from converters.procedural.plsql_facts import EXCEPTIONS, SQLCODES, exception_sqlstate, user_sqlstate
from converters.procedural.plsql_mapdomain import is_map
from converters.procedural.plsql_parse import Decl, Span, Stmt
from converters.procedural.plsql_recdefaults import finish_record, initial_value
from converters.procedural.plsql_scope import Scope
from converters.procedural.plsql_textvalue import date_value, text_value
from converters.procedural.plsql_typekinds import is_text_type
from converters.procedural.plsql_types import collection_type, pg_type, resolved_anchor
from migrate.sqltext.lexer import string_value

# Oracle error numbers used in EXCEPTION_INIT -> SQLSTATE (beyond the SQLCODE table)
ORA_SQLSTATES: dict[int, str] = {
    **{code: state for state, code in SQLCODES.items()},
    -1: "23505",  # unique constraint violated
    -54: "55P03",  # resource busy (NOWAIT)
    -30006: "55P03",  # resource busy; acquire with WAIT timeout expired (PostgreSQL's lock_timeout)
    -955: "42P07",  # name is already used by an existing object (CREATE TABLE / INDEX / SEQUENCE / VIEW)
    -1430: "42701",  # column being added already exists in table
    -2289: "42P01",  # sequence does not exist
    -4043: "42704",  # object does not exist
    -4080: "42704",  # trigger does not exist
    -1917: "42704",  # user or role does not exist (GRANT / REVOKE)
    -1918: "42704",  # user does not exist
    -1919: "42704",  # role does not exist
    -1031: "42501",  # insufficient privileges
    -8177: "40001",  # can't serialize access for this transaction
    -1013: "57014",  # user requested cancel of current operation
    -60: "40P01",  # deadlock detected
    -1400: "23502",  # cannot insert NULL
    -2291: "23503",  # parent key not found
    -2292: "23503",  # child record found
    -2290: "23514",  # check constraint violated
    -1722: "22P02",  # invalid number
    -1438: "22003",  # value larger than specified precision
    -12899: "22001",  # value too large for column
    -942: "42P01",  # table or view does not exist
}

# EXCEPTION_INIT of a predefined exception's number: the exception is that one (a handler catches what a handler of
# the predefined name catches). Only VALUE_ERROR has more than one PostgreSQL condition.
PREDEFINED_CODES: dict[int, str] = {-6502: "VALUE_ERROR"}


def declare(scope: Scope, decl: Decl, out: Lines) -> None:
    DECLARATIONS[decl.kind](scope, decl, out)


def _variable(scope: Scope, decl: Decl, out: Lines) -> None:
    scope.locals.add(decl.name.upper())
    scope.note_object(decl.name, decl.spans["type"])
    type_ = pg_type(scope, decl.spans["type"])
    if not type_:
        out.action("AM-PLSQL-020", f"{decl.name}: {scope.src.slice(decl.spans['type'])} has no PostgreSQL type")
        return
    if type_.endswith("[]") or is_map(scope, type_):
        scope.collections[decl.name.upper()] = type_
    kind = resolved_anchor(scope, type_)  # v tab.col%TYPE: a DATE column's anchor is a DATE variable
    scope.declared(decl.name, kind, scope.src.tokens[decl.spans["type"][0]].upper == "TIMESTAMP")
    span = decl.spans.get("default")
    if span is None:
        default = ""
    elif is_text_type(type_):
        default = text_value(scope, *span)
    else:  # a TIMESTAMP default of a DATE drops its fractional seconds
        default = date_value(scope, *span) if decl.name.lower() in scope.dates else convert_span(scope, span)
    if decl.name.upper() in scope.dynamic and "default" in decl.spans:  # SQL text run by EXECUTE IMMEDIATE
        first = decl.spans["default"][0]
        default = dynamic_literal(scope, first)
    default = default or initial_value(scope, type_)  # a record type with field defaults (plsql_recdefaults)
    if not default and (type_.endswith("[]") or is_map(scope, type_)):
        default = "'{}'" if "%" in type_ else f"'{{}}'::{type_}"  # empty: COUNT is 0, elements can be assigned
    constant = " CONSTANT" if decl.kind == "const" else ""
    value = _constant_text(scope, span) if constant and span is not None else None
    if value is not None:
        scope.constants[decl.name.lower()] = value
    not_null = " NOT NULL" if decl.not_null else ""
    (scope.not_null.add if decl.not_null or constant else scope.not_null.discard)(decl.name.upper())
    out.line(f"{variable_name(decl.name)}{constant} {type_}{not_null}{' := ' + default if default else ''};")


def _constant_text(scope: Scope, span: tuple[int, int]) -> str | None:
    """The value of a constant's default made of string literals and CHR(n) of ASCII codes joined by ||
    (`CHR(10)`, `CHR(32) || CHR(32)`, `'a' || CHR(9)`), else None. CHR(n) below 128 is that ASCII character in
    every database character set Oracle and PostgreSQL share; CHR(0) is left out (PostgreSQL has no NUL in text)."""
    tokens, pieces, i = scope.src.tokens, [], span[0]
    while i < span[1]:
        literal = string_value(tokens[i].text)
        if literal is not None:
            pieces.append(literal)
            i += 1
        elif tokens[i].upper == "CHR" and i + 3 < span[1] and [t.text for t in tokens[i + 1 : i + 4 : 2]] == ["(", ")"]:
            code = tokens[i + 2].text
            if not code.isdigit() or not 0 < int(code) < 128:
                return None
            pieces.append(chr(int(code)))
            i += 4
        else:
            return None
        if i < span[1] and tokens[i].text != "||":
            return None
        i += 1 if i < span[1] else 0
    return "".join(pieces) if pieces and tokens[span[1] - 1].text != "||" else None


def _cursor(scope: Scope, decl: Decl, out: Lines) -> None:
    scope.cursors.add(decl.name.upper())
    params = []
    defaults = [convert_span(scope, p.default) if p.default is not None else None for p in decl.params]
    if any(d is not None for d in defaults):  # filled in where it is opened (PL/pgSQL cursors have no defaults)
        scope.cursor_defaults[decl.name.upper()] = defaults
    for param in decl.params:
        params.append(f"{param.name} {pg_type(scope, param.type)}")
    query = convert_span(scope, decl.spans["query"], statement=True) if "query" in decl.spans else ""
    if not query:
        found = scope.flag("AM-PLSQL-019", decl.first, f"cursor {decl.name} declared without its query")
        out.action(found.rule_id, found.message)
        return
    args = f" ({', '.join(params)})" if params else ""
    out.line(f"{decl.name} CURSOR{args} FOR\n{query};")


def _type(scope: Scope, decl: Decl, out: Lines) -> None:
    type_, rule = collection_type(scope, decl.spans["type"], decl.name)
    finish_record(scope, type_)
    if rule:
        found = scope.flag(rule, decl.first, f"TYPE {decl.name} IS {scope.src.slice(decl.spans['type'])}")
        out.action(rule, found.message)
        return
    scope.types[decl.name.upper()] = type_
    out.line(f"-- TYPE {decl.name} is {type_}")


def _subtype(scope: Scope, decl: Decl, out: Lines) -> None:
    first, end = decl.spans["type"]
    words = [t.upper for t in scope.src.tokens[first:end]]
    if "RANGE" in words:  # the range is enforced as Oracle enforces it (plsql_types.range_subtype)
        _type(scope, decl, out)
        return
    for stop in ("NOT",):
        if stop in words:
            end = min(end, first + words.index(stop))
    type_ = pg_type(scope, (first, end))
    scope.types[decl.name.upper()] = type_
    out.line(f"-- SUBTYPE {decl.name} is {type_}")


def _exception(scope: Scope, decl: Decl, out: Lines) -> None:
    owner = scope.package.name if scope.package is not None else scope.schema
    scope.exceptions[decl.name.upper()] = exception_sqlstate(f"{owner}.{decl.name}")
    scope.locals.add(decl.name.upper())


def _pragma(scope: Scope, decl: Decl, out: Lines) -> None:
    if decl.name == "EXCEPTION_INIT" and "args" in decl.spans:
        first, end = decl.spans["args"]
        tokens = scope.src.tokens[first:end]
        name = tokens[0].upper
        digits = "".join(t.text for t in tokens[2:])
        code = int(digits) if digits.lstrip("-").isdigit() else 0
        state = user_sqlstate(code) or PREDEFINED_CODES.get(code) or ORA_SQLSTATES.get(code)
        if state is None:  # an Oracle error with no PostgreSQL condition: each handler or RAISE naming it is flagged
            scope.exceptions[name] = ""
            return
        scope.exceptions[name] = state
        return
    if decl.name == "AUTONOMOUS_TRANSACTION" and scope.autonomous:
        out.line("-- PRAGMA AUTONOMOUS_TRANSACTION: called through dblink, in a transaction of its own")
        return
    if decl.name == "AUTONOMOUS_TRANSACTION":  # flagged once: the dblink conversion may have said why already
        said = [f for f in scope.findings if f.rule_id == "AM-PLSQL-007"]
        found = said[0] if said else scope.flag("AM-PLSQL-007", decl.first)
        out.action(found.rule_id, found.message)
        return
    if decl.name not in HARMLESS_PRAGMAS:
        found = scope.flag("AM-PLSQL-019", decl.first, f"PRAGMA {decl.name}")
        out.action(found.rule_id, found.message)


def pragma_statement(scope: Scope, stmt: Stmt, out: Lines) -> None:
    """PRAGMA INLINE (f, 'YES') among the statements: a compiler hint (PostgreSQL plans its calls itself), kept as
    a comment; any other PRAGMA there is not PL/SQL Oracle compiles."""
    first, end = stmt.spans["all"]
    text = " ".join(scope.src.slice((first, end)).split())
    if first + 1 < end and scope.src.tokens[first + 1].upper in HARMLESS_PRAGMAS:
        out.line(f"-- {text};  (a compiler hint: nothing to do in PostgreSQL)")
        return
    found = scope.flag("AM-PLSQL-019", first, text)
    out.action(found.rule_id, found.message)
    out.line(f"-- {text};")


def _routine(scope: Scope, decl: Decl, out: Lines) -> None:
    if decl.name.upper() in scope.nested:
        out.line(f"-- {decl.name}: a routine of its own, {scope.nested[decl.name.upper()]} (created before this one)")
        return
    found = scope.flag("AM-PLSQL-016", decl.first, decl.name)
    out.action(found.rule_id, found.message)
    for line in scope.src.slice((decl.first, decl.end)).splitlines():
        out.line(f"-- {line}")


DECLARATIONS = {
    "var": _variable,
    "const": _variable,
    "cursor": _cursor,
    "type": _type,
    "subtype": _subtype,
    "exception": _exception,
    "pragma": _pragma,
    "routine": _routine,
}


def handler_condition(scope: Scope, span: Span) -> str:
    """WHEN a OR b -> PostgreSQL condition names / SQLSTATEs (user exceptions carry their own SQLSTATE)."""
    conditions: list[str] = []
    names: list[list[str]] = [[]]
    for token in scope.src.tokens[span[0] : span[1]]:
        if token.upper == "OR":
            names.append([])
        elif token.text != ".":
            names[-1].append(token.upper)
    for name in names:
        conditions.extend(_condition(scope, name, span[0]))
    return " OR ".join(dict.fromkeys(conditions))


def _condition(scope: Scope, name: list[str], token: int) -> list[str]:
    last = name[-1] if name else ""
    if len(name) == 1 and last in EXCEPTIONS:
        return list(EXCEPTIONS[last])
    if len(name) == 1 and scope.exceptions.get(last):  # "": EXCEPTION_INIT of an error PostgreSQL never raises
        return _state_conditions(scope.exceptions[last])
    package = scope.package if len(name) == 1 else scope.package_of(name[-2]) if len(name) >= 2 else None
    if package is not None and package.exceptions.get(last):
        return _state_conditions(package.exceptions[last])
    if len(name) >= 2 and name[-2] == "STANDARD" and last in EXCEPTIONS:
        return list(EXCEPTIONS[last])
    scope.flag("AM-PLSQL-022", token, ".".join(name))
    return [".".join(name).lower() or "OTHERS"]


def _state_conditions(state: str) -> list[str]:
    """A user exception's conditions: its SQLSTATE, or a predefined exception's conditions (PREDEFINED_CODES)."""
    return list(EXCEPTIONS[state]) if state in EXCEPTIONS else [f"SQLSTATE '{state}'"]


def with_cursor_defaults(scope: Scope, span: tuple[int, int], text: str) -> str:
    """`c` or `c(a)` as opened (OPEN, a cursor FOR loop), the defaults of the parameters it leaves out written in:
    Oracle evaluates a cursor parameter's default when the cursor is opened, as the text written there is."""
    tokens = scope.src.tokens
    defaults = scope.cursor_defaults.get(tokens[span[0]].upper)
    if defaults is None:
        return text
    given, depth, named = 0, 0, False
    if span[0] + 1 < span[1] and tokens[span[0] + 1].text == "(":
        given = 1
        for token in tokens[span[0] + 2 : span[1]]:
            depth += {"(": 1, ")": -1}.get(token.text, 0)
            given += token.text == "," and depth == 0
            named |= token.text == "=>"
    missing = defaults[given:]
    if named or not missing or any(d is None for d in missing):
        return text  # named notation or a missing argument with no default: PostgreSQL says which at deploy
    if given:
        return text.rstrip()[:-1] + ", " + ", ".join(d for d in missing if d is not None) + ")"
    return f"{text}({', '.join(d for d in missing if d is not None)})"


def block_head(scope: Scope, stmt: Stmt, out: Lines, comments: Callable[[Scope, int, Lines], None]) -> None:
    """A block's label and DECLARE section (its statements are the caller's: plsql_stmt, plsql_atomic)."""
    if stmt.label:
        out.line(f"<<{stmt.label}>>")
    if stmt.decls:
        out.line("DECLARE")
        out.indent()
        for decl in stmt.decls:
            comments(scope, decl.first, out)
            declare(scope, decl, out)
        out.dedent()
