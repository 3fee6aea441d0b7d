"""Oracle object and collection types in queries, defaults and checks.

The types themselves become a composite type (OBJECT) and an array domain (VARRAY, nested table) of the same
name (converters/procedural/plsql_objtypes.py); columns declared with them get those types
(converters/ddl_objtypes.py). Here, what a query does with them:

- a constructor `cust_address_typ('x', 'y')` -> `CAST(ROW('x', 'y') AS cust_address_typ)`, and a collection's
  `phone_list_typ('1', '2')` -> `CAST(ARRAY['1', '2'] AS phone_list_typ)` (no function call: it stays
  IMMUTABLE for a CHECK or an index, and needs no constructor function on the target);
- attribute access `c.cust_address.city` -> `(c.cust_address).city` (PostgreSQL reads `c.cust_address.city` as
  schema.table.column); Oracle requires the table alias there, so the first part is always an alias;
- `TABLE(collection)` in FROM -> `unnest(collection)`: a function in FROM may read the tables before it, as
  Oracle's TABLE() does; a collection of scalars names its one column COLUMN_VALUE, as Oracle does, and a
  collection of objects has the object's attributes as columns in both; `VALUE(t)` of such a FROM item is its
  element (`t.column_value`), or `VALUE(t).attr` its attribute (`t.attr`);
- `INSERT INTO t VALUES (obj)` into an object table (CREATE TABLE t OF type) -> `INSERT INTO t SELECT (obj).*`:
  Oracle stores the object's attributes as the row, and the converted table's columns are those attributes, in
  order (assessments/files/object_tables.py).
"""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.common import POSTGRES_TYPE, Context, UserType


def _types(ctx: Context) -> dict[str, UserType]:
    return {t.name: t for t in ctx.options.user_types}


def _type_of(name: str, ctx: Context) -> UserType | None:
    return _types(ctx).get(name.upper().rsplit(".", 1)[-1]) if ctx.options.user_types else None


def constructor(node: exp.Expression, ctx: Context) -> exp.Expression:
    """type_name(a, b) -> CAST(ROW(a, b) AS type) | CAST(ARRAY[a, b] AS type); TABLE(x) in FROM -> unnest(x)."""
    if not isinstance(node, exp.Anonymous) or not ctx.options.user_types:
        return node
    if node.name.upper() == "TABLE" and isinstance(node.parent, exp.Table) and len(node.expressions) == 1:
        return _unnest(node, ctx)
    if node.name.upper() == "MULTISET" and isinstance(node.parent, exp.Cast):
        return _multiset(node, ctx)
    if node.name.upper() == "VALUE" and len(node.expressions) == 1:
        return _value(node, ctx)
    if isinstance(node.parent, exp.Dot) and node.parent.expression is node:
        return node  # schema.type(...): handled on the Dot
    found = _type_of(node.name, ctx)
    if found is None:
        return node
    return _built(found, node.expressions)


def qualified_constructor(node: exp.Expression, ctx: Context) -> exp.Expression:
    """oe.cust_address_typ(a, b): the same, schema-qualified (the target name carries the schema)."""
    if not isinstance(node, exp.Dot) or not isinstance(node.expression, exp.Anonymous) or not ctx.options.user_types:
        return node
    if not isinstance(node.this, exp.Identifier):
        return node
    found = _type_of(node.expression.name, ctx)
    return node if found is None else _built(found, node.expression.expressions)


def _built(found: UserType, args: list[exp.Expression]) -> exp.Expression:
    target = exp.DataType.build(found.target, udt=True)
    if not found.collection:
        return exp.Cast(this=exp.Anonymous(this="ROW", expressions=_in_order(found, args)), to=target)
    if not args:  # an empty collection: PostgreSQL cannot type ARRAY[]
        return exp.Cast(this=exp.Literal.string("{}"), to=target)
    return exp.Cast(this=exp.Array(expressions=list(args)), to=target)


def _in_order(found: UserType, args: list[exp.Expression]) -> list[exp.Expression]:
    """The constructor's arguments in the attributes' order: `t(b => 2, a => 1)` names them (positional ones first,
    as Oracle requires); ROW takes them by position. Left as written when a name is not an attribute or one is
    missing (PostgreSQL then refuses the call)."""
    named = {str(a.this.name).upper(): a.expression for a in args if isinstance(a, exp.Kwarg)}
    if not named:
        return list(args)
    positional = [a for a in args if not isinstance(a, exp.Kwarg)]
    rest = found.attributes[len(positional) :]
    if set(named) != set(rest) or len(found.attributes) != len(positional) + len(named):
        return list(args)
    return positional + [named[name] for name in rest]


def _multiset(node: exp.Anonymous, ctx: Context) -> exp.Expression:
    """CAST(MULTISET(SELECT ...) AS coll_type) -> CAST(ARRAY(SELECT ...) AS coll_type): the subquery's rows as a
    collection (no row: an empty one, in both); a collection of objects takes each row's columns as ROW(...)."""
    query = node.expressions[0] if len(node.expressions) == 1 else None
    found = _collection_of(node.parent, ctx)
    if not isinstance(query, exp.Select) or found is None:
        return node
    query = query.copy()
    if found.element:
        element = _types(ctx).get(found.element)
        columns = [c.unalias() if isinstance(c, exp.Alias) else c for c in query.expressions]
        if element is None or any(isinstance(c, exp.Star) for c in columns):
            return node
        row = exp.Cast(this=exp.Anonymous(this="ROW", expressions=columns),
                       to=exp.DataType.build(element.target, udt=True))  # fmt: skip
        query.set("expressions", [row])
    elif len(query.expressions) != 1:
        return node
    return exp.Array(expressions=[query])


def _unnest(node: exp.Anonymous, ctx: Context) -> exp.Expression:
    argument = node.expressions[0]
    found = _collection_of(argument, ctx)
    if found is None:
        return node  # a collection whose type the run does not know: left for unknown_function to flag
    table = node.parent
    if not found.element:  # scalars: Oracle names the one column COLUMN_VALUE
        alias = table.args.get("alias")
        name = alias.this if alias is not None and alias.this else exp.to_identifier("column_value")
        table.set("alias", exp.TableAlias(this=name, columns=[exp.to_identifier("column_value")]))
    return exp.Anonymous(this="unnest", expressions=[argument])


def _value(node: exp.Anonymous, ctx: Context) -> exp.Expression:
    """VALUE(t) of a `TABLE(collection) t` in the same query: the element. Of scalars, t.column_value; of objects,
    `VALUE(t).attr` -> `t.attr` (the object alone is left to be flagged: see below)."""
    alias = node.expressions[0]
    if not isinstance(alias, exp.Column) or alias.table:
        return node
    found = _table_collection(node, alias.name, ctx)
    if found is None:
        return node
    if not found.element:
        return exp.column("column_value", table=alias.this.copy())
    if isinstance(node.parent, exp.Dot) and node.parent.this is node:
        return exp.column(alias.this.copy())  # (t).attr is t.attr: the attributes are the columns
    return node  # the object itself: ROW(t.*) IS NULL when its attributes are, an Oracle object is not


def _table_collection(node: exp.Expression, alias: str, ctx: Context) -> UserType | None:
    """The collection type of the `TABLE(x) alias` (or `unnest(x) alias`, once rewritten) among the FROM items of
    the query around `node`, if the run knows it."""
    select = node.find_ancestor(exp.Select)
    if select is None:
        return None
    items = [select.args["from_"].this] if select.args.get("from_") else []
    items += [j.this for j in select.args.get("joins") or []]
    for item in items:
        call = item.this if isinstance(item, exp.Table) else None
        if not isinstance(call, exp.Anonymous) or call.name.upper() not in ("TABLE", "UNNEST"):
            continue
        if item.alias.upper() == alias.upper() and len(call.expressions) == 1:
            return _collection_of(call.expressions[0], ctx)
    return None


def _collection_of(argument: exp.Expression, ctx: Context) -> UserType | None:
    if isinstance(argument, exp.Cast):
        found = _cast_type(argument, ctx)
        return found if found is not None and found.collection else None
    if isinstance(argument, exp.Column):
        typed = dict(ctx.options.typed_columns).get(argument.name.lower())
        found = _type_of(typed, ctx) if typed else None
        return found if found is not None and found.collection else None
    return None


# expressions of one table (CHECK, DEFAULT, index, generated column): a column is named bare, so in
# `cust_address.city` the first part is the column (in a query it is a table alias)
_ONE_TABLE_KINDS = frozenset({"check", "default", "generated_column", "index"})


def _cast_type(node: exp.Cast, ctx: Context) -> UserType | None:
    """The run's type a CAST names, by its source name or by the target name a rewrite gave it."""
    if node.to.this != exp.DataType.Type.USERDEFINED:
        return None
    name = str(node.to.args.get("kind") or "").replace('"', "")
    found = next((t for t in ctx.options.user_types if t.target.replace('"', "") == name), None)
    return found or _type_of(name, ctx)


def user_type_cast(node: exp.Expression, ctx: Context) -> exp.Expression:
    """CAST(x AS cust_address_typ): the type by its target name (schema-qualified, as created)."""
    if not isinstance(node, exp.Cast) or not ctx.options.user_types:
        return node
    found = _cast_type(node, ctx)
    if found is not None:
        target = exp.DataType.build(found.target, udt=True)
        target.meta[POSTGRES_TYPE] = True
        node.set("to", target)
    return node


def attribute_access(node: exp.Expression, ctx: Context) -> exp.Expression:
    """alias.object_column.attribute[.attribute] -> ((alias.object_column).attribute)...; in a CHECK or a
    DEFAULT, object_column.attribute -> (object_column).attribute."""
    if not isinstance(node, exp.Column) or not node.args.get("table") or not ctx.options.typed_columns:
        return node
    parts = [p for p in (node.args.get("catalog"), node.args.get("db"), node.args.get("table"), node.this) if p]
    bare = ctx.options.object_kind in _ONE_TABLE_KINDS
    if len(parts) < (2 if bare else 3):
        return node
    column, table = (parts[0], None) if bare else (parts[1], parts[0])
    typed = dict(ctx.options.typed_columns)
    if column.name.lower() not in typed or _is_collection(typed[column.name.lower()], ctx):
        return node
    built: exp.Expression = exp.column(column, table=table)
    for attribute in parts[parts.index(column) + 1 :]:
        built = exp.Dot(this=exp.Paren(this=built), expression=attribute)
    return built


def _is_collection(type_name: str, ctx: Context) -> bool:
    found = _type_of(type_name, ctx)
    return found is None or found.collection


def object_table_insert(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """INSERT INTO t VALUES (obj), t an object table: the object's attributes are the row. One value for a table of
    one attribute is the object only when it is the type's constructor (else it is the attribute's value)."""
    if not ctx.options.object_tables:
        return tree
    tables = {name: (type_name, count) for name, type_name, count in ctx.options.object_tables}
    for insert in list(tree.find_all(exp.Insert)):
        target, values = insert.this, insert.expression
        if not isinstance(target, exp.Table) or not isinstance(values, exp.Values) or len(values.expressions) != 1:
            continue  # a column list (exp.Schema) names the columns: nothing to spread
        row = values.expressions[0]
        found = tables.get(".".join(p.name for p in target.parts).lower())
        if found is None or not isinstance(row, exp.Tuple) or len(row.expressions) != 1:
            continue
        value = row.expressions[0]
        if found[1] == 1 and _constructed(value) != found[0]:
            continue
        values.replace(exp.select(exp.Dot(this=exp.Paren(this=value.copy()), expression=exp.Star())))
    return tree


def _constructed(value: exp.Expression) -> str:
    """The upper type name of a constructor call `type(...)` / `schema.type(...)`, else ''."""
    call = value.expression if isinstance(value, exp.Dot) else value
    return call.name.upper() if isinstance(call, exp.Anonymous) else ""
