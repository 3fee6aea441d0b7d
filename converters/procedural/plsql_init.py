"""A package initialisation section (the BEGIN ... END of an Oracle package body) -> `pkg.aurora_init()`, run once
per session before the first use of the package.

Oracle runs the section once per session, the first time anything of the package is referenced (PL/SQL Language
Reference, "Package Instantiation and Initialization"). Here every way into the package runs the guard first:
each of its routines and each accessor of its state starts with

    IF current_setting('pkg.aurora_initialised', true) IS DISTINCT FROM 'y' THEN PERFORM pkg.aurora_init(); END IF;

and `aurora_init` marks the session before it runs the section, so what the section itself references (its own
state, the package's routines) does not start it again, as in Oracle. Constants are then read through the guard too
(no longer IMMUTABLE). The mark is a session setting, like the package state it initialises: a transaction that
rolls back undoes both (AM-PLSQL-012), and the section runs again at the next use to set them again. A section that
changes rows itself (DML, dynamic SQL, COMMIT) would change them again then: it stays manual (AM-PLSQL-013).
"""

from __future__ import annotations

from converters.names import quote
from converters.procedural.plpgsql import routine_ddl
from converters.procedural.plsql_handlers import changes
from converters.procedural.plsql_parse import Stmt
from converters.procedural.plsql_scope import Package, Scope
from converters.procedural.plsql_units import prescan, routine_body

FLAG = "aurora_initialised"
ROW_CHANGES = frozenset({"dml", "execute", "forall", "commit", "rollback"})


def guard(package: Package) -> str:
    """The first statement of every way into a package with an initialisation section ('' without one)."""
    if not package.init:
        return ""
    return (f"IF current_setting('{package.schema}.{FLAG}', true) IS DISTINCT FROM 'y' THEN "
            f"PERFORM {quote(package.schema)}.aurora_init(); END IF;")  # fmt: skip


def init_sql(scope: Scope, block: Stmt, qualified_name: str) -> str:
    """CREATE FUNCTION pkg.aurora_init() running the section once, or '' with AM-PLSQL-013 and the reason."""
    package = scope.package
    assert package is not None
    direct = [s for s in changes(scope, block.body) if s.kind in ROW_CHANGES]
    if direct:
        scope.flag("AM-PLSQL-013", block.first, f"{qualified_name}: its {direct[0].kind.upper()} statement would run "
                   "again in a session whose first use of the package was rolled back")  # fmt: skip
        return ""
    prescan(scope, block.first, block.end, [])
    text = routine_body(scope, [], block)
    directive, _, rest = text.partition("\n") if text.startswith("#") else ("", "", text)
    setting = f"{package.schema}.{FLAG}"
    inner = "".join(f"    {line}\n" if line else "\n" for line in rest.rstrip("\n").split("\n"))
    body = (f"{directive}\nBEGIN\n    IF current_setting('{setting}', true) = 'y' THEN\n        RETURN;\n    END IF;\n"
            f"    PERFORM set_config('{setting}', 'y', false);  -- before the section: what it uses finds the "
            f"package initialised\n{inner}END;\n")  # fmt: skip
    name = f"{quote(package.schema)}.aurora_init"
    return routine_ddl("function", name, [], "void", body.lstrip("\n"), scope.name_resolution())
