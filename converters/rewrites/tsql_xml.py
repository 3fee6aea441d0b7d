"""SQL Server xml methods with an exact PostgreSQL form: xml.value() of one node, and xml.nodes() in CROSS APPLY.

value('(path)[1]', 'type') is a scalar XMLTABLE: the string value of the node ('.' as text, not escaped), NULL when
the path finds nothing, cast to the type. The XQuery prolog may declare namespaces; XPath 1.0 has no default
element namespace, so `declare default element namespace` binds a prefix of its own, put on every element step.

CROSS APPLY x.nodes('path') AS t(ref) is CROSS JOIN LATERAL XMLTABLE('path' PASSING x COLUMNS ref xml PATH '.'):
one row per node, ref holding the node (OUTER APPLY keeps the row with a NULL ref, as LEFT JOIN LATERAL ... ON
TRUE). t.ref.value(...) then reads that node: a relative path starts at the node, which is the root element of
ref's document (so 'a[1]' is read as '/*/a[1]'); an absolute path means the original document's root, which ref's
document only is when nodes() selected the root element itself (a one-step '/name' path); otherwise it stays
manual. Anything else (text(), string(), predicates, axes) stays manual (CONV-TSQL-METHOD-001).
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp

from converters.rewrites.common import Context

_PROLOG = re.compile(r"""\s*declare\s+namespace\s+(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')\s*;""", re.IGNORECASE)
_DEFAULT_NS = re.compile(r"""\s*declare\s+default\s+element\s+namespace\s+(?:"([^"]*)"|'([^']*)')\s*;""", re.I)
# an element name step: not an attribute (@a), a prefix's local part (p:a), a prefix (a:) or a function (a())
_ELEMENT_STEP = re.compile(r"(?<![@\w:.\-])([A-Za-z_][\w.\-]*)(?![\w.\-]*[:(])")
_XPATH_1 = re.compile(r"^\(?[/@\w:.*\-]+(?:\[\d+\])?[/@\w:.*\-]*\)?\[1\]$")  # one node: (/a/b)[1]
_NODES_PATH = re.compile(r"^[/@\w:.*\-]+$")  # a location path without predicates or functions
_ROOT_STEP = re.compile(r"^/[\w:.\-]+$")  # '/name': the root element
NODE_META = "xml_nodes_ref"  # meta key on t.ref references: whether nodes() selected the root element


def xquery(query: str) -> tuple[list[tuple[str, str]], str] | None:
    """(namespaces as (prefix, uri), XPath 1.0 path) of an XQuery that is a prolog of namespace declarations and a
    path; None when it is more."""
    at, namespaces, default = 0, [], None
    while match := _PROLOG.match(query, at) or _DEFAULT_NS.match(query, at):
        if match.re is _DEFAULT_NS:
            default = match.group(1) if match.group(1) is not None else match.group(2)
        else:
            namespaces.append((match.group(1), match.group(2) if match.group(2) is not None else match.group(3)))
        at = match.end()
    path = query[at:].strip()
    if default is not None:  # a prefix of its own on every element step
        if "::" in path:
            return None
        prefix = next(p for p in (f"dns{n}" for n in range(len(namespaces) + 1)) if p not in dict(namespaces))
        namespaces.append((prefix, default))
        path = _ELEMENT_STEP.sub(lambda m: f"{prefix}:{m.group(1)}", path)
    return namespaces, path


def _namespaces(namespaces: list[tuple[str, str]]) -> str:
    names = ", ".join(f"{_lit(uri)} AS {prefix}" for prefix, uri in namespaces)
    return f"XMLNAMESPACES({names}), " if names else ""


def _lit(text: str) -> str:
    return exp.Literal.string(text).sql("postgres")


def _on_node(path: str, root_only: bool) -> str | None:
    """A value() path read on a nodes() ref: relative from the node (the root element of ref's document)."""
    body = path[1:] if path.startswith("(") else path
    if body.startswith("/"):
        return path if root_only else None
    return ("(/*/" + body) if path.startswith("(") else "/*/" + body


def xml_value(column: exp.Expression, call: exp.Anonymous) -> exp.Expression | None:
    """xml.value('(path)[1]', 'type') as a scalar XMLTABLE; None when it has no exact form here."""
    from converters.types import map_type
    from migrate.model import parse_column_type

    args = call.expressions
    if len(args) != 2 or not all(isinstance(a, (exp.Literal, exp.National)) for a in args):
        return None
    parsed = xquery(args[0].name)
    pg = map_type(parse_column_type(args[1].name, "sqlserver"), "sqlserver").sql
    if parsed is None or pg is None or not _XPATH_1.match(parsed[1]):
        return None
    namespaces, path = parsed
    if NODE_META in column.meta:
        path = _on_node(path, column.meta[NODE_META])  # type: ignore[assignment]
        if path is None:
            return None
    table = f"XMLTABLE({_namespaces(namespaces)}{_lit(path)} PASSING xml_value_doc COLUMNS v TEXT PATH '.')"
    tree = sqlglot.parse_one(f"CAST((SELECT v FROM {table} AS x) AS {pg})", read="postgres")
    for placeholder in tree.find_all(exp.Column):
        if placeholder.name == "xml_value_doc":
            placeholder.replace(column.copy())
    return tree


def nodes_tables(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """CROSS/OUTER APPLY x.nodes('path') AS t(ref) -> LATERAL XMLTABLE(... COLUMNS ref xml PATH '.') AS t."""
    for lateral in list(tree.find_all(exp.Lateral)):
        call, alias = lateral.this, lateral.args.get("alias")
        if not (isinstance(call, exp.Dot) and isinstance(call.expression, exp.Anonymous)):
            continue
        method = call.expression
        columns = alias.columns if alias is not None else []
        if method.name.upper() != "NODES" or len(method.expressions) != 1 or len(columns) != 1:
            continue
        argument = method.expressions[0]
        parsed = xquery(argument.name) if isinstance(argument, (exp.Literal, exp.National)) else None
        if parsed is None or not _NODES_PATH.match(parsed[1]):
            continue
        namespaces, path = parsed
        ref = columns[0].name
        select = sqlglot.parse_one(
            f"SELECT * FROM XMLTABLE({_namespaces(namespaces)}{_lit(path)} PASSING xml_nodes_doc "
            f"COLUMNS {exp.to_identifier(ref).sql('postgres')} xml PATH '.')",
            read="postgres",
        )
        source = select.find(exp.From)
        if source is None:
            continue
        table = source.this
        for placeholder in table.find_all(exp.Column):
            if placeholder.name == "xml_nodes_doc":
                placeholder.replace(
                    exp.column(call.this.name) if isinstance(call.this, exp.Identifier) else call.this.copy()
                )
        _mark_refs(tree, alias.name, ref, bool(_ROOT_STEP.match(parsed[1])))
        lateral.set("this", table)
        alias.set("columns", None)
    return tree


def _mark_refs(tree: exp.Expression, alias: str, ref: str, root_only: bool) -> None:
    """Tag every t.ref the query reads, so value() on it knows it reads a node."""
    for dot in tree.find_all(exp.Dot):
        this, name = dot.this, dot.expression
        named = isinstance(this, exp.Identifier) and isinstance(name, exp.Identifier)
        if named and this.name.lower() == alias.lower() and name.name.lower() == ref.lower():
            dot.meta[NODE_META] = root_only
