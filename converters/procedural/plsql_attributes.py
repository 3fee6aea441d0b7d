"""Words of PL/SQL expressions that read run-time state: cursor attributes (`c%FOUND`, `SQL%ROWCOUNT`,
`SQL%BULK_EXCEPTIONS(j).ERROR_CODE` ...) from the helper variables the converted statements keep up to date
(plsql_stmt, plsql_forall), and a trigger's row and operation (`:NEW.x`, INSERTING / UPDATING / DELETING)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk

CURSOR_ATTRIBUTES = frozenset({"FOUND", "NOTFOUND", "ROWCOUNT", "ISOPEN", "BULK_ROWCOUNT", "BULK_EXCEPTIONS"})
ATTRIBUTE_TYPES = {"FOUND": "boolean", "NOTFOUND": "boolean", "ROWCOUNT": "bigint := 0", "ISOPEN": "boolean := false"}
TRIGGER_PREDICATES = {"INSERTING": "INSERT", "UPDATING": "UPDATE", "DELETING": "DELETE"}


def cursor_attribute(w: Walk, i: int) -> tuple[str, int] | None:
    """c%FOUND, SQL%ROWCOUNT...: helper variables the statements keep up to date (see plsql_stmt)."""
    if w.text(i + 1) != "%" or w.word(i + 2) not in CURSOR_ATTRIBUTES or not w.word(i):
        return None
    cursor, attribute = w.word(i), w.word(i + 2)
    w.scope.attributes.add((cursor, attribute))
    name = attribute_variable(cursor, attribute)
    if attribute in ("BULK_ROWCOUNT", "BULK_EXCEPTIONS"):
        done = bulk_attribute(w, i + 3, attribute) if cursor == "SQL" else None
        if done is None:
            w.scope.flag("AM-PLSQL-019", i, f"{cursor}%{attribute}")
        return done
    w.scope.extra.setdefault(name, ATTRIBUTE_TYPES[attribute])  # declared even if nothing sets it (never opened)
    if attribute == "NOTFOUND":
        return w.placeholder(f"(NOT {name})"), i + 3
    if attribute == "ROWCOUNT":  # a NUMBER to the query rewrites: `c%ROWCOUNT > p_text` reads p_text as one
        w.scope.numbers[name] = "integer"
        w.scope.integers.add(name)
        return name, i + 3
    return w.placeholder(name), i + 3


# the arrays plsql_forall fills: SQL%BULK_EXCEPTIONS(j).ERROR_INDEX / ERROR_CODE, SQL%BULK_ROWCOUNT(i)
BULK_ARRAYS = {"ERROR_INDEX": "aurora_sql_bulk_index", "ERROR_CODE": "aurora_sql_bulk_code",
               "BULK_ROWCOUNT": "aurora_sql_bulk_rowcount"}  # fmt: skip


def bulk_attribute(w: Walk, j: int, attribute: str) -> tuple[str, int] | None:
    """SQL%BULK_EXCEPTIONS.COUNT, SQL%BULK_EXCEPTIONS(k).ERROR_INDEX / ERROR_CODE, SQL%BULK_ROWCOUNT(i)."""
    extra = w.scope.extra
    if attribute == "BULK_EXCEPTIONS" and w.text(j) == "." and w.word(j + 1) == "COUNT":
        extra.setdefault(BULK_ARRAYS["ERROR_INDEX"], "integer[] := '{}'::integer[]")
        return w.placeholder(f"coalesce(cardinality({BULK_ARRAYS['ERROR_INDEX']}), 0)"), j + 2
    if w.text(j) != "(":
        return None
    close = w.matching(j)
    field = w.word(close + 2) if attribute == "BULK_EXCEPTIONS" and w.text(close + 1) == "." else attribute
    if field not in BULK_ARRAYS:
        return None
    extra.setdefault(
        BULK_ARRAYS[field], "bigint[] := '{}'::bigint[]" if field == attribute else "integer[] := '{}'::integer[]"
    )
    after = close + 1 if field == attribute else close + 3
    return w.placeholder(f"{BULK_ARRAYS[field]}[{w.inner(j + 1, close)}]"), after


def attribute_variable(cursor: str, attribute: str) -> str:
    """The helper variable holding a cursor attribute: SQL%FOUND -> aurora_sql_found, c%ROWCOUNT -> ..."""
    kind = {"NOTFOUND": "found"}.get(attribute, attribute.lower())
    return f"aurora_{cursor.lower()}_{kind}"


def trigger_row(w: Walk, i: int) -> tuple[str, int] | None:
    """:NEW.x / :OLD.x (or the REFERENCING names) -> NEW.x / OLD.x, the row variables of a trigger function."""
    if w.text(i) == ":" and w.scope.unit == "trigger":
        row = w.scope.row_names.get(w.word(i + 1))
        if row is not None:
            return row, i + 2
    return None


def trigger_predicate(w: Walk, i: int) -> tuple[str, int] | None:
    """INSERTING / UPDATING / DELETING -> TG_OP tests; UPDATING('col') has no exact form (finding)."""
    operation = TRIGGER_PREDICATES.get(w.word(i))
    if operation is None or w.scope.unit != "trigger" or (i > w.first and w.text(i - 1) == "."):
        return None
    if w.text(i + 1) == "(":
        close = w.matching(i + 1)
        form = w.scope.updating.get(w.text(i + 2).strip("'").strip().upper()) if close == i + 3 else None
        if form is not None:  # plsql_updating: the exact test this trigger can make
            return w.placeholder(form), close + 1
        w.scope.flag("AM-PLSQL-015", i, w.scope.src.slice((i, close + 1)))
        return None
    return w.placeholder(f"(TG_OP = '{operation}')"), i + 1
