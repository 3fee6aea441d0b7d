"""Statements on string-keyed maps (plsql_maps): m(k) := v and m.DELETE[(k[, k2])], on a variable of the unit or
on package state (`g` or `pkg.g`, read through its accessor and written through its setter)."""

from __future__ import annotations

from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_expr import convert_span
from converters.procedural.plsql_mapdomain import binary_order, map_types
from converters.procedural.plsql_parse import Stmt
from converters.procedural.plsql_scope import Package, Scope
from converters.procedural.plsql_textvalue import text_value
from converters.procedural.plsql_tree import closing
from converters.procedural.plsql_typekinds import is_text_type


def _target(scope: Scope, first: int, end: int) -> tuple[int, Package | None, tuple[str, int, str]] | None:
    """(index of the map's name, the package whose state it is or None, (element, key length, helpers)) for a map
    named at `first` (`m`, `g`, `pkg.g`)."""
    tokens = scope.src.tokens
    name = tokens[first].upper
    registry = map_types(scope)
    if name in scope.collections and scope.collections[name] in registry:
        own = scope.package
        state = own is not None and name in own.variables and name not in scope.locals
        return first, own if state else None, registry[scope.collections[name]]
    other = scope.package_of(name)
    if other is None or first + 2 >= end or tokens[first + 1].text != ".":
        return None
    variable = other.variables.get(tokens[first + 2].upper)
    if variable is None or variable.type not in registry:
        return None
    return first + 2, other, registry[variable.type]


def _read_write(scope: Scope, at: int, package: Package | None) -> tuple[str, str]:
    """(how to read the map, how to write a new value `{}` into it)."""
    tokens = scope.src.tokens
    if package is None:
        return tokens[at].text, f"{tokens[at].text} := {{}};"
    name = tokens[at].upper.lower()
    return f"({package.schema}.{name}())", f"PERFORM {package.schema}.set_{name}({{}});"


def map_assign(scope: Scope, first: int, at: int, end: int, out: Lines) -> bool:
    """m(k) := v -> the value into a helper of the element type (which checks its length and precision as Oracle's
    assignment does), then m := aurora_map_put(m, k, n, to_jsonb(helper)) (a NULL or too long key: VALUE_ERROR)."""
    target = _target(scope, first, at)
    tokens = scope.src.tokens
    if target is None or tokens[target[0] + 1].text != "(":
        return False
    index, package, (element, length, helpers) = target
    close = closing(scope.src.tokens, index + 1, at)
    if close != at - 1:  # m(k).f := v: a field of a record element, assigned in place
        found = scope.flag("AM-PLSQL-011", first, f"{tokens[index].text}(...).field := ... (a field of an element)")
        out.action(found.rule_id, found.message)
        out.line(f"-- {' '.join(scope.src.slice((first, end)).split())};")
        return True
    key = text_value(scope, index + 2, close)
    value = text_value(scope, at + 1, end) if is_text_type(element) else convert_span(scope, (at + 1, end))
    helper = f"aurora_{tokens[index].upper.lower()}_value"
    scope.extra[helper] = element
    read, write = _read_write(scope, index, package)
    out.line(f"{helper} := {value};")
    out.line(write.format(f'"{helpers}".aurora_map_put({read}, {key}, {length}, to_jsonb({helper}))'))
    return True


def map_method(scope: Scope, stmt: Stmt, out: Lines) -> bool:
    """m.DELETE -> '{}'; m.DELETE(k) and m.DELETE(lo, hi) -> the keys in that range taken out (none when a bound is
    NULL or lo > hi, as Oracle does nothing then). Other methods are not methods of an associative array."""
    first, end = stmt.spans["all"]
    target = _target(scope, first, end)
    if target is None:
        return False
    tokens = scope.src.tokens
    index, package, (_, _, helpers) = target
    method = tokens[index + 2].upper if tokens[index + 1].text == "." else ""
    read, write = _read_write(scope, index, package)
    args = _arguments(scope, index + 3, end)
    if method == "DELETE" and not args:
        out.line(write.format("'{}'"))
    elif method == "DELETE" and len(args) <= 2 and (len(args) == 1 or binary_order(scope)):
        low, high = args[0], args[-1]  # DELETE(k): the range k..k, equal keys in any order
        out.line(write.format(f'"{helpers}".aurora_map_delete({read}, {low}, {high})'))
    else:
        rule = "AM-PLSQL-011" if method == "DELETE" else "AM-PLSQL-019"
        found = scope.flag(rule, first, f"{scope.src.slice((first, end))} on an associative array")
        out.action(rule, found.message)
        out.line(f"-- {scope.src.slice((first, end))};")
    return True


def _arguments(scope: Scope, open_: int, end: int) -> list[str]:
    """The converted arguments in the parentheses at `open_` ([] when there are none)."""
    tokens = scope.src.tokens
    if open_ >= end or tokens[open_].text != "(":
        return []
    close, depth, start, args = closing(scope.src.tokens, open_, end), 0, open_ + 1, []
    for j in range(open_ + 1, close + 1):
        depth += {"(": 1, ")": -1}.get(tokens[j].text, 0)
        if (tokens[j].text == "," and depth == 0) or j == close:
            if start < j:
                args.append(text_value(scope, start, j))
            start = j + 1
    return args


def map_into(scope: Scope, span: tuple[int, int]) -> None:
    """An INTO (or OUT argument) target that is a map's element has no one-statement form here: a finding."""
    tokens = scope.src.tokens
    for i in range(span[0], span[1] - 1):
        if tokens[i + 1].text != "(":
            continue
        dotted = i - 2 >= span[0] and tokens[i - 1].text == "."
        if _target(scope, i - 2 if dotted else i, span[1]) is not None:
            scope.flag("AM-PLSQL-011", i, f"{tokens[i].text}(...) as an INTO target")
