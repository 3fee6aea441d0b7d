"""Oracle multi-table INSERT (INSERT ALL / INSERT FIRST) -> one PostgreSQL statement of data-modifying CTEs.

Oracle (SQL Language Reference, INSERT, multi_table_insert): the subquery is evaluated once; for each of its rows,
INSERT ALL without WHEN inserts into every INTO; with WHEN it evaluates every condition and inserts into the INTOs
of each one that is true, the ELSE INTOs when none is; INSERT FIRST inserts into the INTOs of the first true WHEN
only (ELSE when none is). A condition that is NULL is not true. An INTO's VALUES read the subquery's columns by
name; an INTO without VALUES takes the subquery's columns in order. A NEXTVAL there is incremented once per row of
the subquery, however many INTOs name it and whether or not a WHEN holds (Sequence Pseudocolumns).

    WITH aurora_src AS MATERIALIZED (
        SELECT aurora_q.*, (<when 1>) IS TRUE AS aurora_when_1, ... FROM (<subquery>) AS aurora_q),
    aurora_into_1 AS (INSERT INTO t1 (a, b) SELECT <values> FROM aurora_src WHERE aurora_src.aurora_when_1),
    ...
    INSERT INTO tn SELECT ... FROM aurora_src WHERE NOT (aurora_src.aurora_when_1 OR ...)

Why it is exact: the materialized CTE evaluates the subquery, each WHEN and each NEXTVAL once per row, and every
INTO reads those same rows; `IS TRUE` counts NULL as not true; FIRST's branch is a CASE, which stops at the first
true WHEN as Oracle does (later conditions are not evaluated). The VALUES and WHEN keep their unqualified names:
PostgreSQL resolves them as Oracle does -- a nested subquery's own tables first, then the subquery's columns
(aurora_q / aurora_src carry exactly those), then a routine's variables (#variable_conflict use_column). An INTO
without VALUES reads the subquery's row as one value, `(aurora_src.aurora_row).*`, so no extra column goes in.
Neither engine promises the order in which the INTOs' rows go in (PostgreSQL runs the sub-statements on one
snapshot; Oracle may insert a child row of one INSERT ALL before its parent).

Kept manual (CONV-ORA-INSERTALL-001): VALUES (.., DEFAULT) (an INSERT ... SELECT has no DEFAULT), ROWNUM / LEVEL /
ROWID read by VALUES or a WHEN, a sequence in a WHEN, two spellings of one sequence name, and shapes Oracle does
not accept (WHEN mixed with unconditional INTOs, INSERT FIRST without WHEN, a VALUES of several rows, an INTO that
is not a table). In a routine that reads SQL%ROWCOUNT, AM-PLSQL-161: PostgreSQL counts the last INTO's rows only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp

from converters.rewrites.common import Context
from converters.rewrites.oracle_statements import is_dual

SOURCE = "aurora_src"  # the materialized CTE: the subquery's rows with the WHEN results and NEXTVALs
QUERY = "aurora_q"  # the subquery inside it
ROW = "aurora_row"  # the subquery's whole row, for an INTO without VALUES
BRANCH = "aurora_branch"  # INSERT FIRST: the number of the first true WHEN, 0 when none is

# pseudo-columns whose meaning in a multi-table INSERT's VALUES or WHEN Oracle does not document
_PSEUDO_COLUMNS = frozenset({"ROWNUM", "LEVEL", "ROWID", "ORA_ROWSCN"})
_SEQUENCE_CALLS = frozenset({"NEXTVAL", "CURRVAL"})


@dataclass
class _Branch:
    """A WHEN and its INTOs (condition None: unconditional INSERT ALL; is_else: the ELSE INTOs)."""

    condition: exp.Expression | None
    is_else: bool = False
    inserts: list[exp.Insert] = field(default_factory=list)


def insert_all_to_ctes(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """INSERT ALL / INSERT FIRST -> WITH aurora_src AS MATERIALIZED (...), aurora_into_n AS (INSERT ...) INSERT ...
    (see the module's text); a form it cannot make exact keeps CONV-ORA-INSERTALL-001 with the reason."""
    if not isinstance(tree, exp.MultitableInserts) or not isinstance(tree.args.get("source"), exp.Query):
        return tree
    first = (tree.args.get("kind") or "").upper() == "FIRST"
    branches = _branches(tree)
    reason = _manual_reason(branches, first)
    if reason:
        ctx.flag("CONV-ORA-INSERTALL-001", tree, reason)
        return tree
    extras, filters = _conditions(branches, first)
    extras += _sequences(branches)
    whole_row = any(i.args.get("expression") is None for b in branches for i in b.inserts)
    inserts = [_into(i, filters[n]) for n, b in enumerate(branches) for i in b.inserts]
    source = _source(tree.args["source"], extras, whole_row)
    ctes = [exp.CTE(this=source, alias=exp.TableAlias(this=exp.to_identifier(SOURCE)), materialized=True)]
    ctes += [
        exp.CTE(this=insert, alias=exp.TableAlias(this=exp.to_identifier(f"aurora_into_{n}")))
        for n, insert in enumerate(inserts[:-1], start=1)
    ]
    statement = inserts[-1]
    statement.set("with_", exp.With(expressions=ctes))
    return statement


def _branches(tree: exp.MultitableInserts) -> list[_Branch]:
    """sqlglot hangs a WHEN (or ELSE) on the first INTO after it; the INTOs that follow without one are its own."""
    branches: list[_Branch] = []
    for into in tree.expressions:
        condition = into.args.get("expression")
        if condition is not None or into.args.get("else_") or not branches:
            branches.append(_Branch(condition, bool(into.args.get("else_"))))
        branches[-1].inserts.append(into.this)
    return branches


def _manual_reason(branches: list[_Branch], first: bool) -> str:
    """Why the statement cannot be converted exactly ('' when it can)."""
    conditional = [b.condition is not None or b.is_else for b in branches]
    whens = any(b.condition is not None for b in branches)
    if any(conditional) and not (all(conditional) and whens):
        return "WHEN clauses mixed with unconditional INTOs, or ELSE without WHEN"
    if first and not whens:
        return "INSERT FIRST without WHEN"
    for branch in branches:
        if branch.condition is not None and any(_is_sequence(c) for c in branch.condition.find_all(exp.Column)):
            return "a sequence in a WHEN condition"
        pseudo = _PSEUDO_COLUMNS.intersection(_outer_names(branch.condition))
        reason = f"{min(pseudo)} in a WHEN condition" if pseudo else ""
        for insert in branch.inserts:
            reason = reason or _into_reason(insert)
        if reason:
            return reason
    spelled: dict[str, tuple[str, ...]] = {}
    for key in (_sequence_key(c) for c in _sequence_columns(branches)):
        if spelled.setdefault(key[-1], key) != key:
            return f"sequence {key[-1]} named in two ways (one sequence or two)"
    return ""


def _into_reason(insert: exp.Insert) -> str:
    """Why one INTO cannot become an INSERT ... SELECT ('' when it can)."""
    target = insert.this.this if isinstance(insert.this, exp.Schema) else insert.this
    if not isinstance(target, exp.Table):
        return "an INTO target that is not a table"
    values = insert.args.get("expression")
    if values is None:
        return ""
    if not isinstance(values, exp.Values) or len(values.expressions) != 1:
        return "a VALUES clause of several rows"
    for value in _row(values):
        if isinstance(value, exp.Var) and value.name.upper() == "DEFAULT":
            return "VALUES (..., DEFAULT): an INSERT ... SELECT has no DEFAULT"
        pseudo = _PSEUDO_COLUMNS.intersection(_outer_names(value))
        if pseudo:
            return f"{min(pseudo)} in VALUES"
    return ""


def _row(values: exp.Values) -> list[exp.Expression]:
    """The one row of an INTO's VALUES."""
    row = values.expressions[0]
    return list(row.expressions) if isinstance(row, exp.Tuple) else [row]


def _outer_names(node: exp.Expression | None) -> list[str]:
    """Upper-case names of the unqualified columns `node` reads itself (not inside a nested subquery)."""
    if node is None:
        return []
    inside = node.walk(prune=lambda n: isinstance(n, exp.Query) and n is not node)
    return [n.name.upper() for n in inside if isinstance(n, exp.Column) and not n.table]


def _is_sequence(column: exp.Column) -> bool:
    return bool(column.table) and column.name.upper() in _SEQUENCE_CALLS


def _sequence_key(column: exp.Column) -> tuple[str, ...]:
    """The sequence a NEXTVAL / CURRVAL names, as Oracle compares names (unquoted ones in upper case)."""
    return tuple(p.name if p.quoted else p.name.upper() for p in column.parts[:-1] if isinstance(p, exp.Identifier))


def _sequence_columns(branches: list[_Branch]) -> list[exp.Column]:
    """The NEXTVAL / CURRVAL read by the INTOs' VALUES."""
    values = [i.args["expression"] for b in branches for i in b.inserts if i.args.get("expression") is not None]
    return [c for v in values for c in v.find_all(exp.Column) if _is_sequence(c)]


def _conditions(branches: list[_Branch], first: bool) -> tuple[list[exp.Expression], list[exp.Expression | None]]:
    """The columns aurora_src adds (each WHEN's result, evaluated once per row) and each branch's filter on them.
    ALL: `(<when>) IS TRUE AS aurora_when_n`, ELSE when none is; FIRST: a CASE of the WHENs in order numbering the
    first true one (0: none), as Oracle stops at the first true WHEN."""
    whens = [b for b in branches if b.condition is not None]
    if not whens:
        return [], [None] * len(branches)
    if first:
        numbers = {id(b): n for n, b in enumerate(whens, start=1)}
        ifs = [exp.If(this=b.condition, true=exp.Literal.number(numbers[id(b)])) for b in whens]
        case = exp.Case(ifs=ifs, default=exp.Literal.number(0))
        chosen = [exp.EQ(this=_src(BRANCH), expression=exp.Literal.number(numbers.get(id(b), 0))) for b in branches]
        return [exp.alias_(case, BRANCH)], list(chosen)
    names = {id(b): f"aurora_when_{n}" for n, b in enumerate(whens, start=1)}
    results = [exp.alias_(exp.Is(this=exp.Paren(this=b.condition), expression=exp.true()), names[id(b)]) for b in whens]
    none_true = exp.Not(this=exp.Paren(this=exp.or_(*(_src(n) for n in names.values()))))
    return list(results), [_src(names[id(b)]) if id(b) in names else none_true.copy() for b in branches]


def _sequences(branches: list[_Branch]) -> list[exp.Expression]:
    """Each sequence a VALUES draws with NEXTVAL: one `seq.NEXTVAL AS aurora_nextval_n` column of aurora_src (once
    per row, as Oracle increments it), which its NEXTVALs and CURRVALs in VALUES read (Oracle: CURRVAL in the
    statement that draws NEXTVAL is that value)."""
    columns = _sequence_columns(branches)
    drawn: dict[tuple[str, ...], exp.Column] = {}
    for column in columns:
        if column.name.upper() == "NEXTVAL":
            drawn.setdefault(_sequence_key(column), column)
    names = {key: f"aurora_nextval_{n}" for n, key in enumerate(drawn, start=1)}
    extras = [exp.alias_(drawn[key].copy(), name) for key, name in names.items()]
    for column in columns:
        if _sequence_key(column) in names:
            column.replace(_src(names[_sequence_key(column)]))
    return extras


def _into(insert: exp.Insert, condition: exp.Expression | None) -> exp.Insert:
    """INTO t (cols) VALUES (...) -> INSERT INTO t (cols) SELECT ... FROM aurora_src [WHERE the branch holds];
    without VALUES the subquery's row goes in as it is: (aurora_src.aurora_row).*."""
    values = insert.args.get("expression")
    whole_row = exp.Dot(this=exp.Paren(this=_src(ROW)), expression=exp.Star())
    row = _row(values) if isinstance(values, exp.Values) else [whole_row]
    select = exp.Select(expressions=row, from_=exp.From(this=exp.Table(this=exp.to_identifier(SOURCE))))
    if condition is not None:
        select.set("where", exp.Where(this=condition))
    return exp.Insert(this=insert.this, expression=select)


def _source(query: exp.Query, extras: list[exp.Expression], whole_row: bool) -> exp.Query:
    """aurora_src's query: the subquery itself when nothing is added, else SELECT aurora_q.*, [aurora_q AS
    aurora_row,] <extras> FROM (<subquery>) AS aurora_q."""
    while isinstance(query, exp.Subquery) and not query.alias:
        query = query.this
    query = _dual_row(query)
    if not extras and not whole_row:
        return query
    columns: list[exp.Expression] = [exp.Column(this=exp.Star(), table=exp.to_identifier(QUERY))]
    if whole_row:
        columns.append(exp.alias_(exp.column(QUERY), ROW))
    inner = exp.Subquery(this=query, alias=exp.TableAlias(this=exp.to_identifier(QUERY)))
    return exp.Select(expressions=[*columns, *extras], from_=exp.From(this=inner))


def _dual_row(query: exp.Query) -> exp.Query:
    """SELECT * FROM DUAL (the multi-row idiom) -> SELECT 'X' AS dummy FROM DUAL: DUAL's one row, spelled out,
    since DUAL's FROM goes away (from_dual_removed) and `SELECT *` without FROM is an error in PostgreSQL."""
    from_ = query.args.get("from_") if isinstance(query, exp.Select) else None
    if from_ is None or query.args.get("joins") or not is_dual(from_.this):
        return query
    for star in [e for e in query.expressions if isinstance(e, exp.Star) or isinstance(e.this, exp.Star)]:
        star.replace(exp.alias_(exp.Literal.string("X"), "dummy"))
    return query


def _src(name: str) -> exp.Column:
    return exp.Column(this=exp.to_identifier(name), table=exp.to_identifier(SOURCE))
