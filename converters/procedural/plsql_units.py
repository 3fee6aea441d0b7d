"""One PL/SQL routine (standalone or in a package body) -> CREATE FUNCTION / PROCEDURE text and its findings.

    sql = routine_sql(scope, routine, "hr.get_full_name")

Parameters keep their modes (IN OUT -> INOUT) and defaults; a function returns its type (a PIPELINED one SETOF
the collection's element); the body is the block converted statement by statement (plsql_stmt), with the helper
variables the conversion needed declared after the source's own declarations.
"""

from __future__ import annotations

from collections.abc import Callable

from converters.names import parameter_name, quote
from converters.procedural.plpgsql import Lines, block_text, routine_ddl
from converters.procedural.plsql_attributes import CURSOR_ATTRIBUTES
from converters.procedural.plsql_autonomous import autonomous_wrapper
from converters.procedural.plsql_closures import COPY, copies_back, hoist_closures, leading_parameters, writes_outer
from converters.procedural.plsql_decl import declare
from converters.procedural.plsql_expr import convert_span, convert_text, rewrite_span
from converters.procedural.plsql_mapdomain import is_map
from converters.procedural.plsql_outfn import NO_RETURN, ends_transactions, has_out, needs_tail, result_parameter
from converters.procedural.plsql_outfn import register as register_out
from converters.procedural.plsql_parse import Decl, Routine, Stmt
from converters.procedural.plsql_quiet import transaction_enders
from converters.procedural.plsql_scope import Scope, number_kind_of_type, object_types
from converters.procedural.plsql_stmt import body, emit_comments, skip_comments
from converters.procedural.plsql_tree import always_leaves, dotted_name
from converters.procedural.plsql_twin import twin_body, twin_parameters
from converters.procedural.plsql_types import pg_type, resolved_anchor
from converters.rewrites.oracle_char_dates import IMPLICIT_NUMBER

Emit = Callable[[Scope, Stmt, Lines], None]


def prescan(scope: Scope, first: int, end: int, decls: list[Decl]) -> None:
    """What must be known before the first statement converts: which cursor attributes are read (so the
    statements before them keep the helper variables up to date), and which variables hold the SQL text that
    EXECUTE IMMEDIATE runs (so the literal assigned to them converts as SQL)."""
    tokens = scope.src.tokens
    executed: set[str] = set()
    assigned: dict[str, list[int]] = {}
    for i in range(first, min(end, len(tokens)) - 2):
        if tokens[i + 1].text == "%" and tokens[i + 2].upper in CURSOR_ATTRIBUTES:
            scope.attributes.add((tokens[i].upper, tokens[i + 2].upper))
        if tokens[i].upper == "IMMEDIATE" and tokens[i + 1].kind == "word":
            executed.add(tokens[i + 1].upper)
        if tokens[i].upper == "FOR" and tokens[i - 1].kind == "word" and tokens[i + 1].kind == "word":
            executed.add(tokens[i + 1].upper)  # OPEN c FOR v_sql
        if (
            tokens[i + 1].text == ":="
            and tokens[i].kind == "word"
            and (
                i == 0
                or tokens[i - 1].text in (";", "BEGIN")
                or tokens[i - 1].upper in ("BEGIN", "THEN", "ELSE", "LOOP")
            )
        ):
            is_literal = tokens[i + 2].kind == "string" and i + 3 < len(tokens) and tokens[i + 3].text == ";"
            assigned.setdefault(tokens[i].upper, []).append(i if is_literal else -1)
    for decl in decls:
        if decl.kind == "var" and "default" in decl.spans:
            default = decl.spans["default"]
            literal = default[1] - default[0] == 1 and tokens[default[0]].kind == "string"
            assigned.setdefault(decl.name.upper(), []).append(default[0] if literal else -1)
    state = set(scope.package.variables) - {d.name.upper() for d in decls} if scope.package is not None else set()
    scope.dynamic = {  # package state is not one (other routines set it too): its SQL text stays a finding
        name for name in executed - state if len(assigned.get(name, [])) == 1 and assigned[name][0] >= 0
    }


def _default(scope: Scope, span: tuple[int, int], type_: str) -> str:
    """A parameter's DEFAULT: character data for a NUMBER parameter is read as a number, as Oracle converts it
    (PostgreSQL refuses a text default for a numeric parameter)."""
    if not number_kind_of_type(type_) or span[1] - span[0] == 1:
        return convert_span(scope, span)
    text, values = rewrite_span(scope, span, False)
    return convert_text(scope, f"{IMPLICIT_NUMBER}({text})", values, span[0], statement=False)


def parameters(scope: Scope, routine: Routine) -> list[str]:
    """The parameter list. PostgreSQL refuses a procedure's OUT parameter after a defaulted one, but takes an INOUT
    one with DEFAULT NULL: set to NULL on entry, it is Oracle's OUT parameter (which starts NULL whatever the
    caller's variable holds), and calls pass the same arguments. An IN parameter without a default after one with
    a default (PostgreSQL requires defaults on every later one) gets DEFAULT NULL: Oracle compiles only calls that
    pass it (by name), and they run the same (AM-PLSQL-126)."""
    out, defaulted = [], False
    for param in routine.params:
        scope.locals.add(param.name.upper())
        scope.params.add(param.name.upper())
        scope.note_object(param.name, param.type)
        mode = {"IN": "", "OUT": "OUT ", "IN OUT": "INOUT "}[param.mode]
        if param.mode == "OUT" and routine.kind == "PROCEDURE" and scope.ctx.target_version < 14:
            mode = "INOUT "  # OUT parameters of procedures need PostgreSQL 14
        type_ = pg_type(scope, param.type)
        kind = resolved_anchor(scope, type_)  # p tab.col%TYPE: a DATE column's anchor is a DATE parameter
        scope.declared(param.name, kind, scope.src.tokens[param.type[0]].upper == "TIMESTAMP")
        if type_.endswith("[]") or is_map(scope, type_):
            scope.collections[param.name.upper()] = type_
        text = f"{mode}{parameter_name(param.name)} {type_ or scope.src.slice(param.type)}"
        if param.default is not None:
            text += f" DEFAULT {_default(scope, param.default, type_)}"
            defaulted = True
        elif defaulted and param.mode == "OUT" and routine.kind == "PROCEDURE":
            text = f"INOUT {text.removeprefix('OUT ').removeprefix('INOUT ')} DEFAULT NULL"  # (the docstring)
            scope.entry = "\n".join(filter(None, (scope.entry, f"{param.name} := NULL;")))
        elif defaulted and param.mode != "OUT":  # every call Oracle compiles passes it: DEFAULT NULL keeps them
            text += " DEFAULT NULL"
            scope.flag("AM-PLSQL-126", routine.first, param.name)
        out.append(text)
    return out


def returns(scope: Scope, routine: Routine) -> str | None:
    if scope.returns_self and routine.kind == "PROCEDURE":  # a member procedure (plsql_typebody)
        return scope.returns_self
    if routine.kind != "FUNCTION" or routine.returns is None:
        return None
    if scope.returns_self and scope.src.tokens[routine.returns[0]].upper == "SELF":  # RETURN SELF AS RESULT
        return scope.returns_self
    type_ = pg_type(scope, routine.returns)
    if "PIPELINED" in routine.attributes:
        if any(p.mode != "IN" for p in routine.params):
            scope.flag("AM-PLSQL-017", routine.first, routine.name)
        names = [t.upper for t in scope.src.tokens[routine.returns[0] : routine.returns[1]] if t.text != "."]
        registry = object_types(scope.ctx)
        element = next((registry[k][1] for k in (".".join(names), f"{scope.owner.upper()}.{'.'.join(names)}")
                        if k in registry), "")  # fmt: skip
        return f"SETOF {element or (type_[:-2] if type_.endswith('[]') else type_)}"
    return type_ or scope.src.slice(routine.returns)


def _falls_off(scope: Scope, routine: Routine) -> bool:
    """A function whose body or a handler can end without RETURN: Oracle raises ORA-06503 (Function returned
    without value) there, PostgreSQL 2F005; the converted body says so itself after the block (NO_RETURN, whose
    SQLCODE is -6503), where plpgsql_check would refuse the routine."""
    block = routine.body
    if block is None:
        return False
    tokens = scope.src.tokens
    return not (always_leaves(tokens, block.body) and all(always_leaves(tokens, h) for _n, h in block.handlers))


def routine_body(scope: Scope, decls: list[Decl], block: Stmt, tail: str = "", emit: Emit = body) -> str:
    """DECLARE (the source's declarations, then the helpers) BEGIN ... END for a routine or trigger body (`emit`:
    what converts the block's statements and handlers; a twin's own, plsql_twin)."""
    declared = Lines(depth=1)
    for name, type_ in scope.copies:  # written outer variables of a width (plsql_closures)
        declared.line(f"{name} {type_} := {COPY}{name};")
    package_cursors(scope, block, declared)
    for decl in decls:
        emit_comments(scope, decl.first, declared)
        declare(scope, decl, declared)
        skip_comments(scope, decl.end)
    statements = Lines()
    if block.handlers and (tail or scope.entry):  # the handlers neither fall off before the tail's RETURN nor
        statements.line("BEGIN")  # catch what the entry raises (a package's initialisation runs before the call)
        statements.indent()
        if scope.entry:
            statements.line(scope.entry)
        statements.line("BEGIN")
        emit(scope, block, statements)
        statements.line("END;")
        if tail:
            statements.line(tail)
        statements.dedent()
    else:
        statements.line("BEGIN")
        if scope.entry:
            statements.indent()
            statements.line(scope.entry)
            statements.dedent()
        emit(scope, block, statements)
        if tail:
            statements.indent()
            statements.line(tail)
            statements.dedent()
    statements.line("END;")
    for name, type_ in {**scope.records, **scope.extra}.items():
        if type_:  # '': a loop's own record, declared in the block around it (plsql_stmt.loop)
            declared.line(f"{name} {type_};")
    return block_text(declared, statements)


def package_cursors(scope: Scope, block: Stmt, declared: Lines) -> None:
    """A package cursor a routine opens (or loops over) is declared in that routine: the same rows, as long as
    the routine opens and closes it itself (a cursor left open across calls is package state: a finding)."""
    package = scope.package
    if package is None or not package.cursors:
        return
    tokens = scope.src.tokens[block.first : block.end]
    used = {t.upper for t in tokens if t.upper in package.cursors and t.upper not in scope.locals}
    for name in sorted(used):
        source, decl = package.cursors[name]
        opened = any(t.upper == name and tokens[i - 1].upper in ("OPEN", "IN") for i, t in enumerate(tokens) if i)
        if not opened:
            scope.flag("AM-PLSQL-019", block.first, f"package cursor {decl.name} used without opening it here "
                       "(its state across calls is not kept)")  # fmt: skip
        inner = Scope(scope.ctx, source, scope.owner, scope.schema, scope.location, scope.unit, package,
                      home=scope.home)  # fmt: skip
        inner.comment_at = len(source.comments)
        declare(inner, decl, declared)
        scope.findings.extend(inner.findings)
        scope.tables |= inner.tables
        scope.cursors.add(name)


# words that mean a routine reads or changes the database (or runs SQL built at run time), or reads a session value
# (an IMMUTABLE function's call may be folded when a statement is planned, and PL/pgSQL keeps its plans)
IMPURE = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "IMMEDIATE", "OPEN", "FETCH", "CURSOR",
                    "NEXTVAL", "CURRVAL", "SYSDATE", "SYSTIMESTAMP", "DBMS_RANDOM", "USER", "UID", "SYS_CONTEXT",
                    "USERENV", "SYS_GUID", "CURRENT_DATE", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "SESSIONTIMEZONE",
                    "DBTIMEZONE", "DBMS_SESSION"})  # fmt: skip


def volatility(scope: Scope, routine: Routine) -> tuple[str, ...]:
    """DETERMINISTIC is the developer's promise PostgreSQL calls IMMUTABLE (what an index expression needs); kept
    only when the body reads no table, no package state and calls no other routine, so the promise holds."""
    words = {t.upper for t in scope.src.tokens[routine.first : routine.end]}
    pure = not scope.calls and not words & IMPURE and not (scope.package and words & set(scope.package.variables))
    if "DETERMINISTIC" in routine.attributes and routine.kind == "FUNCTION" and pure:
        return ("IMMUTABLE",)
    return ()


def routine_sql(scope: Scope, routine: Routine, qualified_name: str, twin: bool = False) -> str:
    """The routine's CREATE text (`twin`: its twin returning the error, plsql_twin)."""
    writer = writes_outer(scope, qualified_name)  # a nested function writing outer variables (plsql_closures)
    ends = (ends_transactions(scope.src.tokens, routine) or writer) and not scope.returns_self
    kind = "function" if (routine.kind == "FUNCTION" or scope.returns_self) and not ends else "procedure"
    if ends:  # a function that COMMITs becomes a procedure (plsql_outfn): transaction control is allowed there
        scope.unit = "procedure"
    if routine.external or routine.body is None:
        scope.flag("AM-PLSQL-023", routine.first, f"{routine.name}: external (LANGUAGE C/JAVA) or body missing")
        return ""
    scope.routine_name = qualified_name.rsplit(".", 1)[-1].strip('"') if scope.unit != "package" else ""
    params = [*scope.leading_params, *parameters(scope, routine)]
    restores: list[str] = []
    if twin:
        params, restores = twin_parameters(scope, routine, params)
    result = returns(scope, routine)
    scope.return_type = result if result and not result.startswith("SETOF") else ""
    if result is not None and (has_out(routine) or ends) and "PIPELINED" not in routine.attributes:
        params.append(result_parameter(scope, routine, result, ends, writer))
        result = None
    scope.prelude.extend(hoisted(scope, routine))
    prescan(scope, routine.first, routine.end, routine.decls)
    words = {t.upper for t in scope.src.tokens[routine.first : routine.end]}
    # a procedure that ends transactions, or calls one that may (a SET clause anywhere up the CALL chain makes the
    # call atomic, where PostgreSQL refuses COMMIT / ROLLBACK): no SET clause, its tables qualified
    scope.commits = kind == "procedure" and (bool(words & {"COMMIT", "ROLLBACK"}) or _calls_ender(scope, routine))
    scope.transaction_control = scope.transaction_control or scope.commits
    wrapper = autonomous_wrapper(scope, routine, qualified_name, params, result)
    if wrapper:
        qualified_name = f"{qualified_name[:-1]}_autonomous\"" if qualified_name.endswith('"') else (
            f"{qualified_name}_autonomous")  # fmt: skip
    tail = NO_RETURN if scope.out_result and needs_tail(routine) else ""
    if kind == "function" and scope.return_type and routine.kind == "FUNCTION" and _falls_off(scope, routine):
        tail = NO_RETURN  # Oracle raises ORA-06503 where PL/pgSQL would too, but plpgsql_check refuses the routine
    if scope.returns_self and routine.kind == "PROCEDURE":
        tail = "RETURN self;"  # a member procedure that ends returns the object it changed
    tail = " ".join(filter(None, (copies_back(scope), tail)))
    text = routine_body(scope, routine.decls, routine.body, tail, twin_body(restores) if twin else body)
    ddl = routine_ddl(kind, qualified_name, params, result, text, (*volatility(scope, routine),
                                                                    *scope.name_resolution()))  # fmt: skip
    return "".join(scope.prelude) + ddl + wrapper


def _calls_ender(scope: Scope, routine: Routine) -> bool:
    """The routine calls a routine of the run that may end the transaction (plsql_quiet.transaction_enders)."""
    enders = transaction_enders(scope.ctx)
    own = scope.package.name if scope.package is not None else ""
    tokens = scope.src.tokens
    for at in range(routine.first, min(routine.end, len(tokens))):
        if tokens[at].kind == "word" and (at == routine.first or tokens[at - 1].text != "."):
            parts = dotted_name(tokens, at)
            if {".".join(parts[-2:]), parts[-1], f"{own}.{parts[-1]}"} & enders and parts[-1] != routine.name.upper():
                return True
    return False


def hoisted(scope: Scope, routine: Routine) -> list[str]:
    """Nested procedures and functions that use nothing of the routine around them (no closure over its
    parameters or declarations), or read or write its variables (plsql_closures: passed as leading parameters),
    become routines of their own, `outer_inner`, created first; the others stay with AM-PLSQL-016 (PL/pgSQL has no
    nested subprograms)."""
    nested = [d for d in routine.decls if d.kind == "routine" and d.routine is not None and d.routine.body is not None]
    home = scope.home or scope.schema
    tokens = scope.src.tokens
    targets = {d.name.upper(): f"{quote(home)}.{quote(f'{scope.routine_name}_{d.name.lower()}')}" for d in nested}
    hoistable = hoist_closures(scope, routine, nested, targets) if nested else set()
    for decl in nested:
        if decl.name.upper() in hoistable:
            assert decl.routine is not None
            scope.nested[decl.name.upper()] = targets[decl.name.upper()]
            register_out(scope, targets[decl.name.upper()], decl.routine)
    out = []
    for decl in nested:
        if decl.name.upper() not in scope.nested or decl.routine is None:
            continue
        kind = "function" if decl.routine.kind == "FUNCTION" else "procedure"
        sub = Scope(scope.ctx, scope.src, scope.owner, scope.schema, scope.location, kind, scope.package,
                    nested=dict(scope.nested), home=scope.home)  # fmt: skip
        sub.leading_params = leading_parameters(sub, scope.nested[decl.name.upper()])  # what it reads (plsql_closures)
        sub.comment_at = next((n for n, (start, _) in enumerate(scope.src.comments)
                               if start >= tokens[decl.first].start), len(scope.src.comments))  # fmt: skip
        out.append(routine_sql(sub, decl.routine, scope.nested[decl.name.upper()]))
        scope.findings.extend(sub.findings)
        scope.tables |= sub.tables
        scope.calls |= sub.calls
    return out


def qualified(schema: str, name: str) -> str:
    return f"{quote(schema)}.{quote(name)}"
