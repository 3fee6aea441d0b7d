"""PL/SQL types in declarations and parameters -> PostgreSQL types.

`%TYPE` and `%ROWTYPE` stay anchored (PL/pgSQL has both) but are schema-qualified: PL/pgSQL resolves them with the
search_path of the session that first calls the routine, Oracle with the owner's schema. SQL types go through the
column type table (converters/types); PL/SQL-only types through plsql_facts.PLSQL_TYPES; local and package
collection types to arrays of their element type.
"""

from __future__ import annotations

import re

from converters.names import quote, variable_name
from converters.procedural.plsql_facts import PLSQL_TYPES, RANGED_TYPES, STANDARD_SUBTYPES, dictionary_column
from converters.procedural.plsql_mapdomain import map_domain, record_types
from converters.procedural.plsql_parse import Span
from converters.procedural.plsql_scope import Scope, object_types, record_collections, run_state
from converters.procedural.plsql_subtypes import subtype_of
from converters.procedural.plsql_tree import stored
from converters.procedural.plsql_typekinds import RAW_DOMAIN
from converters.types import map_type
from migrate.model import parse_column_type


def pg_type(scope: Scope, span: Span, array_element: bool = False) -> str:
    """The PostgreSQL type for the type written in `span` ('' when it has none: a finding is raised)."""
    tokens = scope.src.tokens[span[0] : span[1]]
    words = [t.upper or t.text for t in tokens]
    if "%" in words:
        return _anchored(scope, span, words, array_element)
    name = [w for w in words if w != "."]
    if len(name) == 1 and name[0] in scope.types:
        return scope.types[name[0]]
    if scope.package is not None and len(name) == 1 and name[0] in scope.package.types:
        return scope.package.types[name[0]]
    if len(name) == 2 and scope.package_of(name[0]) is not None:
        found = scope.package_of(name[0]).types.get(name[1])  # type: ignore[union-attr]
        if found is not None:
            return found
    dotted = ".".join(name)
    registry = object_types(scope.ctx)
    for key in (dotted, f"{scope.owner.upper()}.{dotted}"):
        if key in registry:
            return registry[key][0]
    text = scope.src.slice(span)
    if dotted in RANGED_TYPES:  # NATURAL, POSITIVE, SIGNTYPE...: PLS_INTEGER with a range Oracle enforces
        low, high, required = RANGED_TYPES[dotted]
        return range_domain(scope, f"aurora_{dotted.lower()}", "integer", (str(low), str(high)), required)
    if dotted in PLSQL_TYPES:
        return PLSQL_TYPES[dotted][0]
    text = STANDARD_SUBTYPES.get(dotted, _static_sizes(scope, span) or text)
    bare = text.split("(")[0].strip().upper()
    if bare in ("VARCHAR2", "NVARCHAR2", "VARCHAR", "CHAR", "NCHAR") and "(" in text:
        # PL/SQL lengths are bytes or chars; a variable's limit only raises VALUE_ERROR: keep it as characters
        text = text.replace(" BYTE", "").replace(" CHAR)", ")").replace(" byte", "").replace(" char)", ")")
    choice = map_type(parse_column_type(text, "oracle"), "oracle", scope.ctx.target_version)
    if choice.sql is None:
        if subtype_of(scope, name[-1]) is not None:
            scope.flag("AM-PLSQL-141", span[0], f"declared with subtype {name[-1].lower()}")
        elif all(t.kind in ("word", "qident") or t.text == "." for t in tokens):  # a name: a type defined elsewhere?
            scope.flag("AM-PLSQL-020", span[0], f"{text} (neither an Oracle type nor a type of this run)")
        else:
            scope.flag("AM-PLSQL-020", span[0], text)
        return ""
    scope.findings.extend(f.at(scope.at(span[0])) for f in choice.findings)
    width = re.fullmatch(r"RAW\s*\(\s*(\d+)\s*\)", text.strip().upper())
    if width is not None and choice.sql == "bytea":  # bytea has no length: a domain keeps RAW(n)'s VALUE_ERROR
        return raw_domain(scope, int(width.group(1)))
    return choice.sql


def _static_sizes(scope: Scope, span: Span) -> str:
    """VARCHAR2(c_max), NUMBER(c_p, 2): Oracle (12.2 on) takes a static expression for a size, such as a constant
    of the unit or of its package set to an integer literal. The type's text with those constants' values ('' when
    it names none)."""
    tokens = scope.src.tokens[span[0] : span[1]]
    if len(tokens) < 4 or tokens[1].text != "(" or tokens[-1].text != ")":
        return ""
    parts, named = [], False
    for at, token in enumerate(tokens):
        value = _integer_constant(scope, token.upper, span[0] + at) if token.kind == "word" and at > 1 else None
        if token.kind == "word" and at > 1 and token.upper not in ("BYTE", "CHAR"):
            if value is None:
                return ""
            named = True
        parts.append(value if value is not None else token.text)
    return " ".join(parts).replace("( ", "(").replace(" )", ")").replace(" ,", ",") if named else ""


def _integer_constant(scope: Scope, name: str, at: int) -> str | None:
    """The integer literal a CONSTANT `name` of the unit (the nearest declaration before `at`) or of its package
    is set to, or None."""
    tokens = scope.src.tokens
    for i in range(at - 1, 0, -1):
        if tokens[i].upper == name and i + 1 < len(tokens) and tokens[i + 1].upper == "CONSTANT":
            j = i + 2
            while j < at and tokens[j].text not in (";", ":=") and tokens[j].upper != "DEFAULT":
                j += 1
            literal = tokens[j + 1] if j + 2 < at else None
            if (
                literal is not None
                and literal.kind == "number"
                and literal.text.isdigit()
                and tokens[j + 2].text == ";"
            ):
                return literal.text
            return None
    package = scope.package
    variable = package.variables.get(name) if package is not None else None
    if variable is not None and variable.constant and variable.default.isdigit():
        return variable.default
    return None


def _anchored(scope: Scope, span: Span, words: list[str], array_element: bool) -> str:
    at = words.index("%")
    parts = [scope.src.tokens[span[0] + i] for i in range(at) if words[i] != "."]
    kind = words[at + 1] if at + 1 < len(words) else ""
    names = [t.text for t in parts]
    upper = [w.upper() for w in names]
    if kind == "ROWTYPE":
        if len(names) == 1 and upper[0] in scope.cursors:
            return "record"
        table = _table(scope, names)  # the table's row type (what %ROWTYPE is; also valid in CREATE FUNCTION)
        return f"{table}[]" if array_element else table
    package = scope.package_of(upper[0]) if len(names) == 2 else scope.package if len(names) == 1 else None
    if package is not None and upper[-1] in package.variables and package.variables[upper[-1]].type:
        return package.variables[upper[-1]].type  # package state is read through accessors: its declared type
    if len(names) == 1:  # another variable's type
        return f"{names[0]}%TYPE"
    column = _column_type(scope, names)
    if array_element:
        if column:
            return f"{column}[]"
        if scope.ctx.target_version >= 17:
            return f"{_qualified_column(scope, names)}%TYPE[]"
        scope.flag("AM-PLSQL-020", span[0], f"collection of {'.'.join(names)}%TYPE (a column not in scope)")
        return ""
    owner = names[-3] if len(names) >= 3 else scope.owner
    if column and (owner.upper(), names[-2].upper()) not in scope.ctx.tables:
        return column  # a data-dictionary view's column: its documented type (PostgreSQL has no such table)
    return f"{_qualified_column(scope, names)}%TYPE"


def _table(scope: Scope, names: list[str]) -> str:
    """The target table of `[schema.]table` as written (an unquoted name is Oracle's upper-case one: Membre is
    MEMBRE)."""
    schema = scope.ctx.names.schema(stored(names[-2])) if len(names) >= 2 else scope.schema
    return f"{quote(schema)}.{quote(scope.ctx.names.name(stored(names[-1])))}"


def _qualified_column(scope: Scope, names: list[str]) -> str:
    return f"{_table(scope, names[:-1])}.{quote(scope.ctx.names.name(stored(names[-1])))}"


def column_anchor_type(scope: Scope, span: Span) -> str:
    """The mapped type of `[schema.]table.column%TYPE` at span from the inventory ('' for any other type, or a table
    not in scope): what the anchor stands for, where the kind of a parameter matters (plsql_argtypes)."""
    words = [t.upper or t.text for t in scope.src.tokens[span[0] : span[1]]]
    if words[-2:] != ["%", "TYPE"]:
        return ""
    names = [scope.src.tokens[span[0] + i].text for i in range(len(words) - 2) if words[i] != "."]
    return _column_type(scope, names) if len(names) in (2, 3) else ""


def _column_type(scope: Scope, names: list[str]) -> str:
    """The mapped type of schema.table.column from the inventory ('' when the table is not in scope, or the anchor
    is no column: `v%TYPE` of a variable)."""
    if len(names) < 2:
        return ""
    owner = names[-3] if len(names) >= 3 else scope.owner
    table = scope.ctx.tables.get((owner.upper(), names[-2].upper()))
    column = table.column(names[-1]) if table is not None else None
    if column is None and table is None and (len(names) == 2 or names[-3].upper() in ("SYS", "PUBLIC")):
        version = [int(p) for p in scope.ctx.settings.oracle_version.split(".")[:2] if p.isdigit()]
        length = 30 if version and tuple(version) < (12, 2) else 128  # identifiers were 30 bytes before 12.2
        found = dictionary_column(names[-2], names[-1], length)
        return (
            map_type(parse_column_type(found, "oracle"), "oracle", scope.ctx.target_version).sql or "" if found else ""
        )
    if column is None:
        return ""
    return map_type(column.type, "oracle", scope.ctx.target_version).sql or ""


def collection_type(scope: Scope, span: Span, name: str = "") -> tuple[str, str]:
    """TYPE x IS TABLE OF t [INDEX BY k] | VARRAY(n) OF t | REF CURSOR | RECORD (...): (PostgreSQL type, rule id
    of the finding when there is none)."""
    words = [t.upper for t in scope.src.tokens[span[0] : span[1]]]
    if words[:2] == ["REF", "CURSOR"]:
        return "refcursor", ""
    if words[:1] == ["RECORD"] and name:
        return record_type(scope, name, (span[0] + 1, span[1]))
    if words[:1] == ["RECORD"] or words[:1] == ["OBJECT"]:
        return "", "AM-PLSQL-010"
    if "RANGE" in words and name:
        return range_subtype(scope, name, span)
    if "OF" not in words:
        return pg_type(scope, span), ""
    of = words.index("OF")
    end = span[1]
    if "INDEX" in words:
        index = words.index("INDEX")
        key = " ".join(w for w in words[index + 2 :] if w)
        if not any(k in key for k in ("PLS_INTEGER", "BINARY_INTEGER", "SIMPLE_INTEGER", "NATURAL", "POSITIVE")):
            if "NOT" in words[of:] or not name:  # NOT NULL elements: assigning NULL raises in Oracle
                return "", "AM-PLSQL-011"
            keys = [t.upper or t.text for t in scope.src.tokens[span[0] + index + 2 : span[1]]]
            keys = keys if keys[:1] in (["VARCHAR2"], ["VARCHAR"], ["STRING"]) else _key_type(scope, span, index)
            element = pg_type(scope, (span[0] + of + 1, span[0] + index))
            if "%TYPE" in element:  # a column's: its mapped type, as for the element of an array
                element = pg_type(scope, (span[0] + of + 1, span[0] + index), array_element=True).removesuffix("[]")
                element = resolved_anchor(scope, element)
            return map_domain(scope, name, keys, element)
        end = span[0] + index
    if "NOT" in words[of:]:
        end = min(end, span[0] + of + words[of:].index("NOT"))
    element = pg_type(scope, (span[0] + of + 1, end), array_element=True)
    if not element:
        return "", "AM-PLSQL-020"
    element = resolved_anchor(scope, element.removesuffix("[]"))
    return element if element.endswith("[]") else f"{element}[]", ""


def _key_type(scope: Scope, span: Span, index: int) -> list[str]:
    """INDEX BY a SUBTYPE of VARCHAR2(n) or a column's %TYPE: the key as VARCHAR2(n) words (the type it names)."""
    key = (span[0] + index + 2, span[1])
    type_ = resolved_anchor(scope, pg_type(scope, key, array_element=True).removesuffix("[]"))
    match = re.fullmatch(r"(?:varchar|character varying)\((\d+)\)", type_.strip())
    return (
        ["VARCHAR2", "(", match.group(1), ")"]
        if match
        else [t.upper or t.text for t in scope.src.tokens[key[0] : key[1]]]
    )


def _field_type(scope: Scope, span: Span) -> str:
    """A record field's type: a composite type's attribute cannot be anchored (%TYPE), so an anchor is the column's
    mapped type; a collection type stays an array."""
    field = pg_type(scope, span)
    if "%" not in field:
        return field
    anchored = resolved_anchor(scope, field)
    if "%" not in anchored:
        return anchored
    element = pg_type(scope, span, array_element=True)
    return "" if "%" in element else element.removesuffix("[]")


def resolved_anchor(scope: Scope, type_: str) -> str:
    """A type anchored on a column (`tab.col%TYPE`, or a SUBTYPE of one, kept as written): the column's mapped type
    when the inventory has the column, else the anchor as it is."""
    if not type_.endswith("%TYPE"):
        return type_
    return _column_type(scope, [n.strip('"') for n in type_.removesuffix("%TYPE").split(".")]) or type_


def pending_defaults(scope: Scope) -> dict[str, list[Span | None]]:
    """Record types just declared with field defaults: target -> the default's span per field (None: NULL), in the
    unit being read; plsql_recdefaults turns them into the value a variable of the type starts with."""
    return run_state(scope.ctx, "plsql_record_default_spans", dict[str, list[Span | None]])


def record_type(scope: Scope, name: str, span: Span) -> tuple[str, str]:
    """TYPE r IS RECORD (a t, ...) -> a composite type of the schema the routine lives in (PL/pgSQL cannot
    declare one in a block), created once (re-runs keep it) before the routine that uses it."""
    tokens = scope.src.tokens
    if span[0] >= span[1] or tokens[span[0]].text != "(":
        return "", "AM-PLSQL-010"
    fields, start, depth, defaults = [], span[0] + 1, 0, []
    arrays: dict[str, tuple[str, str]] = {}
    for i in range(span[0] + 1, span[1]):
        text = tokens[i].text
        depth += {"(": 1, ")": -1}.get(text, 0)
        if depth < 0 or (text == "," and depth == 0):
            if any(t.upper == "NOT" for t in tokens[start:i]):
                return "", "AM-PLSQL-010"  # NOT NULL: a composite type has no constraint
            marker = next((j for j in range(start, i) if tokens[j].text == ":=" or tokens[j].upper == "DEFAULT"), i)
            defaults.append((marker + 1, i) if marker < i else None)  # a field default (plsql_recdefaults)
            field = _field_type(scope, (start + 1, marker))
            if not field:
                return "", "AM-PLSQL-010"
            fields.append(f"{variable_name(tokens[start].text)} {field}")  # offset, limit: in quotes
            if field.endswith("[]"):  # a collection field: r.f(i), r.f.COUNT read it as an array
                arrays[tokens[start].upper] = (field, field[:-2])
            start = i + 1
        if depth < 0:
            break
    prefix = f"{scope.routine_name}_" if scope.routine_name else ""
    target = f"{quote(scope.home or scope.schema)}.{quote((prefix + name).lower())}"
    if any(defaults):
        pending_defaults(scope)[target] = defaults
    record_types(scope).add(target)  # a map of them keeps elements as JSON objects (plsql_mapdomain)
    if arrays:
        record_collections(scope.ctx)[target] = arrays
    scope.prelude.append(
        f"DO $$ BEGIN\n    CREATE TYPE {target} AS ({', '.join(fields)});\n"
        "EXCEPTION WHEN duplicate_object THEN NULL;  -- created by an earlier run\nEND $$;\n"
    )
    return target, ""


def range_subtype(scope: Scope, name: str, span: Span) -> tuple[str, str]:
    """SUBTYPE t IS PLS_INTEGER RANGE lo .. hi -> a domain of the schema whose CHECK raises what Oracle raises when a
    value falls outside the range: VALUE_ERROR (ORA-06502, SQLSTATE 22003 here, so SQLCODE gives -6502 back)."""
    tokens = scope.src.tokens
    words = [t.upper or t.text for t in tokens[span[0] : span[1]]]
    at = words.index("RANGE")
    bounds = "".join(t.text for t in tokens[span[0] + at + 1 : span[1]]).split("..")
    base = pg_type(scope, (span[0], span[0] + at))
    numbers = all(b.lstrip("-").replace(".", "", 1).isdigit() for b in bounds)
    if len(bounds) != 2 or not numbers or base not in ("integer", "bigint", "smallint", "numeric"):
        return "", "AM-PLSQL-020"
    prefix = f"{scope.routine_name}_" if scope.routine_name else ""  # a routine's own subtype: its own domain
    return range_domain(scope, (prefix + name).lower(), base, (bounds[0], bounds[1]), False), ""


def range_domain(scope: Scope, name: str, base: str, bounds: tuple[str, str], required: bool) -> str:
    """The domain `name` over `base` holding values in `bounds` (and never NULL when `required`, as NATURALN),
    created before the unit that uses it; its CHECK raises VALUE_ERROR's SQLSTATE, as Oracle raises ORA-06502."""
    home = quote(scope.home or scope.schema)
    checker = _raising_check(
        f"{home}.aurora_in_range(v numeric, low numeric, high numeric, required boolean DEFAULT false)",
        "v < low OR v > high OR (required AND v IS NULL)",
        "",
        "numeric or value error",
        "numeric_value_out_of_range",
    )
    check = f"{home}.aurora_in_range(VALUE, {bounds[0]}, {bounds[1]}{', true' if required else ''})"
    return _checked_domain(scope, f"{home}.{quote(name)}", base, checker, check)


def raw_domain(scope: Scope, width: int) -> str:
    """RAW(n) -> a domain over bytea whose CHECK raises VALUE_ERROR's SQLSTATE (22001, SQLCODE -6502) for a value
    longer than n bytes, as Oracle raises ORA-06502 on assigning one to a RAW(n) variable."""
    home = quote(scope.home or scope.schema)
    checker = _raising_check(
        f"{home}.aurora_raw_fits(v bytea, width integer)",
        "octet_length(v) > width",
        ", raw variable length too long",
        "numeric or value error: raw variable length too long",
        "string_data_right_truncation",
    )
    target = f"{home}.{quote(f'{RAW_DOMAIN}{width}')}"
    return _checked_domain(scope, target, "bytea", checker, f"{home}.aurora_raw_fits(VALUE, {width})")


def _raising_check(signature: str, condition: str, why: str, message: str, errcode: str) -> str:
    """A boolean function that raises Oracle's ORA-06502 (VALUE_ERROR) as `errcode` when `condition` holds."""
    return (
        f"CREATE OR REPLACE FUNCTION {signature}\nRETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $f$\nBEGIN\n"
        f"    IF {condition} THEN  -- Oracle: ORA-06502 (VALUE_ERROR){why}\n"
        f"        RAISE EXCEPTION '{message}' USING ERRCODE = '{errcode}';\n"
        "    END IF;\n    RETURN true;\nEND $f$;\n"
    )


def _checked_domain(scope: Scope, target: str, base: str, checker: str, check: str) -> str:
    """The domain `target` over `base` whose CHECK is `check` (calling `checker`, created first), created before the
    unit that uses it, once (a re-run keeps it)."""
    scope.prelude.append(
        f"{checker}DO $$ BEGIN\n    CREATE DOMAIN {target} AS {base} CHECK ({check});\n"
        "EXCEPTION WHEN duplicate_object THEN NULL;  -- created by an earlier run\nEND $$;\n"
    )
    return target
