"""Oracle statement forms PostgreSQL spells differently or lacks: optimizer hints, DELETE without FROM, INSERT ALL,
flashback (AS OF), partition-extended names, database links, FOR UPDATE OF columns."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.common import Context


def hints_removed(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """/*+ INDEX(e emp_ix) */: PostgreSQL's planner takes no hints (pg_hint_plan aside); the hint is dropped."""
    if not ctx.has("Hint"):
        return tree
    for hint in list(tree.find_all(exp.Hint)):
        ctx.flag("CONV-ORA-HINT-001", hint, hint.sql(dialect="oracle"))
        hint.pop()
    return tree


def for_update_of(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """SELECT ... FOR UPDATE OF [t.]col: Oracle lists columns and locks the rows of the tables holding them;
    PostgreSQL lists the tables (their aliases). `t.col` -> t; a bare column in a query over one table -> that table;
    several tables and a bare column: CONV-ORA-LOCKOF-001. (sqlglot reads each item as a table name: `t.col` has
    db t.)"""
    for lock in list(tree.find_all(exp.Lock)):
        wait = lock.args.get("wait")
        if isinstance(wait, exp.Literal):  # WAIT n: PostgreSQL has NOWAIT and SKIP LOCKED, no time limit per query
            ctx.flag("CONV-ORA-LOCKWAIT-001", lock, f"WAIT {wait.name}")
        select = lock.parent if isinstance(lock.parent, exp.Select) else None
        items = lock.expressions
        if select is None or not items:
            continue
        sources = _sources(select)
        tables: list[exp.Expression] = []
        for item in items:
            owner = item.args.get("db")
            if isinstance(item, exp.Table) and owner is not None:
                tables.append(exp.to_table(owner.name, quoted=owner.args.get("quoted")))
            elif isinstance(item, exp.Table) and len(sources) == 1:
                tables.append(exp.to_table(sources[0]))
            else:
                ctx.flag("CONV-ORA-LOCKOF-001", lock, item.sql(dialect="oracle"))
                break
        else:
            lock.set("expressions", list({t.sql(): t for t in tables}.values()))
    return tree


def _sources(select: exp.Select) -> list[str]:
    """The names (alias, else table name) the SELECT's FROM and joins read."""
    from_ = select.args.get("from_") or select.args.get("from")
    found = [from_.this] if from_ is not None else []
    found += [j.this for j in select.args.get("joins") or []]
    return (
        [s.alias_or_name for s in found if isinstance(s, exp.Table)]
        if all(isinstance(s, exp.Table) for s in found)
        else []
    )


def is_dual(table: exp.Expression | None) -> bool:
    """Oracle's one-row table DUAL (SYS.DUAL): one column, DUMMY, holding 'X'."""
    return isinstance(table, exp.Table) and table.name.upper() == "DUAL" and table.db.upper() in ("", "SYS")


def delete_from(node: exp.Expression, ctx: Context) -> exp.Expression:
    """DELETE emp WHERE ... (FROM is optional in Oracle) -> DELETE FROM emp WHERE ..."""
    tables = node.args.get("tables") if isinstance(node, exp.Delete) else None
    if tables and len(tables) == 1 and not node.this:
        node.set("this", tables[0])
        node.set("tables", None)
    return node


def unsupported_forms(node: exp.Expression, ctx: Context) -> exp.Expression:
    """Forms with no PostgreSQL equivalent: flagged where they occur (the text is kept for the person)."""
    if isinstance(node, exp.MultitableInserts) and id(node) not in ctx.flagged:  # else flagged with its reason
        ctx.flag("CONV-ORA-INSERTALL-001", node)
    elif isinstance(node, exp.Table):
        if node.args.get("version") is not None:
            ctx.flag("CONV-ORA-FLASHBACK-001", node)
        if node.args.get("partition") is not None:
            ctx.flag("CONV-ORA-PARTNAME-001", node)
        if "@" in node.name:
            ctx.flag("CONV-ORA-DBLINK-001", node, node.name)
    return node


def update_set_unqualified(node: exp.Expression, ctx: Context) -> exp.Expression:
    """UPDATE client cl SET cl.x = ... -> SET x = ...: Oracle lets a SET target name the updated table (its alias,
    or its name when it has none); PostgreSQL's SET takes the bare column (a qualifier would read as a field of a
    composite column). What follows the table's name stays: `cl.addr.city` -> `addr.city`, a field of `addr`."""
    if not isinstance(node, exp.Update) or not isinstance(node.this, exp.Table):
        return node
    names = _update_target_names(node.this)
    for assignment in node.args.get("expressions") or []:
        target = assignment.this.unnest() if isinstance(assignment.this, exp.Paren) else assignment.this
        targets = target.expressions if isinstance(target, exp.Tuple) else [target]
        for target in targets:
            if isinstance(target, exp.Column):
                _unqualified(target, names)
    return node


def _update_target_names(table: exp.Table) -> list[list[str]]:
    """How a SET target may name the updated table: its alias, else its name (schema-qualified or not)."""
    if table.alias:
        return [[_key(table.args["alias"].this)]]
    name = [_key(table.this)]
    return [[_key(table.args["db"]), *name], name] if table.args.get("db") else [name]


def _key(identifier: exp.Expression) -> str:
    return identifier.name if isinstance(identifier, exp.Identifier) and identifier.quoted else identifier.name.upper()


def _unqualified(column: exp.Column, names: list[list[str]]) -> None:
    parts = [p for p in (column.args.get("catalog"), column.args.get("db"), column.args.get("table")) if p]
    keys = [_key(p) for p in parts]
    prefix = next((n for n in names if keys[: len(n)] == n), None)
    if prefix is None:
        return
    rest = parts[len(prefix) :]
    column.set("catalog", None)
    column.set("db", rest[0].copy() if len(rest) == 2 else None)
    column.set("table", rest[-1].copy() if rest else None)


def owner_table(node: exp.Expression, ctx: Context) -> exp.Expression:
    """An unqualified table of the owner's schema in a procedure that commits (RewriteOptions.owner_tables): written
    schema-qualified, the table Oracle resolves it to (PostgreSQL would use the caller's search_path). A name a
    WITH clause of the statement defines stays as written."""
    if not (isinstance(node, exp.Table) and ctx.options.owner_schema) or node.args.get("db"):
        return node
    if node.name.lower() not in ctx.options.owner_tables or not isinstance(node.this, exp.Identifier):
        return node
    parent = node.parent
    while parent is not None:
        with_ = parent.args.get("with_")
        if isinstance(with_, exp.With) and any(cte.alias.lower() == node.name.lower() for cte in with_.expressions):
            return node
        parent = parent.parent
    node.set("db", exp.to_identifier(ctx.options.owner_schema))
    return node


def merge_branch_where(node: exp.Expression, ctx: Context) -> exp.Expression:
    """MERGE ... USING dual (the one-row upsert idiom): a one-row subquery of DUAL's column, under the same name.
    MERGE ... WHEN MATCHED THEN UPDATE SET ... WHERE c / WHEN NOT MATCHED THEN INSERT ... VALUES ... WHERE c:
    Oracle changes only the rows for which c is true (the others are left alone, neither updated nor inserted).
    PostgreSQL has no WHERE there; `WHEN MATCHED AND c THEN UPDATE` does the same: a row no branch takes is left
    alone. (The DELETE WHERE clause of Oracle's update branch does not parse and stays manual.)"""
    using = node.args.get("using") if isinstance(node, exp.Merge) else None
    if is_dual(using):  # MERGE ... USING dual ON (...): the upsert idiom, one source row
        alias = using.alias or "dual"
        row = exp.select(exp.alias_(exp.Literal.string("X"), "dummy"))
        node.set("using", exp.Subquery(this=row, alias=exp.TableAlias(this=exp.to_identifier(alias))))
    whens = node.args.get("whens") if isinstance(node, exp.Merge) else None
    for when in whens.expressions if isinstance(whens, exp.Whens) else []:
        then = when.args.get("then")
        where = then.args.get("where") if isinstance(then, (exp.Update, exp.Insert)) else None
        if not isinstance(where, exp.Where):
            continue
        condition = when.args.get("condition")
        when.set("condition", exp.and_(condition, where.this) if condition is not None else where.this.copy())
        then.set("where", None)
    return node
