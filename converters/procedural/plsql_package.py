"""An Oracle package -> a schema of its own: its routines are functions and procedures in it, so `pkg.member(...)`
calls work unchanged, and its variables are session state read and written through typed accessors.

Package state lives in custom session settings (set_config / current_setting), which Aurora allows without any
parameter-group change: `pkg.g_count()` reads the value (initialising it to the declared default on first use in the
session), `pkg.set_g_count(v)` writes it. Values are kept as text ('v' || value, 'n' for NULL) and read back
into a variable of the declared type. Constants with a literal value are IMMUTABLE functions.
"""

from __future__ import annotations

from dataclasses import replace

from converters.names import quote
from converters.procedural.plpgsql import Lines, routine_ddl
from converters.procedural.plsql_decl import declare
from converters.procedural.plsql_dense import note_type
from converters.procedural.plsql_expr import convert_span
from converters.procedural.plsql_init import guard
from converters.procedural.plsql_mapdomain import is_map
from converters.procedural.plsql_outfn import register as register_out
from converters.procedural.plsql_overloads import without_modifiers
from converters.procedural.plsql_parse import Decl, Routine, Unit
from converters.procedural.plsql_recdefaults import finish_record, initial_value
from converters.procedural.plsql_scope import Package, Scope, Variable, state_kinds
from converters.procedural.plsql_tree import stored
from converters.procedural.plsql_typekinds import is_text_type, number_kind_of_type, text_width
from converters.procedural.plsql_types import collection_type, pg_type, resolved_anchor
from migrate.sqltext.lexer import string_value


def register(scope: Scope, unit: Unit) -> Package:
    """Read the package's declarations into the run's registry (spec first, then the body's private ones)."""
    package = scope.package
    assert package is not None
    kinds: dict[str, set[str]] = {}
    for decl in unit.decls:
        if decl.kind == "routine" and decl.routine is not None:
            package.members.add(decl.name.upper())
            if decl.routine.kind == "PROCEDURE":
                package.procedures.add(decl.name.upper())
            register_out(scope, f"{package.schema}.{scope.ctx.names.name(stored(decl.name))}", decl.routine)
            kinds.setdefault(decl.name.upper(), set()).add(decl.routine.kind)
    both = {name for name, found in kinds.items() if len(found) > 1}  # a procedure and a function of one name
    if both:
        _rename_procedures(scope, package, {(d.routine.kind, d.name.upper(), _identity(scope, d.routine))
                                            for d in unit.decls if d.routine is not None and d.name.upper() in both})  # fmt: skip
    for decl in unit.decls:
        _register(scope, package, decl)
    return package


def _identity(scope: Scope, routine: Routine) -> tuple[str, ...]:
    """The input types PostgreSQL identifies the routine by, without modifiers (a procedure's OUT parameters too, as
    PostgreSQL 14 counts them); () when a type is not known here."""
    mark = len(scope.findings)
    procedure = routine.kind == "PROCEDURE"
    types = [pg_type(scope, p.type) for p in routine.params if procedure or p.mode != "OUT"]
    del scope.findings[mark:]  # the parameters' type findings are the routine's own
    return () if not all(types) else tuple(without_modifiers(t) for t in types)


def _rename_procedures(scope: Scope, package: Package, identities: set[tuple[str, str, tuple[str, ...]]]) -> None:
    """A procedure and a function of the package with one name and the same PostgreSQL input types (`PROCEDURE
    enquote(s IN OUT VARCHAR2)` and `FUNCTION enquote(s VARCHAR2) RETURN VARCHAR2`) cannot both exist in PostgreSQL,
    where they share one namespace: the procedures of that name are created as name_proc (package.renamed), which
    every CALL of the run names (plsql_calls); AM-PLSQL-162 tells the callers outside it."""
    functions = {(name, types) for kind, name, types in identities if kind == "FUNCTION" and types}
    for kind, name, types in identities:
        if kind == "PROCEDURE" and (name, types) in functions and name not in package.renamed:
            target = f"{scope.ctx.names.name(stored(name))}_proc"
            if target.upper() not in package.members:
                package.renamed[name] = target


def _register(scope: Scope, package: Package, decl: Decl) -> None:
    """One declaration into the registry. A type or variable with no PostgreSQL mapping does not hold up the rest
    of the package, nor does a variable whose default has no exact form: it is left out (an unmappable type is '', a
    variable with type '' has no accessor), AM-PLSQL-163 (low) says so on the package, and each routine that names
    it stays manual (AM-PLSQL-020 from pg_type for the type, AM-PLSQL-164 from plsql_expr / plsql_stmt for the
    variable)."""
    if decl.kind not in ("var", "const", "type", "subtype"):
        return _declare(scope, package, decl)
    mark = len(scope.findings)
    _declare(scope, package, decl)
    found = scope.findings[mark:]
    if any(f.severity.name in ("HIGH", "CRITICAL") for f in found):
        del scope.findings[mark:]
        name = decl.name.upper()
        if decl.kind in ("type", "subtype"):
            package.types[name] = ""
        elif name in package.variables:
            package.variables[name] = replace(package.variables[name], type="")
        reason = "; ".join(dict.fromkeys(f.message for f in found))
        scope.flag("AM-PLSQL-163", decl.first, f"{decl.name} in package {package.name}: {reason}")
        scope.findings.extend(f for f in found if f.severity.name not in ("HIGH", "CRITICAL"))
    return None


def _declare(scope: Scope, package: Package, decl: Decl) -> None:
    name = decl.name.upper()
    if decl.kind in ("var", "const"):
        type_ = pg_type(scope, decl.spans["type"])
        folded = _folded(scope, package, decl.spans["default"], type_) if decl.kind == "const" else None
        default = convert_span(scope, decl.spans["default"]) if "default" in decl.spans else ""
        default = folded if folded is not None else default
        default = default or initial_value(scope, type_)  # a record type with field defaults (plsql_recdefaults)
        default = default or ("'{}'" if is_map(scope, type_) else "")  # a string-keyed map starts empty
        package.variables[name] = Variable(type_, decl.kind == "const", default)
        anchored = resolved_anchor(scope, type_)
        kind = "string" if is_text_type(anchored) else number_kind_of_type(anchored)
        if kind:  # its accessor returns a NUMBER (printed as Oracle prints it) or a VARCHAR2 (compared with a number,
            state_kinds(scope.ctx)[f"{package.schema}.{name.lower()}".lower()] = kind  # Oracle reads a number)
    elif decl.kind in ("type", "subtype"):
        type_, rule = collection_type(scope, decl.spans["type"], decl.name)
        finish_record(scope, type_)
        note_type(scope, package.name, decl.name, decl.spans["type"])  # a nested table or VARRAY: dense (plsql_dense)
        if rule:
            scope.flag(rule, decl.first, f"TYPE {decl.name} in package {package.name}")
        package.types[name] = type_
    elif decl.kind in ("exception", "pragma"):
        before = dict(scope.exceptions)
        declare(scope, decl, Lines())
        package.exceptions.update({k: v for k, v in scope.exceptions.items() if before.get(k) != v})
    elif decl.kind == "cursor":  # declared again in each routine that uses it (plsql_units.package_cursors)
        package.cursors[name] = (scope.src, decl)


def accessors(package: Package, names: list[str]) -> str:
    """Getter and setter functions for the package variables `names` (upper case)."""
    out = []
    schema = quote(package.schema)
    for name in names:
        var = package.variables[name]
        lower = name.lower()
        if not var.type:
            continue
        entry = guard(package)
        if var.constant and _literal(var.default) and not entry:
            body = f"SELECT ({var.default})::{var.type}" if "%" not in var.type else f"SELECT {var.default}"
            out.append(f"CREATE OR REPLACE FUNCTION {schema}.{quote(lower)}() RETURNS {var.type}\n"
                       f"LANGUAGE sql IMMUTABLE AS $$ {body} $$;\n")  # fmt: skip
            continue
        setting = f"{package.schema}.{lower}"
        getter = Lines()
        getter.line(
            f"DECLARE\n    aurora_text text := current_setting('{setting}', true);\n    aurora_value {var.type};"
        )
        getter.line("BEGIN")
        getter.indent()
        if entry:  # the initialisation section runs before the first read, and may set the value
            getter.line(f"{entry}\naurora_text := current_setting('{setting}', true);")
        getter.line("IF aurora_text IS NULL OR aurora_text = '' THEN  -- first use in this session: the default")
        getter.line(f"    RETURN {schema}.{quote('set_' + lower)}({var.default or 'NULL'});")
        getter.line("END IF;")
        getter.line("IF aurora_text <> 'n' THEN\n    aurora_value := substr(aurora_text, 2);\nEND IF;")
        getter.line("RETURN aurora_value;")
        getter.dedent()
        getter.line("END;")
        out.append(routine_ddl("function", f"{schema}.{quote(lower)}", [], var.type, getter.text()))
        setter = Lines()
        setter.line("BEGIN")
        if entry:
            setter.line(f"    {entry}")
        setter.line(f"    PERFORM set_config('{setting}', CASE WHEN aurora_value IS NULL THEN 'n' "
                    "ELSE 'v' || aurora_value::text END, false);")  # fmt: skip
        setter.line("    RETURN aurora_value;\nEND;")
        out.append(routine_ddl("function", f"{schema}.{quote('set_' + lower)}", [f"aurora_value {var.type}"],
                               var.type, setter.text()))  # fmt: skip
    return "".join(out)


def _folded(scope: Scope, package: Package, span: tuple[int, int] | None, type_: str) -> str | None:
    """A text constant made of literals and text constants joined by || (`c_julian CONSTANT VARCHAR2(7) := 'J.' ||
    c_ssm;`) as the one literal it always is, so a format model or a pattern reading it is known at conversion time;
    None for anything else, an empty result (NULL in Oracle) or one longer than the type (Oracle raises VALUE_ERROR
    when the package is first used)."""
    width = text_width(type_)
    if span is None or width is None or not type_.startswith(("varchar", "text")):  # CHAR(n) pads: not folded
        return None
    tokens = scope.src.tokens[span[0] : span[1]]
    parts: list[str] = []
    at = 0
    while at < len(tokens):
        if parts and tokens[at].text != "||":
            return None
        at += 1 if parts else 0
        token = tokens[at] if at < len(tokens) else None
        owner: Package | None = package
        if token is not None and at + 2 < len(tokens) and tokens[at + 1].text == ".":
            owner, at = scope.package_of(token.upper), at + 2  # pkg.c of another package
            token = tokens[at]
        if token is None or owner is None:
            return None
        constant = owner.variables.get(token.upper) if token.kind == "word" else None
        value = string_value(token.text) if token.kind == "string" else constant.literal if constant else None
        if value is None:
            return None
        parts.append(value)
        at += 1
    text = "".join(parts)
    if not text or (width and len(text.encode()) > width):
        return None
    return "'" + text.replace("'", "''") + "'"


def _literal(text: str) -> bool:
    stripped = text.strip().lstrip("-")
    return bool(stripped) and (stripped.replace(".", "", 1).isdigit() or (stripped[0] == "'" and stripped[-1] == "'"))
