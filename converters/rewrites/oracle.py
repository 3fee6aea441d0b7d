"""Oracle -> PostgreSQL query rewrites: ordered pipelines of small functions on sqlglot nodes.

Statement steps reshape a whole SELECT ((+) joins, CONNECT BY, ROWNUM, DUAL); node steps rewrite one call or
operator each. Each returns its input untouched when it does not apply.
"""

from __future__ import annotations

from sqlglot import exp, transforms

import converters.rewrites.oracle_builders as oracle_builders
import converters.rewrites.oracle_calls as oracle_calls
import converters.rewrites.oracle_char_dates as oracle_char_dates
import converters.rewrites.oracle_dictionary as oracle_dictionary
import converters.rewrites.oracle_documented as oracle_documented
import converters.rewrites.oracle_hierarchy as oracle_hierarchy
import converters.rewrites.oracle_insert_all as oracle_insert_all
import converters.rewrites.oracle_integers as oracle_integers
import converters.rewrites.oracle_json as oracle_json
import converters.rewrites.oracle_nls_views as oracle_nls_views
import converters.rewrites.oracle_numbers as oracle_numbers
import converters.rewrites.oracle_objects as oracle_objects
import converters.rewrites.oracle_statements as oracle_statements
from converters.functions import ORACLE_FUNCTIONS, apply_mapping, unknown_function
from converters.rewrites.common import (
    Context,
    Step,
    cast_types,
    derived_table_alias,
    immutable_only,
    merge_needs_15,
    sequence_call,
    user_routine_immutable,
)

# --- statement steps -------------------------------------------------------------------------------------------


def join_marks_to_ansi(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """(+) -> LEFT JOIN, keeping the unmatched rows (sqlglot's eliminate_join_marks, per SELECT)."""
    if not ctx.has("JOIN_MARK"):
        return tree
    for select in list(tree.find_all(exp.Select))[::-1]:
        if not any(c.args.get("join_mark") for c in select.find_all(exp.Column)):
            continue
        try:
            rewritten = transforms.eliminate_join_marks(select)
        except Exception as error:  # sqlglot raises plain errors on shapes it cannot rewrite; never lose them
            ctx.flag("CONV-ORA-JOINMARK-001", select, str(error)[:200])
            continue
        _cross_joins_first(rewritten)
        if rewritten is not select:
            select.replace(rewritten)
    for column in tree.find_all(exp.Column):
        if column.args.get("join_mark"):
            ctx.flag("CONV-ORA-JOINMARK-001", column, column.sql(dialect="oracle"))
    return tree


def _cross_joins_first(select: exp.Expression) -> None:
    """b outer-joined to both a and c (a.id = b.id(+) AND c.id = b.cid(+)) comes out of sqlglot as
    `a LEFT JOIN b ON ... c.id ... CROSS JOIN c`, which names c before it exists. Oracle outer-joins b to the
    product a x c, so the plain (condition-less) joins move ahead of the outer ones: same rows, valid order."""
    joins = select.args.get("joins") or []
    plain = [j for j in joins if not j.args.get("on") and not j.args.get("using") and not j.side and not j.kind]
    plain += [j for j in joins if j.kind == "CROSS" and j not in plain]
    if not plain or all(joins.index(j) < len(plain) for j in plain):
        return
    select.set("joins", [*plain, *[j for j in joins if j not in plain]])


def from_dual_removed(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """FROM DUAL: PostgreSQL selects without a FROM clause."""
    if not ctx.has("DUAL"):
        return tree
    for join in list(tree.find_all(exp.Join)):
        if oracle_statements.is_dual(join.this) and not join.args.get("on"):
            join.pop()  # a cross join with the one-row DUAL changes nothing
    for select in tree.find_all(exp.Select):
        source = select.args.get("from_")
        table = source.this if source else None
        if oracle_statements.is_dual(table) and not select.args.get("joins"):
            select.set("from_", None)
    return tree


def mapped_function(node: exp.Expression, ctx: Context) -> exp.Expression:
    """A call converters/functions.py maps: its native builder, orafce's function, or a finding."""
    return apply_mapping(node, ORACLE_FUNCTIONS, ctx)


STATEMENT_STEPS = (
    oracle_statements.hints_removed,  # first: a hint's contents are not calls to convert
    oracle_statements.for_update_of,  # before the table steps: FOR UPDATE OF lists columns, not tables
    join_marks_to_ansi,  # first: later steps expect ANSI joins
    # before ROWNUM / CONNECT BY (they reshape its subquery where it ends up, and must not read a ROWNUM of its
    # VALUES as the subquery's) and before DUAL's FROM goes (INSERT ALL ... SELECT * FROM dual reads DUAL's row)
    oracle_insert_all.insert_all_to_ctes,
    oracle_objects.object_table_insert,  # while a constructor is still a call: INSERT INTO t VALUES (type(...))
    oracle_hierarchy.connect_by_to_recursive_cte,  # before ROWNUM: LEVEL/PRIOR live in the same SELECT
    oracle_hierarchy.rownum_to_limit,
    oracle_hierarchy.rownum_in_projection,
    from_dual_removed,
)

NODE_STEPS = (
    Step(exp.Literal, oracle_documented.empty_string_null),  # '' is NULL
    Step(exp.DateStrToDate, oracle_documented.date_literal),  # DATE '...' is an Oracle DATE
    Step(exp.Concat, oracle_documented.concat_call),
    Step(exp.Mod, oracle_documented.mod_zero),
    Step((exp.Greatest, exp.Least), oracle_documented.same_type_as_first),
    Step((exp.EQ, exp.NEQ), oracle_documented.padded_literals),
    Step(exp.Func, oracle_documented.regexp_match_parameter),
    Step(exp.GroupConcat, oracle_documented.listagg_overflow),
    Step(exp.Cast, oracle_calls.date_cast_marked),  # before cast_types turns DATE into timestamp(0)
    Step(exp.Cast, oracle_objects.user_type_cast),  # before cast_types: the run's own types are no unknown type
    Step((exp.Cast, exp.TryCast, exp.Convert), cast_types),  # first: only source-written casts are mapped
    Step(exp.Column, sequence_call),
    Step(exp.Dot, sequence_call),
    Step(exp.Column, oracle_objects.attribute_access),
    Step(exp.Column, oracle_builders.session_column),
    Step(exp.Dot, oracle_objects.qualified_constructor),  # before: schema.type(...) is no package call
    Step(exp.Dot, oracle_builders.supplied_package_call),
    Step(exp.Dot, user_routine_immutable),  # after: what is left is a user package or schema routine
    Step(exp.DecodeCase, oracle_calls.decode_null_safe),
    Step(exp.Case, oracle_calls.case_empty_strings),  # after DECODE became a CASE
    Step(exp.Literal, oracle_calls.empty_string_value),
    Step(exp.TranslateCharacters, oracle_calls.charset_translation),
    Step(exp.DPipe, oracle_calls.concat_null_as_empty),
    Step((exp.CurrentTimestamp, exp.CurrentDate, exp.Systimestamp, exp.Localtimestamp), oracle_calls.sysdate),
    Step((exp.EQ, exp.NEQ), oracle_calls.empty_string_compared),
    Step((exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.In), oracle_numbers.char_compared_with_number),
    Step((exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod, exp.Sum, exp.Avg), oracle_numbers.char_in_arithmetic),
    Step(exp.Window, oracle_calls.analytic_forms),  # before the call inside is mapped or flagged as unknown
    Step(exp.Anonymous, oracle_objects.constructor),  # before the mapping: a type's name is no function
    Step(exp.Func, mapped_function),
    Step(exp.Func, oracle_integers.integer_arguments),  # after: the calls PostgreSQL will see
    Step(exp.Func, oracle_char_dates.as_text_argument),
    Step(
        (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Between, exp.In),
        oracle_char_dates.char_compared_with_date,
    ),
    Step((exp.EQ, exp.Insert), oracle_char_dates.assigned_to_character),  # text_col := d: Oracle's text of d
    Step(exp.Anonymous, oracle_char_dates.implicit_text),  # v := x of a VARCHAR2 v (plsql_textvalue)
    Step(exp.Anonymous, oracle_char_dates.implicit_number),  # p NUMBER := text (plsql_units.parameters)
    Step((exp.Trim, exp.Pad, exp.Translate), oracle_documented.empty_result_null),
    Step(exp.Div, oracle_calls.exact_division),  # before date arithmetic: d + 1/24 needs 1/24 exact
    Step(exp.Pow, oracle_calls.exact_power),
    Step((exp.Add, exp.Sub), oracle_calls.date_arithmetic),
    Step(exp.Merge, oracle_statements.merge_branch_where),  # before: PostgreSQL's MERGE has no branch WHERE
    Step(exp.Merge, merge_needs_15),
    Step(exp.Delete, oracle_statements.delete_from),
    Step(exp.Update, oracle_statements.update_set_unqualified),
    Step((exp.MultitableInserts, exp.Table), oracle_statements.unsupported_forms),
    Step(exp.Table, oracle_nls_views.session_parameters),  # before: a view the settings answer is no finding
    Step(exp.Table, oracle_dictionary.dictionary_view),
    Step(exp.Table, oracle_statements.owner_table),
    Step(exp.JSONTable, oracle_json.json_table),
    Step(exp.Subquery, derived_table_alias),
    Step(exp.Anonymous, unknown_function),  # last: after every mapping had its chance
    Step(exp.Anonymous, immutable_only),
)
