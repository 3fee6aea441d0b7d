"""Oracle JSON_TABLE below PostgreSQL 17 (and with a NESTED PATH on 17): a LATERAL subquery over jsonb_path_query
with Oracle's value semantics.

    json_table(doc, '$' COLUMNS (NESTED PATH '$.reviews[*]' COLUMNS (rating INTEGER PATH '$.rating')))
 -> LATERAL (SELECT <rating> FROM jsonb_path_query(doc, '$') AS _jt0(item)
             LEFT JOIN LATERAL jsonb_path_query(_jt0.item, '$.reviews[*]') AS _jt1(item) ON TRUE
             CROSS JOIN LATERAL (SELECT jsonb_path_query_array(_jt1.item, '$.rating') AS c1) AS _jv)

Why each piece is Oracle's meaning (Oracle JSON Developer's Guide, JSON_TABLE and JSON_VALUE):
- one row per item the row path matches (lax mode in both); a NULL document gives no row;
- a NESTED PATH's rows are outer-joined to their parent row: a parent with no match keeps one row of NULLs;
- a column is JSON_VALUE of its path: no match is NULL (NULL ON EMPTY), and more than one match, an object or
  array, or a value its type cannot hold is an error, which the default NULL ON ERROR makes NULL. A string column
  takes a string, number or boolean as its text, NULL when longer than the column; a NUMBER(p, s) column takes
  a number (or a string that reads as one), rounded to s places, NULL past p digits. CASE evaluates in order, so
  no cast runs on a value that would raise.
- the document must be JSON: a column under an IS JSON check (jsonb on the target; a BLOB one is read as UTF-8);
  any other document is checked with IS JSON (PostgreSQL 16), as Oracle skips an invalid one (NULL ON ERROR).

What is not converted stays with a finding: the forms oracle_json.py leaves (CONV-ORA-JSONTABLE-001), columns
FOR ORDINALITY, sibling NESTED PATHs (Oracle's union join) and, before PostgreSQL 16, a document not known to be
valid JSON (CONV-JSONTABLE-001, with the reason).
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp

from converters.rewrites.common import Context, pg_type
from migrate.model import ColumnType, TypeFamily

# a JSON string that PostgreSQL's numeric input and Oracle's number conversion both read the same way
_NUMBER_TEXT = r"^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?\s*$"


def json_table_lateral(
    node: exp.JSONTable, ctx: Context, columns_type: dict[str, tuple[ColumnType, str]]
) -> exp.Expression:
    """`columns_type`: column name -> (its Oracle type, the PostgreSQL type oracle_json chose)."""
    document = _document(node.this.this if isinstance(node.this, exp.FormatJson) else node.this, ctx)
    if document is None:
        return node
    levels = _levels(node)
    if levels is None:
        _flag(ctx, node, "FOR ORDINALITY and sibling NESTED PATH columns stay manual")
        return node
    joins, values, projected = [], [], []
    for depth, (path, columns) in enumerate(levels):
        source = "__doc__" if depth == 0 else f"_jt{depth - 1}.item"
        join = f"jsonb_path_query({source}, {_quote(path)}) AS _jt{depth}(item)"
        joins.append(f"FROM {join}" if depth == 0 else f"LEFT JOIN LATERAL {join} ON TRUE")
        for column in columns:
            slot = f"c{len(values) + 1}"
            values.append(f"jsonb_path_query_array(_jt{depth}.item, {_quote(column.args['path'].name)}) AS {slot}")
            oracle_type, target = columns_type[column.name]
            projected.append(f"{_value(f'_jv.{slot}', oracle_type, target)} AS {_ident(column.this)}")
    sql = f"SELECT {', '.join(projected)} {' '.join(joins)} CROSS JOIN LATERAL (SELECT {', '.join(values)}) AS _jv"
    select = sqlglot.parse_one(sql, read="postgres")
    for placeholder in select.find_all(exp.Column):
        if placeholder.name == "__doc__":
            placeholder.replace(document)
            break
    return exp.Lateral(this=exp.Subquery(this=select))


def _levels(node: exp.JSONTable) -> list[tuple[str, list[exp.Expression]]] | None:
    """[(row path, its value columns), (nested path, its columns), ...]; None for forms not converted here."""
    levels: list[tuple[str, list[exp.Expression]]] = []
    path, schema = node.args["path"].name if node.args.get("path") else "$", node.args.get("schema")
    while schema is not None:
        values = [c for c in schema.expressions if not c.args.get("nested_schema")]
        nested = [c for c in schema.expressions if c.args.get("nested_schema")]
        if len(nested) > 1 or any(c.args.get("ordinality") for c in values):
            return None
        levels.append((path, values))
        schema = nested[0].args["nested_schema"] if nested else None
        path = nested[0].args["path"].name if nested else ""
    return levels


def _document(document: exp.Expression, ctx: Context) -> exp.Expression | None:
    kind = dict(ctx.options.json_columns).get(document.name.lower()) if isinstance(document, exp.Column) else None
    if kind == "jsonb":
        return document.copy()
    if kind == "bytea":  # Oracle stores JSON in a BLOB as UTF-8
        return exp.cast(exp.Anonymous(this="convert_from", expressions=[document.copy(), exp.Literal.string("UTF8")]),
                        pg_type("jsonb"))  # fmt: skip
    is_text = isinstance(document, exp.Literal) and document.is_string
    is_text = is_text or (isinstance(document, exp.Column) and document.name.lower() in ctx.options.string_columns)
    if is_text and ctx.options.target_version >= 16:
        checked = sqlglot.parse_one("CASE WHEN CAST(__doc__ AS TEXT) IS JSON THEN CAST(__doc__ AS jsonb) END",
                                    read="postgres")  # fmt: skip
        for placeholder in list(checked.find_all(exp.Column)):
            placeholder.replace(document.copy())
        return checked
    _flag(
        ctx,
        document,
        f"the document {document.sql(dialect='oracle')} must be a column under an IS JSON check "
        f"(PostgreSQL {ctx.options.target_version} cannot skip an invalid document as Oracle does; IS JSON needs 16)",
    )
    return None


def _flag(ctx: Context, node: exp.Expression, reason: str) -> None:
    """Below 17: JSON_TABLE needs 17 (CONV-JSONTABLE-001), with why this rewrite cannot stand in; from 17 (a NESTED
    PATH, which takes this form there too): the Oracle form left for a person (CONV-ORA-JSONTABLE-001)."""
    if ctx.options.target_version < 17:
        ctx.flag("CONV-JSONTABLE-001", node, f"below it, {reason}")
    else:
        ctx.flag("CONV-ORA-JSONTABLE-001", node, f"NESTED PATH columns: {reason}")


def _value(matched: str, oracle_type: ColumnType, target: str) -> str:
    one = f"jsonb_array_length({matched}) = 1"
    kind = f"jsonb_typeof({matched} -> 0)"
    text = f"({matched} ->> 0)"
    if oracle_type.family in (TypeFamily.INTEGER, TypeFamily.DECIMAL):
        readable = f"({kind} = 'number' OR ({kind} = 'string' AND {text} ~ {_quote(_NUMBER_TEXT)}))"
        number = f"CAST({text} AS numeric)"
        if target == "numeric":
            return f"CASE WHEN {one} THEN CASE WHEN {readable} THEN {number} END END"
        precision, scale = _precision_scale(target)
        fits = f"abs(round({number}, {scale})) < 1e{precision - scale}"
        return (f"CASE WHEN {one} THEN CASE WHEN {readable} THEN CASE WHEN {fits} THEN CAST({number} AS {target}) "
                "END END END")  # fmt: skip
    scalar = f"{kind} IN ('string', 'number', 'boolean')"
    length = oracle_type.length
    fits = f"length({text}) <= {length}" if length else "TRUE"
    return f"CASE WHEN {one} THEN CASE WHEN {scalar} AND {fits} THEN CAST({text} AS {target}) END END"


def _precision_scale(target: str) -> tuple[int, int]:
    inside = target[target.index("(") + 1 : target.index(")")]
    precision, _, scale = inside.partition(",")
    return int(precision), int(scale or 0)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: exp.Identifier) -> str:
    """The column's name as PostgreSQL folds it: unquoted names lower case (as the table's columns are)."""
    text = name.name if name.quoted else name.name.lower()
    return '"' + text.replace('"', '""') + '"'
