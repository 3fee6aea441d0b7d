"""Collections in statements: the INTO targets of a statement, BULK COLLECT INTO (-> array_agg, or a FETCH loop
with LIMIT), and the collection methods used as statements (EXTEND, DELETE, TRIM).

Collections are PostgreSQL arrays indexed from 1, as Oracle nested tables, VARRAYs and integer-indexed associative
arrays filled densely from 1 (what BULK COLLECT does).
"""

from __future__ import annotations

from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_attributes import attribute_variable
from converters.procedural.plsql_collection_methods import attribute_collection
from converters.procedural.plsql_elements import element_into
from converters.procedural.plsql_expr import convert_span, convert_text, put_back, rewrite_span
from converters.procedural.plsql_intodates import stamped_target
from converters.procedural.plsql_map_statements import map_into, map_method
from converters.procedural.plsql_parse import Span, Stmt
from converters.procedural.plsql_recdefaults import record_rows
from converters.procedural.plsql_scope import Package, Scope
from converters.procedural.plsql_tree import closing

TARGET_END = frozenset({"FROM", "WHERE", "GROUP", "ORDER", "UNION", "INTERSECT", "MINUS", "FOR", "HAVING",
                        "CONNECT", "START", "FETCH", "OFFSET", "LIMIT", "WINDOW", "MODEL", "EXCEPT"})  # fmt: skip


def into_split(scope: Scope, span: Span, kind: str = "select") -> tuple[list[Span], Span | None, bool]:
    """A statement's parts around its top-level [BULK COLLECT] INTO targets: (kept spans, targets, bulk).
    In DML only the INTO after RETURNING counts (INSERT INTO / MERGE INTO / INSERT ALL INTO are tables)."""
    tokens, depth = scope.src.tokens, 0
    first, end = span
    returning = kind != "dml"
    for i in range(first, end):
        text = tokens[i].upper or tokens[i].text
        depth += {"(": 1, ")": -1}.get(text, 0)
        if depth == 0 and text in ("RETURNING", "RETURN"):
            returning = True
        if depth == 0 and text == "INTO" and returning:
            bulk = i >= first + 2 and tokens[i - 2].upper == "BULK" and tokens[i - 1].upper == "COLLECT"
            stop = i + 1
            while stop < end and tokens[stop].upper not in TARGET_END:
                stop = min(closing(tokens, stop, end) + 1, end) if tokens[stop].text == "(" else stop + 1
            return [(first, i - 2 if bulk else i), (stop, end)], (i + 1, stop), bulk
    return [span], None, False


def targets_text(scope: Scope, span: Span) -> str:
    """Assignment and INTO targets: PL/SQL-only forms rewritten (v(i), :NEW.x), no SQL conversion needed."""
    text, values = rewrite_span(scope, span)
    return put_back(text, values)


def into_targets(scope: Scope, span: Span, items: list[Span] | None = None) -> tuple[str, list[str]]:
    """INTO targets, and the statements to run after: a package variable (g or pkg.g) is read into a helper
    variable of its type, then written through its setter (package state lives in session settings); with the
    SELECT's `items`, a TIMESTAMP read into a DATE variable goes through a helper too (plsql_intodates)."""
    texts: list[str] = []
    after: list[str] = []
    start = span[0]
    tokens = scope.src.tokens
    map_into(scope, span)  # an element of a string-keyed map: a finding
    for i in range(span[0], span[1] + 1):
        if i < span[1] and tokens[i].text != ",":
            continue
        item = items[len(texts)] if items and len(items) == _count(scope, span) else None
        state = (_package_target(scope, (start, i)) or element_into(scope, start, i)  # INTO v(i) (plsql_elements)
                 or (stamped_target(scope, item, (start, i)) if item is not None else None))  # fmt: skip
        if state is None:
            texts.append(targets_text(scope, (start, i)))
        elif state[2].endswith(";"):  # an element: read into a helper, then assigned
            helper, type_, assignment = state
            scope.extra[helper] = type_
            texts.append(helper)
            after.append(assignment)
        else:
            helper, type_, setter = state
            scope.extra[helper] = type_
            texts.append(helper)
            after.append(f"PERFORM {setter}({helper});")
        start = i + 1
    return ", ".join(texts), after


def _count(scope: Scope, span: Span) -> int:
    return 1 + sum(t.text == "," for t in scope.src.tokens[span[0] : span[1]])


def _package_target(scope: Scope, span: Span) -> tuple[str, str, str] | None:
    """(helper variable, its type, the setter) when the target is a package variable as a whole."""
    tokens = scope.src.tokens[span[0] : span[1]]
    words = [t.upper for t in tokens if t.text != "."]
    if not words or words[0] in scope.locals:
        return None
    package = scope.package if len(tokens) == 1 else None
    if len(tokens) == 3 and tokens[1].text == ".":
        package = scope.package_of(words[0])
    name = words[-1]
    if package is None or name not in package.variables or not package.variables[name].type:
        return None
    helper = (
        f"aurora_into_{name.lower()}" if package is scope.package else f"aurora_into_{package.schema}_{name.lower()}"
    )
    return helper, package.variables[name].type, f"{package.schema}.set_{name.lower()}"


def target_names(scope: Scope, span: Span) -> list[tuple[str, str]]:
    """(text, upper name) of each comma-separated target."""
    names, start = [], span[0]
    tokens = scope.src.tokens
    for i in range(span[0], span[1] + 1):
        if i == span[1] or tokens[i].text == ",":
            names.append((targets_text(scope, (start, i)), tokens[start].upper))
            start = i + 1
    return names


def _element(scope: Scope, package: Package | None, name: str) -> str:
    """The element type of collection `name` (upper), a variable of `package` or of the unit (package None)."""
    array = package.variables[name].type if package is not None else scope.collections.get(name)
    return array[:-2] if array and array.endswith("[]") else element_type(scope, name)


def element_type(scope: Scope, name: str) -> str:
    array = scope.collections.get(name, "")
    return array[:-2] if array.endswith("[]") else scope.elements.get(name, "")


def bulk_select(scope: Scope, stmt: Stmt, parts: list[Span], targets: Span, out: Lines) -> str:
    """SELECT a, b BULK COLLECT INTO x, y FROM ... -> one array per column, from array_agg over the query (an
    empty collection when there is no row, as Oracle: never NULL). DML ... RETURNING a BULK COLLECT INTO x -> the
    same over a WITH ... RETURNING (a data-changing statement cannot be a subquery in FROM). Returns the number of
    rows, what SQL%ROWCOUNT gives after it."""
    texts: list[str] = []
    values: list[str] = []
    for part in parts:
        text, found = rewrite_span(scope, part)
        texts.append(_shift(text, len(values)))
        values += found
    query = convert_text(scope, " ".join(texts), values, stmt.first, statement=True)
    names = target_names(scope, targets)
    single = element_type(scope, names[0][1]) if len(names) == 1 else ""
    columns = [f"c{n}" for n in range(1, len(names) + 1)]
    if stmt.kind == "dml":
        source = f"WITH q({', '.join(columns)}) AS (\n{query}\n)\nSELECT {{}}\nFROM q"
    else:
        source = f"SELECT {{}}\nFROM (\n{query}\n) AS q({', '.join(columns)})"
    if single and "." in single:  # a collection of rows (%ROWTYPE): one array of the row type
        if stmt.kind == "dml":
            source = f"WITH q AS (\n{query}\n)\nSELECT {{}}\nFROM q"
        else:
            source = f"SELECT {{}}\nFROM (\n{query}\n) AS q"
        out.line(source.format(f"coalesce(array_agg(ROW(q.*)::{single}), '{{}}')") + f"\nINTO {names[0][0]};")
        return f"coalesce(cardinality({names[0][0]}), 0)"
    aggs = ", ".join(f"coalesce(array_agg(q.{c}), '{{}}')" for c in columns)
    into = ", ".join(text for text, _ in names)
    out.line(source.format(aggs) + f"\nINTO {into};")
    return f"coalesce(cardinality({names[0][0]}), 0)"


def _shift(text: str, offset: int) -> str:
    if not offset:
        return text
    import re

    return re.sub(r"\baurora_ph_(\d+)\b", lambda m: f"aurora_ph_{int(m.group(1)) + offset}", text)


def bulk_fetch(scope: Scope, stmt: Stmt, cursor: str, parts: list[Span], targets: Span, out: Lines) -> None:
    """FETCH c BULK COLLECT INTO x, y [LIMIT n] -> a FETCH loop appending to the arrays (at most n rows)."""
    tokens = scope.src.tokens
    rest = parts[1]
    limit = ""
    if rest[0] < rest[1] and tokens[rest[0]].upper == "LIMIT":
        limit = convert_span(scope, (rest[0] + 1, rest[1]))
    names = target_names(scope, targets)
    holders = []
    for n, (_text, name) in enumerate(names, 1):
        element = element_type(scope, name)
        if not element:
            found = scope.flag("AM-PLSQL-019", stmt.first, f"BULK COLLECT into {name}, not a known collection")
            out.action(found.rule_id, found.message)
        holder = f"aurora_{cursor.lower()}_{n}"
        scope.extra[holder] = element or "record"
        holders.append(holder)
    empty = [f"'{{}}'::{element_type(scope, name)}[]" if element_type(scope, name) else "'{}'" for _, name in names]
    out.line("; ".join(f"{text} := {value}" for (text, _), value in zip(names, empty)) + ";")
    out.line("LOOP")
    out.indent()
    if limit:
        out.line(f"EXIT WHEN coalesce(cardinality({names[0][0]}), 0) >= {limit};")
    out.line(f"FETCH {tokens[stmt.first + 1].text} INTO {', '.join(holders)};")
    out.line("EXIT WHEN NOT FOUND;")
    for (text, _), holder in zip(names, holders):
        out.line(f"{text} := {text} || {holder};")
    out.dedent()
    out.line("END LOOP;")
    # %NOTFOUND after a bulk fetch: fewer rows than LIMIT came back; %ROWCOUNT grows by the rows fetched
    track_fetch(scope, cursor, out, f"coalesce(cardinality({names[0][0]}), 0)", only_if_found=False)


def track_fetch(scope: Scope, cursor: str, out: Lines, rows: str, only_if_found: bool = True) -> None:
    """Keep the cursor attributes the unit reads (%FOUND, %NOTFOUND, %ROWCOUNT) after a FETCH of `rows` rows."""
    used = {a for c, a in scope.attributes if c == cursor}
    if used & {"FOUND", "NOTFOUND"}:
        scope.extra[attribute_variable(cursor, "FOUND")] = "boolean"
        out.line(f"{attribute_variable(cursor, 'FOUND')} := FOUND;")
    if "ROWCOUNT" in used:
        count = attribute_variable(cursor, "ROWCOUNT")
        scope.extra[count] = "bigint := 0"
        step = f"{count} := {count} + {rows};"
        out.line(f"IF FOUND THEN {step} END IF;" if only_if_found else step)


def collection_target(scope: Scope, first: int, end: int) -> tuple[int, Package | None] | None:
    """`v.` / `pkg.v.` at `first` naming a collection: (index of its name, the package whose state it is, or None
    for a variable of the unit)."""
    tokens = scope.src.tokens
    name = tokens[first].upper
    own = scope.package
    if name in scope.collections and first + 1 < end and tokens[first + 1].text == ".":
        state = own is not None and name in own.variables and name not in scope.locals
        return first, own if state else None
    other = scope.package_of(name)
    if other is None or first + 4 >= end or tokens[first + 1].text != "." or tokens[first + 3].text != ".":
        return None
    variable = other.variables.get(tokens[first + 2].upper)
    return (first + 2, other) if variable is not None and variable.type.endswith("[]") else None


def collection_method(scope: Scope, stmt: Stmt, out: Lines) -> None:
    """v.EXTEND[(n)] / v.DELETE / v.TRIM[(n)] as statements; on package state (g or pkg.g) read from the accessor and
    set through the setter; on a collection attribute of an object (SELF.a.EXTEND) the attribute of the composite."""
    if map_method(scope, stmt, out):  # a string-keyed map (plsql_maps)
        return
    first, end = stmt.spans["all"]
    tokens = scope.src.tokens
    target = collection_target(scope, first, end)
    attribute = attribute_collection(scope, first, end) if target is None else None
    at, package = target or (first, None)
    var, dot, element = tokens[at].text, at + 1, _element(scope, package, tokens[at].upper)
    if attribute is not None:  # SELF.a.EXTEND: a collection attribute of an object
        var, dot, element = attribute[0], attribute[2], attribute[1][1]
    method = tokens[dot + 1].upper
    arg = convert_span(scope, (dot + 3, end - 1)) if dot + 2 < end and tokens[dot + 2].text == "(" else ""
    read, write = var, f"{var} := {{}};"
    if package is not None:  # package state: its accessor's value, set through its setter
        name = tokens[at].upper.lower()
        read, write = f"({package.schema}.{name}())", f"PERFORM {package.schema}.set_{name}({{}});"
    if method == "EXTEND" and element and element in record_rows(scope):  # Oracle initialises the new elements
        found = scope.flag("AM-PLSQL-010", first, f"{var}.EXTEND: elements of a record type with field defaults")
        out.action(found.rule_id, found.message)
    elif method == "EXTEND" and element:
        out.line(write.format(f"coalesce({read}, '{{}}') || array_fill(NULL::{element}, ARRAY[{arg or 1}])"))
    elif method == "DELETE" and not arg:
        out.line(write.format("'{}'"))
    elif method == "TRIM":
        out.line(write.format(f"{read}[1:coalesce(cardinality({read}), 0) - {arg or 1}]"))
    else:
        found = scope.flag("AM-PLSQL-019", first, f"{var}.{method}({arg}) on a collection")
        out.action(found.rule_id, found.message)
        out.line(f"-- {scope.src.slice((first, end))};")
        return
