"""What the PL/SQL converter knows while it converts one unit: the names in scope (variables, collections,
cursors, exceptions, package members), the unit's kind, and the findings raised so far.

Packages seen earlier in the run (a spec is read before its body and before the units that call it) are kept on
the run's DdlContext, so a body, and any other unit, resolves `pkg.variable`, `pkg.exception` and `pkg.type`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from converters.ddl_context import DdlContext
from converters.names import quote
from converters.procedural.plsql_parse import Decl, Source
from converters.procedural.plsql_rules import plsql_finding
from converters.rewrites.common import RewriteOptions
from migrate.model import Finding, Location


@dataclass
class Variable:
    type: str  # PostgreSQL type
    constant: bool
    default: str  # PostgreSQL expression ('' for NULL)


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


def packages(ctx: DdlContext) -> dict[str, Package]:
    """The run's packages, by upper-case source name (kept on the context: one per convert run)."""
    found: dict[str, Package] | None = getattr(ctx, "plsql_packages", None)
    if found is None:
        found = {}
        ctx.plsql_packages = found  # type: ignore[attr-defined]
    return found


def object_types(ctx: DdlContext) -> dict[str, tuple[str, str]]:
    """The run's schema-level object and collection types: upper 'SCHEMA.NAME' and 'NAME' -> (target name,
    element type for a collection or '' for an object type)."""
    found: dict[str, tuple[str, str]] | None = getattr(ctx, "plsql_object_types", None)
    if found is None:
        found = {}
        ctx.plsql_object_types = found  # type: ignore[attr-defined]
    return found


def date_functions(ctx: DdlContext) -> set[str]:
    """The run's functions returning DATE / TIMESTAMP, lower-case schema.name: `f(x) - 1` is date arithmetic."""
    found: set[str] | None = getattr(ctx, "plsql_date_functions", None)
    if found is None:
        found = set()
        ctx.plsql_date_functions = found  # type: ignore[attr-defined]
    return found


def is_date_type(type_: str) -> bool:
    """An Oracle DATE (timestamp(0) here): `d + 1` adds a day and `d1 - d2` is a number of days. Not a TIMESTAMP,
    whose difference is an INTERVAL in Oracle as in PostgreSQL (and `ts + 1` would first drop its fractions)."""
    return type_ in ("timestamp(0)", "date")


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
    types: dict[str, str] = field(default_factory=dict)  # upper local type name -> PostgreSQL type
    exceptions: dict[str, str] = field(default_factory=dict)  # upper user exception -> SQLSTATE
    attributes: set[tuple[str, str]] = field(default_factory=set)  # (CURSOR, ATTR) used, SQL for implicit
    records: dict[str, str] = field(default_factory=dict)  # loop record -> type, to declare
    extra: dict[str, str] = field(default_factory=dict)  # helper variables to declare: name -> type
    findings: list[Finding] = field(default_factory=list)
    handler_depth: int = 0  # blocks with an EXCEPTION section around the current statement
    tables: set[str] = field(default_factory=set)  # tables the unit reads (deploy dependencies)
    calls: set[str] = field(default_factory=set)  # routines of the run it calls (deploy dependencies)
    dynamic: set[str] = field(default_factory=set)  # variables assigned one SQL literal run by EXECUTE IMMEDIATE
    nested: dict[str, str] = field(default_factory=dict)  # upper nested subprogram -> the routine it became
    home: str = ""  # the schema the unit's routines are created in (a package's own schema)
    routine_name: str = ""  # the routine being converted (names its record types)
    prelude: list[str] = field(default_factory=list)  # statements the routine needs created first (record types)
    transaction_control: bool = False  # COMMIT / ROLLBACK kept: no SET clause allowed on the procedure
    dates: set[str] = field(default_factory=set)  # lower names of DATE / TIMESTAMP variables and parameters
    elements: dict[str, str] = field(default_factory=dict)  # upper collection of an array domain -> element type
    integers: set[str] = field(default_factory=set)  # lower names of PLS_INTEGER / INTEGER variables and parameters
    autonomous: bool = False  # an autonomous-transaction procedure converted for dblink (plsql_autonomous)
    comment_at: int = 0  # the next source comment to emit
    row_names: dict[str, str] = field(default_factory=lambda: {"NEW": "NEW", "OLD": "OLD"})  # :NEW, :OLD aliases
    trigger_return: str = "RETURN NULL;"  # how a trigger function returns (NEW, OLD or NULL per timing)

    def options(self) -> RewriteOptions:
        ctx = self.ctx
        return RewriteOptions(
            use_orafce=ctx.settings.use_orafce,
            target_version=ctx.target_version,
            object_kind="routine",
            procedural=True,
            date_columns=ctx.date_columns | self.dates if self.dates else ctx.date_columns,
            string_columns=ctx.string_columns,
            integer_columns=frozenset(self.integers),
            date_functions=frozenset(date_functions(self.ctx)),
        )

    def declared(self, name: str, type_: str) -> None:
        """A variable or parameter: DATE ones make `v + 1` and TRUNC(v) date arithmetic in the rewrites."""
        if is_date_type(type_):
            self.dates.add(name.lower())
        if type_.split(" ")[0] in ("integer", "bigint", "smallint"):
            self.integers.add(name.lower())
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
