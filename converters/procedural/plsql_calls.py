"""PL/SQL calls and cursor statements -> PL/pgSQL: procedure calls (CALL, built-in packages by table,
RAISE_APPLICATION_ERROR), RAISE, transaction control, OPEN / FETCH / CLOSE with their cursor attributes,
PIPE ROW and EXECUTE IMMEDIATE."""

from __future__ import annotations

import re
from dataclasses import replace

from converters.names import quote
from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_appcontext import CONTEXT_MEMBERS, context_call
from converters.procedural.plsql_attributes import attribute_variable
from converters.procedural.plsql_bulk import (
    bulk_fetch,
    collection_method,
    collection_target,
    into_split,
    into_targets,
    targets_text,
    track_fetch,
)
from converters.procedural.plsql_closures import bare_call
from converters.procedural.plsql_collection_methods import attribute_collection
from converters.procedural.plsql_decl import handler_condition, with_cursor_defaults
from converters.procedural.plsql_dynamic import execute_immediate, open_for
from converters.procedural.plsql_expr import Walk, convert_span, convert_text, put_back, split_args
from converters.procedural.plsql_facts import BUILTIN_PACKAGES, BUILTIN_STATEMENTS
from converters.procedural.plsql_lob_convert import LOB_WRITERS, convert_to_blob, copy, free_temporary, table_locator
from converters.procedural.plsql_objrefs import package_object
from converters.procedural.plsql_output import line_end, put
from converters.procedural.plsql_parse import Span, Stmt
from converters.procedural.plsql_scope import Scope, packages
from converters.procedural.plsql_supplied_args import ordered_args
from migrate.sqltext.lexer import string_value


def span_of(stmt: Stmt, skip: int = 0) -> Span:
    first, end = stmt.spans["all"]
    return first + skip, end


def after_sql(scope: Scope, out: Lines, rows: str = "") -> None:
    """SQL%ROWCOUNT / SQL%FOUND read after a statement: kept in helper variables (GET DIAGNOSTICS, or `rows`
    when the statement PL/pgSQL runs is not the one Oracle counts: a BULK COLLECT's aggregate)."""
    used = {a for c, a in scope.attributes if c == "SQL"}
    if not used:
        return
    count = attribute_variable("SQL", "ROWCOUNT")
    scope.extra[count] = "bigint"
    out.line(f"{count} := {rows};" if rows else f"GET DIAGNOSTICS {count} = ROW_COUNT;")
    if used & {"FOUND", "NOTFOUND"}:
        scope.extra[attribute_variable("SQL", "FOUND")] = "boolean"
        out.line(f"{attribute_variable('SQL', 'FOUND')} := {count} > 0;")


def counted_multitable_insert(scope: Scope, stmt: Stmt) -> None:
    """INSERT ALL / FIRST in a unit that reads SQL%ROWCOUNT / %FOUND: Oracle counts the rows of every INTO, while
    its PostgreSQL form (data-modifying CTEs, converters/rewrites/oracle_insert_all.py) reports only the last
    INTO's rows to GET DIAGNOSTICS."""
    first = stmt.spans["all"][0]
    words = [t.upper for t in scope.src.tokens[first : first + 2]]
    counts = {("SQL", "ROWCOUNT"), ("SQL", "FOUND"), ("SQL", "NOTFOUND")} & scope.attributes
    if words in (["INSERT", "ALL"], ["INSERT", "FIRST"]) and counts:
        scope.flag("AM-PLSQL-161", first, f"INSERT {words[1]}")


def call(scope: Scope, stmt: Stmt, out: Lines) -> None:
    """A procedure call: built-ins by table, RAISE_APPLICATION_ERROR, collection methods, else CALL."""
    first, end = stmt.spans["all"]
    tokens = scope.src.tokens
    if _sys_qualified(scope, first, end):  # SYS.DBMS_OUTPUT.PUT_LINE: the supplied package itself
        stmt = replace(stmt, spans={**stmt.spans, "all": (first + 2, end)})
        first += 2
    words = [t.upper for t in tokens[first : min(end, first + 4)]]
    if words[:1] == ["RAISE_APPLICATION_ERROR"]:
        return raise_application_error(scope, stmt, out)
    builtin = (words[0], words[2]) in BUILTIN_STATEMENTS or words[0] in BUILTIN_PACKAGES if len(words) >= 3 else False
    if builtin and tokens[first + 1].text == ".":
        return builtin_call(scope, stmt, out, words[0], words[2])
    if collection_target(scope, first, end) is not None:
        return collection_method(scope, stmt, out)
    attribute = attribute_collection(scope, first, end)
    if attribute is not None and attribute[2] + 1 < end and tokens[attribute[2]].text == ".":
        return collection_method(scope, stmt, out)  # SELF.a.EXTEND: a collection attribute of an object
    receiver = scope.member_receiver(first, end)
    if receiver is not None:  # an object's member procedure returns the changed object (plsql_typebody)
        changed = convert_span(scope, (first, end))
        if scope.package_object(receiver.upper()) is not None and scope.package is not None:
            out.line(f"PERFORM {scope.package.schema}.set_{receiver.lower()}({changed});")  # package state
        else:
            out.line(f"{receiver} := {changed};")
        return
    held = package_object(scope, first, end)
    if held is not None and held[2].methods.get(tokens[held[3] + 1].upper) == "MEMBER PROCEDURE":
        out.line(f"PERFORM {held[0].schema}.set_{held[1].lower()}({convert_span(scope, (first, end))});")
        return
    if end - first == 1:  # a bare name: qualified like a call with arguments (plsql_expr.routine_call)
        name = tokens[first].upper
        if name in scope.nested:
            out.line(bare_call(scope, scope.nested[name]))  # with the outer values it reads (plsql_closures)
            return
        if scope.package is not None and name in scope.package.members and name not in scope.locals:
            scope.calls.add(f"{scope.package.schema}.{name.lower()}")
            out.line(renamed_call(scope, f"CALL {quote(scope.package.schema)}.{tokens[first].text}();"))
            return
        key = scope.routine_key(name)
        if key is not None:
            scope.calls.add(key)
            out.line(f"CALL {quote(scope.schema)}.{tokens[first].text}();")
            return
    text = convert_span(scope, (first, end))
    if not text.rstrip().endswith(")"):
        text += "()"
    out.line(renamed_call(scope, f"CALL {text};"))


_CALLEE = re.compile(r'^CALL ("?[\w$]+"?)\.("?[\w$]+"?)(?=\s*\()')


def renamed_call(scope: Scope, line: str) -> str:
    """`CALL pkg.p(...)` of a procedure created under another name (plsql_package: it shares name and input types
    with a function of its package) -> the name it has."""
    found = _CALLEE.match(line)
    if found is None:
        return line
    schema, name = (part.strip('"') for part in found.groups())
    package = next((p for p in packages(scope.ctx).values() if p.schema.lower() == schema.lower() and p.renamed), None)
    target = package.renamed.get(name.upper()) if package is not None else None
    if package is None or target is None:
        return line
    scope.calls.add(f"{package.schema}.{target}")
    return f"CALL {found.group(1)}.{target}{line[found.end() :]}"


def _sys_qualified(scope: Scope, first: int, end: int) -> bool:
    """`SYS.package.member ...` naming a package Oracle supplies (SYS owns them; without SYS. they are reached
    through public synonyms), unless the run has a package named SYS."""
    tokens = scope.src.tokens
    if end - first < 5 or tokens[first].upper != "SYS" or tokens[first + 1].text != "." or scope.package_of("SYS"):
        return False
    package, member = tokens[first + 2].upper, tokens[first + 4].upper
    return tokens[first + 3].text == "." and (package in BUILTIN_PACKAGES or (package, member) in BUILTIN_STATEMENTS)


def builtin_call(scope: Scope, stmt: Stmt, out: Lines, package: str, member: str) -> None:
    first, end = stmt.spans["all"]
    if package == "DBMS_SESSION" and member in CONTEXT_MEMBERS:  # application contexts (plsql_appcontext)
        form, why = context_call(scope, first, end, member)
        return out.line(form) if form else _manual(scope, first, end, out, f"{package}.{member}: {why}")
    template, why = BUILTIN_STATEMENTS.get((package, member), (None, BUILTIN_PACKAGES[package]))
    args: list[str] = []
    raw: list[str] | None = []
    if first + 3 < end and scope.src.tokens[first + 3].text == "(":
        walk = Walk(scope, first, end)
        raw = ordered_args(walk, (package, member), first + 4, end - 1)  # named notation by the parameter names
        # DBMS_OUTPUT takes VARCHAR2: a NUMBER or DATE argument prints as TO_CHAR prints it (200.00: 200)
        texts = [_printed(scope, a) for a in raw or []] if package == "DBMS_OUTPUT" else raw or []
        args = [put_back(convert_text(scope, a, walk.values, first, statement=False), walk.values) for a in texts]
        args = [_as_is(a) for a in args] if package == "DBMS_OUTPUT" else args
        if (package, member) == ("DBMS_MVIEW", "REFRESH") and raw and refresh(scope, raw[0], out):
            return
        if (package, member) == ("DBMS_LOB", "CONVERTTOBLOB") and raw and convert_to_blob(scope, first, raw, args, out):
            return
        if package == "DBMS_LOB" and member in LOB_WRITERS and raw and table_locator(scope, raw[0]):
            why = "writes through a LOB locator that may be a table's (SELECT ... INTO / a parameter): PostgreSQL "
            return _manual(scope, first, end, out, f"{package}.{member}: {why}values are copies, UPDATE the column")
        if (package, member) == ("DBMS_LOB", "COPY") and raw and copy(scope, raw, args, out):
            return
        if (package, member) == ("DBMS_LOB", "FREETEMPORARY") and raw and free_temporary(scope, first, end, raw, out):
            return
    if package == "DBMS_OUTPUT" and member in ("PUT", "PUT_LINE", "NEW_LINE"):
        return _output(scope, first, end, out, member, args)
    needed = 1 + max((int(n) for n in re.findall(r"\{(\d+)\}", template or "")), default=-1)
    if template is None or needed > len(args) or not _positional(scope, template, raw):
        return _manual(scope, first, end, out, f"{package}.{member}: {why}")
    out.line(template.format(*args))


def _printed(scope: Scope, raw: str) -> str:
    """A DBMS_OUTPUT argument that is a NUMBER or DATE variable or field (a bare name): TO_CHAR of it, which Oracle
    applies to pass it as VARCHAR2 (the rewrites know its type and write its text; `||` already does)."""
    name = re.fullmatch(r"\s*:?[A-Za-z_][\w$#]*(\s*\.\s*[A-Za-z_][\w$#]*)*\s*", raw)
    word = raw.strip().lower()
    known = word in scope.numbers or word in scope.dates or word in scope.timestamps or "." in word
    return f"TO_CHAR({raw})" if name and known else raw


def _as_is(text: str) -> str:
    """`CAST(x AS TEXT)` (TO_CHAR of a text): x, which the notice prints as text anyway."""
    inner = text[5:-9] if text.startswith("CAST(") and text.endswith(" AS TEXT)") else ""
    depth = 0
    for char in inner:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return text  # the CAST's parenthesis closes before the end: not one CAST around all of it
    return inner if inner and depth == 0 else text


def _output(scope: Scope, first: int, end: int, out: Lines, member: str, args: list[str]) -> None:
    """DBMS_OUTPUT.PUT / PUT_LINE / NEW_LINE: lines become notices, a partial line waits for its end (plsql_output)."""
    if len(args) != (0 if member == "NEW_LINE" else 1):
        return _manual(scope, first, end, out, f"DBMS_OUTPUT.{member}: one argument ({member} takes one)")
    if member == "PUT":
        return out.line(put(args[0]))
    text = f"coalesce(({args[0]})::text, '')" if args else "''"  # PUT_LINE(NULL) prints an empty line
    for line in line_end(scope.ctx, text).splitlines():
        out.line(line)


def _manual(scope: Scope, first: int, end: int, out: Lines, detail: str) -> None:
    """A built-in call with no exact form: the action item, and the call commented out."""
    found = scope.flag("AM-PLSQL-009", first, detail)
    out.action(found.rule_id, found.message)
    out.line(f"-- {scope.src.slice((first, end))};")


def _positional(scope: Scope, template: str, raw: list[str] | None) -> bool:
    """The arguments have positions (named ones a member's parameter names place: plsql_supplied_args), and the
    one the template assigns to ({0} := ...) must be a variable or parameter of the routine."""
    if raw is None:
        return False
    return "{0} :=" not in template or (bool(raw) and raw[0].strip().upper() in scope.locals)


def refresh(scope: Scope, names: str, out: Lines) -> bool:
    """DBMS_MVIEW.REFRESH('S.MV1,S.MV2', ...) -> REFRESH MATERIALIZED VIEW per view: every refresh method leaves
    the same rows (fast refresh only gets there incrementally)."""
    listed = string_value(names.strip())
    if not listed:
        return False
    for name in listed.split(","):
        parts = [p.strip().strip('"') for p in name.split(".")]
        schema, view = scope.ctx.target(parts[-2] if len(parts) > 1 else scope.owner, parts[-1])
        out.line(f"REFRESH MATERIALIZED VIEW {quote(schema)}.{quote(view)};")
    return True


def raise_application_error(scope: Scope, stmt: Stmt, out: Lines) -> None:
    """RAISE_APPLICATION_ERROR(-20001, msg) -> SQLSTATE 'U0001' with the message (see plsql_facts.user_sqlstate)."""
    first, end = stmt.spans["all"]
    walk = Walk(scope, first, end)
    raw = split_args(walk, first + 2, end - 1)
    if len(raw) < 2:
        out.action("AM-PLSQL-019", scope.flag("AM-PLSQL-019", first, "RAISE_APPLICATION_ERROR arguments").message)
        out.line(f"-- {scope.src.slice((first, end))};")
        return
    code, message = (put_back(convert_text(scope, a, walk.values, first, False), walk.values) for a in raw[:2])
    literal = code.replace(" ", "").lstrip("(").rstrip(")")
    if literal.lstrip("-").isdigit() and -20999 <= int(literal) <= -20000:
        errcode = f"'U0{-int(literal) - 20000:03d}'"
    elif literal.lstrip("-").isdigit():  # Oracle raises ORA-21000 instead
        out.line(_out_of_range(literal))
        return
    else:  # a number known at run time: rounded to an integer (PLS_INTEGER) and checked as Oracle does
        number = f"round({code})"
        out.line(f"IF {number} IS NULL OR {number} NOT BETWEEN -20999 AND -20000 THEN")
        out.line(f"    {_out_of_range('%', f'coalesce(({number})::text, {NULL_TEXT})')}")
        out.line("END IF;")
        errcode = f"'U0' || lpad((-{number} - 20000)::text, 3, '0')"
    out.line(f"RAISE EXCEPTION USING ERRCODE = {errcode}, MESSAGE = coalesce(({message})::text, '');")


NULL_TEXT = "''"  # Oracle prints a NULL number as nothing


def _out_of_range(number: str, argument: str = "") -> str:
    """RAISE_APPLICATION_ERROR with a number outside -20999..-20000: Oracle raises ORA-21000 (SQLSTATE UR000 here,
    plsql_facts.SQLCODES) with this message."""
    text = f"ORA-21000: error number argument to raise_application_error of {number} is out of range"
    if argument:
        return f"RAISE EXCEPTION '{text}', {argument} USING ERRCODE = 'UR000';"
    return f"RAISE EXCEPTION '{text}' USING ERRCODE = 'UR000';"


def raise_(scope: Scope, stmt: Stmt, out: Lines) -> None:
    first, end = span_of(stmt, 1)
    if first >= end:
        out.line("RAISE;")
        return
    condition = handler_condition(scope, (first, end))
    if condition.startswith("SQLSTATE"):
        state = condition.split("'")[1]
        # Oracle's SQLERRM for a user exception: 'User-Defined Exception' (or 'ORA-2xxxx: ' when EXCEPTION_INIT)
        message = "" if state.startswith("U0") else "User-Defined Exception"
        out.line(f"RAISE EXCEPTION USING ERRCODE = '{state}', MESSAGE = '{message}';")
    else:
        out.line(f"RAISE {condition.split(' OR ')[0]};")


def transaction(scope: Scope, stmt: Stmt, out: Lines) -> None:
    """COMMIT / ROLLBACK: kept in procedures; a function or a block with handlers cannot end a transaction."""
    words = [t.upper for t in scope.src.tokens[stmt.first : stmt.end - 1]]
    text = " ".join(scope.src.slice((stmt.first, stmt.end - 1)).split())
    if stmt is scope.final_commit:
        out.line(f"-- {text}: the autonomous transaction commits when the dblink call returns")
        return
    if id(stmt) in scope.final_rollbacks:
        out.line(f"-- {text}: done already (the block undid what the autonomous transaction changed)")
        return
    if id(stmt) in scope.deferred_commits:  # runs after the block (plsql_commits)
        out.line(f"{scope.deferred_commits[id(stmt)]} := true;  -- {text}: run after the block")
        return
    rule = ""
    if "TO" in words or stmt.kind in ("savepoint", "set_transaction"):
        rule = "AM-PLSQL-006"
    elif scope.unit != "procedure":
        rule = "AM-PLSQL-004"
    elif scope.handler_depth:
        rule = "AM-PLSQL-005"
    if rule:
        out.action(rule, scope.flag(rule, stmt.first, text).message)
        out.line(f"-- {text};")
        return
    scope.transaction_control = True
    out.line(f"{words[0]};")


def fetch(scope: Scope, stmt: Stmt, out: Lines) -> None:
    first, end = stmt.spans["all"]
    tokens = scope.src.tokens
    cursor = tokens[first + 1].upper
    parts, targets, bulk = into_split(scope, (first, end))
    if targets is None:
        out.action("AM-PLSQL-019", scope.flag("AM-PLSQL-019", first, "FETCH without INTO").message)
        return
    if bulk:
        bulk_fetch(scope, stmt, cursor, parts, targets, out)
        return
    into, written = into_targets(scope, targets)
    out.line(f"FETCH {tokens[first + 1].text} INTO {into};")
    track_fetch(scope, cursor, out, "1")
    if written:  # no row: PL/pgSQL sets the helper to NULL; the package variable keeps its value
        out.line(f"IF FOUND THEN {' '.join(written)} END IF;")


def open_(scope: Scope, stmt: Stmt, out: Lines) -> None:
    first, end = stmt.spans["all"]
    cursor = scope.src.tokens[first + 1].upper
    if any(t.upper == "FOR" for t in scope.src.tokens[first:end]):
        open_for(scope, stmt, out)
    else:
        cursor_span = (first + 1, end)
        out.line(f"OPEN {with_cursor_defaults(scope, cursor_span, targets_text(scope, cursor_span))};")
    used = {a for c, a in scope.attributes if c == cursor}
    if "ROWCOUNT" in used:
        out.line(f"{attribute_variable(cursor, 'ROWCOUNT')} := 0;")
    if "ISOPEN" in used:
        scope.extra[attribute_variable(cursor, "ISOPEN")] = "boolean := false"
        out.line(f"{attribute_variable(cursor, 'ISOPEN')} := true;")


def close(scope: Scope, stmt: Stmt, out: Lines) -> None:
    first, _end = stmt.spans["all"]
    cursor = scope.src.tokens[first + 1]
    out.line(f"CLOSE {cursor.text};")
    if (cursor.upper, "ISOPEN") in scope.attributes:
        out.line(f"{attribute_variable(cursor.upper, 'ISOPEN')} := false;")


def pipe(scope: Scope, stmt: Stmt, out: Lines) -> None:
    first, end = span_of(stmt, 2)
    out.line(f"RETURN NEXT {convert_span(scope, (first, end))};")


def execute(scope: Scope, stmt: Stmt, out: Lines) -> None:
    after_sql(scope, out, execute_immediate(scope, stmt, out))
