"""What the PL/SQL converter knows while it converts one unit: the names in scope (variables, collections,
cursors, exceptions, package members), the unit's kind, and the findings raised so far.

Packages seen earlier in the run (a spec is read before its body and before the units that call it) are kept on
the run's DdlContext, so a body, and any other unit, resolves `pkg.variable`, `pkg.exception` and `pkg.type`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from converters.ddl_context import DdlContext
from converters.names import fold, quote
from converters.procedural.plsql_parse import Decl, Source, Stmt
from converters.procedural.plsql_regex import MARKER as REGEX_MARKER
from converters.procedural.plsql_rules import plsql_finding
from converters.procedural.plsql_runfacts import ObjectType as ObjectType
from converters.procedural.plsql_runfacts import Signature as Signature
from converters.procedural.plsql_runfacts import date_functions as date_functions
from converters.procedural.plsql_runfacts import function_signatures as function_signatures
from converters.procedural.plsql_runfacts import literal_constants as literal_constants
from converters.procedural.plsql_runfacts import number_functions as number_functions
from converters.procedural.plsql_runfacts import object_members as object_members
from converters.procedural.plsql_runfacts import object_types as object_types
from converters.procedural.plsql_runfacts import out_functions as out_functions
from converters.procedural.plsql_runfacts import pipelined_functions as pipelined_functions
from converters.procedural.plsql_runfacts import procedure_functions as procedure_functions
from converters.procedural.plsql_runfacts import record_collections as record_collections
from converters.procedural.plsql_runfacts import run_state as run_state
from converters.procedural.plsql_runfacts import unit_source as unit_source
from converters.procedural.plsql_typekinds import (
    INTEGER_TYPES,
    element_kinds,
    is_binary_type,
    is_text_type,
    is_timestamp_type,
    text_width,
    typed_collections,
)
from converters.procedural.plsql_typekinds import is_date_type as is_date_type  # read from here too
from converters.procedural.plsql_typekinds import number_kind_of_type as number_kind_of_type
from converters.rewrites.common import RewriteOptions
from migrate.model import Finding, Location

_STRING_LITERAL = re.compile(r"'((?:[^']|'')*)'")


@dataclass
class Variable:
    type: str  # PostgreSQL type
    constant: bool
    default: str  # PostgreSQL expression ('' for NULL)

    @property
    def literal(self) -> str | None:
        """A constant's value when it is a string literal (a regular expression reading it reads that literal)."""
        found = _STRING_LITERAL.fullmatch(self.default) if self.constant else None
        return found.group(1).replace("''", "'") if found else None


@dataclass
class Package:
    name: str  # source name, upper case
    schema: str  # the target schema the package becomes
    variables: dict[str, Variable] = field(default_factory=dict)  # upper name -> variable
    members: set[str] = field(default_factory=set)  # upper names of its procedures and functions
    procedures: set[str] = field(default_factory=set)
    types: dict[str, str] = field(default_factory=dict)  # upper type name -> PostgreSQL type ('' unmappable)
    exceptions: dict[str, str] = field(default_factory=dict)  # upper name -> SQLSTATE
    cursors: dict[str, tuple[Source, Decl]] = field(default_factory=dict)  # upper name -> where it is declared
    init: bool = False  # the body has an initialisation section (plsql_init)
    declared: set[str] = field(default_factory=set)  # upper names of the routines its specification declares
    spec: bool = False  # its spec was read whole: every public name is known
    renamed: dict[str, str] = field(default_factory=dict)  # upper procedure name -> its target name (plsql_package)

    def declares(self, name: str) -> bool:
        """Does the package (spec, or body when converting it) declare `name` (upper case)?"""
        return any(name in names for names in (self.members, self.variables, self.types, self.exceptions, self.cursors))


def state_kinds(ctx: DdlContext) -> dict[str, str]:
    """Package variables of a NUMBER kind or VARCHAR2 ('string'), lower 'schema.name' of their accessor: what the
    rewrites take the accessor's value for (options_with_constants). Apart from number_functions, so that package
    state registered while units convert does not make every options object again."""
    return run_state(ctx, "plsql_state_kinds", dict[str, str])


def packages(ctx: DdlContext) -> dict[str, Package]:
    """The run's packages, by upper-case source name (kept on the context: one per convert run)."""
    return run_state(ctx, "plsql_packages", dict[str, Package])


def _run_stamp(ctx: DdlContext) -> tuple[int, ...]:
    """How much the run's facts hold (they only grow while units convert): options made before a fact was added
    are made again."""
    return len(date_functions(ctx)), len(number_functions(ctx)), len(packages(ctx)), len(object_members(ctx))


def _accepts(signature: Signature, positional: int, named: set[str]) -> bool:
    names = [n for n, _, _ in signature]
    if positional > len(names) or not named <= set(names[positional:]):
        return False
    return all(d for n, _, d in signature[positional:] if n not in named)


@dataclass
class Scope:
    ctx: DdlContext
    src: Source
    owner: str  # source schema of the unit
    schema: str  # its target schema (unqualified names of the owner resolve here)
    location: Location | None
    unit: str  # function | procedure | trigger | package
    package: Package | None = None
    locals: set[str] = field(default_factory=set)  # upper names declared in the unit (shadow package members)
    collections: dict[str, str] = field(default_factory=dict)  # upper collection variable -> its array type
    cursors: set[str] = field(default_factory=set)  # upper names of explicit cursors
    cursor_defaults: dict[str, list[str | None]] = field(default_factory=dict)  # cursor -> its parameters' defaults
    types: dict[str, str] = field(default_factory=dict)  # upper local type name -> PostgreSQL type
    exceptions: dict[str, str] = field(default_factory=dict)  # upper user exception -> SQLSTATE
    attributes: set[tuple[str, str]] = field(default_factory=set)  # (CURSOR, ATTR) used, SQL for implicit
    records: dict[str, str] = field(default_factory=dict)  # loop record -> type, to declare
    computed: set[str] = field(default_factory=set)  # 'rec.field' its query computes (plsql_loopfields)
    extra: dict[str, str] = field(default_factory=dict)  # helper variables to declare: name -> type
    findings: list[Finding] = field(default_factory=list)
    handler_depth: int = 0  # blocks with an EXCEPTION section around the current statement
    deferred_commits: dict[int, str] = field(default_factory=dict)  # id(COMMIT) -> its flag (plsql_commits)
    not_null: set[str] = field(default_factory=set)  # upper names of NOT NULL and CONSTANT variables (plsql_decl)
    handling: int = 0  # exception handlers (WHEN ... THEN) the current statement is in
    tables: set[str] = field(default_factory=set)  # tables the unit reads (deploy dependencies)
    calls: set[str] = field(default_factory=set)  # routines of the run it calls (deploy dependencies)
    dynamic: set[str] = field(default_factory=set)  # variables assigned one SQL literal run by EXECUTE IMMEDIATE
    nested: dict[str, str] = field(default_factory=dict)  # upper nested subprogram -> the routine it became
    home: str = ""  # the schema the unit's routines are created in (a package's own schema)
    routine_name: str = ""  # the routine being converted (names its record types)
    prelude: list[str] = field(default_factory=list)  # statements the routine needs created first (record types)
    transaction_control: bool = False  # COMMIT / ROLLBACK kept: no SET clause allowed on the procedure
    dates: set[str] = field(default_factory=set)  # lower names of DATE variables and parameters
    timestamps: set[str] = field(default_factory=set)  # lower names of TIMESTAMP ones (a difference is an INTERVAL)
    stamp_digits: dict[str, int] = field(default_factory=dict)  # TIMESTAMP(1-6) ones -> digits (their NLS text)
    elements: dict[str, str] = field(default_factory=dict)  # upper collection of an array domain -> element type
    integers: set[str] = field(default_factory=set)  # lower names of PLS_INTEGER / INTEGER variables and parameters
    numbers: dict[str, str] = field(default_factory=dict)  # lower NUMBER variable / parameter -> its NUMBER kind
    texts: set[str] = field(default_factory=set)  # lower names of VARCHAR2 / CHAR / CLOB variables and parameters
    text_widths: dict[str, int] = field(default_factory=dict)  # lower text variable -> its length limit (0: none)
    binaries: set[str] = field(default_factory=set)  # lower names of RAW / BLOB ones (bytea)
    params: set[str] = field(default_factory=set)  # upper names of the routine's parameters
    constants: dict[str, str] = field(default_factory=dict)  # lower local CONSTANT -> its string literal's value
    autonomous: bool = False  # an autonomous-transaction procedure converted for dblink (plsql_autonomous)
    forwards_error: bool = False  # its wrapper forwards the caller's published error (plsql_autonomous)
    final_commit: Stmt | None = None  # its final COMMIT: the dblink call commits when it returns (its own end)
    final_rollbacks: set[int] = field(default_factory=set)  # ids of ROLLBACKs its top block's undoing stands for
    commits: bool = False  # a procedure with COMMIT / ROLLBACK: no SET search_path, so its owner tables are qualified
    comment_at: int = 0  # the next source comment to emit
    row_names: dict[str, str] = field(default_factory=lambda: {"NEW": "NEW", "OLD": "OLD"})  # :NEW, :OLD aliases
    trigger_return: str = "RETURN NULL;"  # how a trigger function returns (NEW, OLD or NULL per timing)
    updating: dict[str, str] = field(default_factory=dict)  # UPDATING('COL') -> its test (plsql_updating)
    entry: str = ""  # the first statement of the routine's body (plsql_init.guard)
    copies: list[tuple[str, str]] = field(default_factory=list)  # written outer variables of a width (plsql_closures)
    statement_columns: dict[tuple[int, int], Any] = field(default_factory=dict)  # by statement span (plsql_sqlnames)
    object_vars: dict[str, str] = field(default_factory=dict)  # upper variable -> its object type's registry key
    record_vars: dict[str, str] = field(default_factory=dict)  # upper variable -> its RECORD type with collections
    previous: Stmt | None = None  # the statement before the current one in its list (plsql_stmt.emit_statements)
    self_type: str = ""  # registry key of the object type whose method is converted (plsql_typebody)
    leading_params: list[str] = field(default_factory=list)  # parameters before the source's (a method's self)
    returns_self: str = ""  # a constructor or member procedure: returns `self`, of this type (plsql_typebody)
    return_type: str = ""  # the PostgreSQL type the function returns (plsql_outfn.return_call)
    out_result: str = ""  # the OUT parameter a function with OUT parameters returns its value in (plsql_outfn)
    guarded: Callable[[RewriteOptions], RewriteOptions] | None = None  # the current statement's (plsql_guards)
    guards: list[str] = field(default_factory=list)  # the checks the current statement needs (plsql_guards)

    def options(self) -> RewriteOptions:
        """The run's facts and settings (DdlContext.routine_options: NLS settings, NUMBER / JSON columns, object
        types), with what the unit knows: its DATE and integer variables, the run's functions returning dates.
        One object per distinct state (kept on the run), so the rewrites' caches find it by a hash made once."""
        key = (frozenset(self.dates), frozenset(self.timestamps), tuple(sorted(self.stamp_digits.items())), frozenset(self.integers), frozenset(self.computed),
               tuple(sorted(self.numbers.items())), element_kinds(self.collections, self.elements), self.commits, self.owner,
               self.schema, frozenset(self.texts), frozenset(self.locals | self.params), _run_stamp(self.ctx))  # fmt: skip
        cache = run_state(self.ctx, "plsql_options", dict[tuple[object, ...], RewriteOptions])
        if key not in cache:
            cache[key] = self._options()
        return cache[key]

    def _options(self) -> RewriteOptions:
        options = self.ctx.routine_options(frozenset(self.dates))
        members = object_members(self.ctx)  # a type with a constructor of its own: called as a function
        own = frozenset(k for k, t in members.items() if any(m.startswith("CONSTRUCTOR") for m in t.methods.values()))
        return replace(
            options,
            integer_columns=frozenset(self.integers),
            variables=frozenset(name.lower() for name in self.locals | self.params),
            date_variables=frozenset(self.dates),
            timestamp_variables=frozenset(self.timestamps),
            oracle_date_columns=options.oracle_date_columns | frozenset(self.dates),  # DATE variables print as DATEs
            timestamp_digits=tuple(sorted({**dict(options.timestamp_digits), **self.stamp_digits}.items())),
            computed_fields=frozenset(self.computed),
            timestamp_columns=(options.timestamp_columns - frozenset(self.dates)) | frozenset(self.timestamps),
            date_functions=frozenset(date_functions(self.ctx)),
            regex_helper=REGEX_MARKER,  # plsql_regex: the unit's own schema put in after the rewrite (cache-friendly)
            string_columns=options.string_columns | frozenset(self.texts),  # num_col = p_text: a numeric compare
            number_columns=options.number_columns + tuple(self.numbers.items()),
            number_functions=tuple(sorted((k, v) for k, v in number_functions(self.ctx).items() if v)),
            user_types=tuple(t for t in options.user_types if t.name not in own) if own else options.user_types,
            typed_columns=typed_collections(options.typed_columns, self.elements, self.collections),
            element_kinds=element_kinds(self.collections, self.elements),
            user_packages=frozenset(name.split(".")[-1] for name in packages(self.ctx)),
            **self._owner_tables(),
        )

    def _owner_tables(self) -> dict[str, Any]:
        """For a procedure that commits: the owner's schema and its tables (RewriteOptions.owner_tables)."""
        if not self.commits:
            return {}
        tables = frozenset(name.lower() for schema, name in self.ctx.tables if schema == self.owner.upper())
        sequences = frozenset(q.split(".", 1)[1] for q in self.ctx.sequences if q.startswith(f"{self.schema}."))
        if not tables and not sequences:
            return {}
        return {"owner_schema": self.schema, "owner_tables": tables, "owner_sequences": sequences}

    def options_with_constants(self, placeholders: dict[str, str], statement: bool) -> RewriteOptions:
        """The options, with the string constants a text reads: package constants by the placeholder standing
        for their accessor call, local ones by name (not inside a SQL statement, where a column of that name wins)."""
        packaged = literal_constants(self.ctx)
        found = {name: packaged[call] for name, call in placeholders.items() if call in packaged}
        if not statement:
            found.update(self.constants)
        options = self.guarded(self.options()) if self.guarded else self.options()
        if found:
            options = replace(options, string_constants=tuple(sorted(found.items())))
        # package state read through its accessor: a VARCHAR2 or a NUMBER to the rewrites' implicit conversions
        kinds = state_kinds(self.ctx)
        typed = {name: kinds.get(call.removesuffix("()").replace('"', "").lower(), "") for name, call in
                 placeholders.items() if call.endswith("()")}  # fmt: skip
        texts = frozenset(name for name, kind in typed.items() if kind == "string")
        numbers = tuple(sorted((name, kind) for name, kind in typed.items() if kind and kind != "string"))
        if not texts and not numbers:
            return options
        # one object per distinct state, as options() keeps them: the rewrites' caches find it again
        made = run_state(
            self.ctx,
            "plsql_state_options",
            dict[tuple[int, frozenset[str], tuple[tuple[str, str], ...]], tuple[RewriteOptions, RewriteOptions]],
        )
        key = (id(options), texts, numbers)
        if key not in made or made[key][0] is not options:
            made[key] = (options, replace(options, string_columns=options.string_columns | texts,
                                          number_columns=options.number_columns + numbers))  # fmt: skip
        return made[key][1]

    def declared(self, name: str, type_: str, stamp: bool = False) -> None:
        """A variable or parameter: DATE ones make `v + 1` date arithmetic and print in NLS_DATE_FORMAT; `stamp`:
        declared TIMESTAMP (a TIMESTAMP(0) maps to the type a DATE does)."""
        self.dates.update([name.lower()] if is_date_type(type_) and not stamp else [])
        (self.timestamps.add if is_timestamp_type(type_) or stamp else self.timestamps.discard)(name.lower())
        digits = type_.removeprefix("timestamp(").removesuffix(")")  # timestamp(6): TIMESTAMP's text has 6 digits
        self.stamp_digits.update({name.lower(): int(digits)} if digits in "123456" and len(digits) == 1 else {})
        if type_.split(" ")[0] in INTEGER_TYPES:
            self.integers.add(name.lower())
        (self.texts.add if is_text_type(type_) else self.texts.discard)(name.lower())
        width = text_width(type_)
        self.text_widths.update({name.lower(): width}) if width is not None else self.text_widths.pop(
            name.lower(), None
        )
        (self.binaries.add if is_binary_type(type_) else self.binaries.discard)(name.lower())
        kind = number_kind_of_type(type_)
        self.numbers.update({name.lower(): kind}) if kind else self.numbers.pop(name.lower(), None)
        if type_ in record_collections(self.ctx):  # a RECORD with collection fields: r.f(i) is an element
            self.record_vars[name.upper()] = type_
        else:
            self.record_vars.pop(name.upper(), None)
        element = next((e for target, e in object_types(self.ctx).values() if e and target == type_), "")
        if element:  # a schema-level TABLE OF / VARRAY type: an array domain
            self.collections[name.upper()] = type_
            self.elements[name.upper()] = element

    def at(self, token: int) -> Location | None:
        return self.src.location(self.location, token)

    def flag(self, rule_id: str, token: int, detail: str = "", snippet: str = "") -> Finding:
        found = plsql_finding(rule_id, detail, self.at(token), snippet)
        self.findings.append(found)
        return found

    def name_resolution(self) -> tuple[str, ...]:
        """The routine's SET search_path: unqualified names resolve in the owner's schema, as in Oracle (PL/pgSQL
        would use the caller's search_path). A procedure that ends transactions cannot have a SET clause."""
        if self.transaction_control:
            if any("." not in t for t in self.tables):
                self.flag("AM-PLSQL-025", 0, ", ".join(sorted(t for t in self.tables if "." not in t)))
            return ()
        return (f"SET search_path = {quote(self.schema)}, public",)

    def package_of(self, name: str) -> Package | None:
        return packages(self.ctx).get(name.upper())

    def routine_key(self, name: str) -> str | None:
        """The dependency key of an unqualified routine of the owner's schema, if the run has it."""
        key = f"{self.schema}.{name.lower()}"
        return key if key in self.ctx.routines else None

    def out_callee(self, i: int, end: int) -> tuple[str, int] | None:
        """(registry key, index of its `(`) when tokens from `i` call a function with OUT parameters; the index is
        `end` for a call without arguments or parentheses (`v := next_id;`)."""
        registry = out_functions(self.ctx)
        if not registry:
            return None
        tokens = self.src.tokens
        parts, j = [tokens[i]], i + 1
        while j + 1 < end and tokens[j].text == "." and len(parts) < 3:
            parts.append(tokens[j + 1])
            j += 2
        if (j > end or (j < end and tokens[j].text != "(")) or any(t.kind not in ("word", "qident") for t in parts):
            return None
        names = self.ctx.names
        words = [p.upper for p in parts]
        if len(parts) == 1:
            if words[0] in self.locals:
                return None
            if words[0] in self.nested:
                key = self.nested[words[0]]
            elif self.package is not None and words[0] in self.package.members:
                key = f"{self.package.schema}.{fold(parts[0].text, self.ctx.source)}"
            else:
                key = f"{self.schema}.{fold(parts[0].text, self.ctx.source)}"
        else:
            package = self.package_of(words[-2])
            owner = package.schema if package is not None else names.schema(parts[-2].text)
            key = f"{owner}.{fold(parts[-1].text, self.ctx.source)}"
        key = key.replace('"', "").lower()
        return (key, j) if key in registry else None

    def note_object(self, name: str, span: tuple[int, int]) -> None:
        """A variable or parameter declared with an object type: `v.method(...)` calls then resolve."""
        words = [t.upper for t in self.src.tokens[span[0] : span[1]] if t.text != "."]
        key = ".".join(words)
        registry = object_members(self.ctx)
        if key in registry or f"{self.owner.upper()}.{key}" in registry:
            self.object_vars[name.upper()] = key if key in registry else f"{self.owner.upper()}.{key}"

    def member_receiver(self, first: int, end: int) -> str | None:
        """`v.p(...)`, `SELF.p(...)` or (in a method) `p(...)` calling a MEMBER PROCEDURE: the variable that
        receives the changed object (member procedures become functions returning SELF, plsql_typebody)."""
        tokens, registry = self.src.tokens, object_members(self.ctx)
        if not registry or end - first < 1:
            return None
        own = registry.get(self.self_type)
        word = tokens[first].upper
        if own is not None and own.methods.get(word) == "MEMBER PROCEDURE" and word not in self.locals:
            return "self"
        if end - first < 3 or tokens[first + 1].text != ".":
            return None
        target = own if word == "SELF" and own is not None else registry.get(self.object_vars.get(word, ""))
        target = target or self.package_object(word)
        if target is not None and target.methods.get(tokens[first + 2].upper) == "MEMBER PROCEDURE":
            return "self" if word == "SELF" else tokens[first].text
        return None

    def package_object(self, name: str) -> ObjectType | None:
        """The object type of the unit's package variable `name` (upper; not shadowed by a local), if it has one."""
        if self.package is None or name not in self.package.variables or name in self.locals:
            return None
        type_ = self.package.variables[name].type
        return next((t for t in object_members(self.ctx).values() if t.target == type_), None)

    def overload(self, key: str, args: list[tuple[int, int]]) -> Signature | None:
        """The one overload of `key` the arguments (token spans) fit, or None."""
        tokens = self.src.tokens
        named = {tokens[a[0]].upper for a in args if a[1] - a[0] > 2 and tokens[a[0] + 1].text == "=>"}
        fits = [s for s in function_signatures(self.ctx).get(key, set()) if _accepts(s, len(args) - len(named), named)]
        return fits[0] if len(fits) == 1 else None

    def out_call(self, i: int, end: int) -> bool:
        """A call at token i to a function with OUT parameters (not to an overload of it without them)."""
        found = self.out_callee(i, end)
        if found is None:
            return False
        if found[1] == end:  # no parentheses: no arguments
            return self.overload(found[0], []) is None or found[0] in procedure_functions(
                self.ctx) or any(m != "IN" for _, m, _ in self.overload(
                found[0], []) or ())  # fmt: skip
        tokens, depth, args, start = self.src.tokens, 0, [], found[1] + 1
        for j in range(found[1], end):
            depth += {"(": 1, ")": -1}.get(tokens[j].text, 0)
            if (depth == 1 and tokens[j].text == ",") or depth == 0:
                if j > start:
                    args.append((start, j))
                start = j + 1
            if depth == 0:
                break
        chosen = self.overload(found[0], args)
        procedure = found[0] in procedure_functions(self.ctx)
        return chosen is None or procedure or any(m != "IN" for _, m, _ in chosen)
