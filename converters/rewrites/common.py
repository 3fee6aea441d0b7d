"""What every rewrite pipeline shares: options (converters/rewrites/options.py), the per-statement context that collects findings, the pipeline
runner, and the rewrites that apply to every source (PostgreSQL-version checks, sequences spelled as columns).

A rewrite is a small function `(node, ctx) -> node` that returns `node` itself when it does not apply. `ctx` only
collects findings and carries options; it never changes what the rewrite returns for a given node.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlglot import exp
from sqlglot.errors import ErrorLevel

from converters.names import quote
from converters.rewrites.options import RewriteOptions, Rewritten, UserType
from converters.rewrites.rules import RULES
from migrate.model import Finding, Location
from migrate.model.engines import ENGINES, POSTGRESQL, engine

__all__ = ["Context", "RewriteOptions", "Rewritten", "Step", "UserType", "run_pipeline"]


# Object kinds whose expression PostgreSQL requires to be IMMUTABLE: no concat(), no now().
IMMUTABLE_KINDS = frozenset({"index", "generated_column", "check", "partition"})
# Object kinds where PostgreSQL refuses, at CREATE time, a call it does not mark IMMUTABLE (CHECK and partition
# bounds are not enforced)
IMMUTABLE_ENFORCED = frozenset({"index", "generated_column"})
# expressions where PostgreSQL allows no subquery (so no value can be read once in a scalar subquery there)
NO_SUBQUERY_KINDS = frozenset({"check", "default", "generated_column", "index"})


def read_once(values: dict[str, exp.Expression], alias: str, body: exp.Expression) -> exp.Subquery:
    """(SELECT body FROM (SELECT value AS name, ...) AS alias): each value evaluated once, `body` reading it as
    alias.name, for a rewrite that needs a value several times (a subquery, a routine's call may not give the same
    value twice)."""
    inner = exp.select(*(exp.alias_(value.copy(), name) for name, value in values.items())).subquery(alias)
    return exp.Subquery(this=exp.select(body).from_(inner))


@dataclass
class Context:
    """Per-statement scratch: options in, findings out."""

    options: RewriteOptions
    source: str
    findings: list[Finding] = field(default_factory=list)
    present: frozenset[str] | None = None  # constructs in the statement, from one walk (None: not computed)
    flagged: set[int] = field(default_factory=set)  # id() of nodes already carrying a finding
    guards: list[str] = field(default_factory=list)  # PL/pgSQL checks the statement needs before it (see options)

    @property
    def immutable(self) -> bool:
        return self.options.object_kind in IMMUTABLE_KINDS

    def has(self, feature: str) -> bool:
        """Whether the statement contains a construct (see `features`): statement steps skip their walks if not."""
        return self.present is None or feature in self.present

    def flag(self, rule_id: str, node: exp.Expression | None = None, detail: str = "") -> None:
        """Record one occurrence of `rule_id` at `node` (its line inside the text shifts the location)."""
        rule = RULES[rule_id]
        if node is not None:
            self.flagged.add(id(node))
        snippet = _snippet(node, self.source)
        message = f"{rule.message}: {detail}" if detail else rule.message
        self.findings.append(
            Finding(
                rule_id=rule_id,
                severity=rule.severity,
                message=message,
                object_kind=self.options.object_kind,
                object_name=self.options.object_name,
                location=self.location_of(node),
                remedy=rule.remedy,
                effort_hours=rule.effort_hours,
                snippet=snippet,
                category="conversion",
            )
        )

    def location_of(self, node: exp.Expression | None) -> Location:
        """The node's line inside the text, shifted to the text's own location; line 1 when unknown."""
        base = self.options.location
        line = _line_of(node) or 1
        if base is None or base.line is None:
            return Location(base.file if base else None, line)
        return base.shifted(line - 1)


def _line_of(node: exp.Expression | None) -> int | None:
    """sqlglot keeps the token line on identifiers and literals; use the first one found under the node."""
    if node is None:
        return None
    for sub in node.walk():
        line = sub.meta.get("line") if sub._meta else None  # _meta: avoid creating a dict on every node
        if line:
            return int(line)
    return None


def _snippet(node: exp.Expression | None, source: str) -> str:
    """The node as the source spells it (what the user will search for), at most 200 characters."""
    if node is None:
        return ""
    try:
        text = node.sql(dialect=ENGINES.get(source, POSTGRESQL).sqlglot, unsupported_level=ErrorLevel.IGNORE)
    except Exception:  # a half-rewritten node may not render in the source dialect; the snippet is a courtesy
        return ""
    return text if len(text) <= 200 else text[:197] + "..."


@functools.cache
def _parsed_type(text: str) -> exp.DataType:
    return exp.DataType.build(text, dialect="postgres")


def pg_type(text: str) -> exp.DataType:
    """A PostgreSQL type node; parsed once per spelling (building one from text runs the tokenizer)."""
    return _parsed_type(text).copy()


Rewrite = Callable[[exp.Expression, Context], exp.Expression]


@dataclass(frozen=True)
class Step:
    """One rewrite, applied to every node of `applies_to` type, bottom-up (children before parents)."""

    applies_to: type[exp.Expression] | tuple[type[exp.Expression], ...]
    rewrite: Rewrite


def run_pipeline(tree: exp.Expression, steps: Sequence[Step], ctx: Context) -> exp.Expression:
    """Apply the steps in order to each node, children first, so nested calls (NVL(NVL(a, b), c)) all convert."""
    root = tree
    for node in list(tree.walk(bfs=False))[::-1]:
        if not _any_step_for(steps, type(node)):
            continue  # identifiers, literals...: most nodes no step looks at
        current = node
        for step in steps:
            if isinstance(current, step.applies_to):
                current = step.rewrite(current, ctx)
        if current is not node:
            if node is root:
                root = current
            else:
                node.replace(current)
    return root


_STEPS_FOR: dict[tuple[int, type], bool] = {}


def _any_step_for(steps: Sequence[Step], kind: type) -> bool:
    """Cached per pipeline object (pipelines are module constants) and node type: hashing the steps is costly."""
    key = (id(steps), kind)
    if key not in _STEPS_FOR:
        _STEPS_FOR[key] = any(issubclass(kind, step.applies_to) for step in steps)
    return _STEPS_FOR[key]


def run_statement_steps(tree: exp.Expression, steps: Sequence[Rewrite], ctx: Context) -> exp.Expression:
    """Whole-statement rewrites (joins, hierarchies, row limits) run once each, in order, before the node steps."""
    ctx.present = features(tree)
    for rewrite in steps:
        tree = rewrite(tree, ctx)
    return tree


# Upper-case column/table names that statement steps look for.
_MARKED_NAMES = frozenset({"ROWNUM", "DUAL", "LEVEL"})


def features(tree: exp.Expression) -> frozenset[str]:
    """One walk: the node types in the statement, the pseudo-column/table names above, and (+) marks."""
    found: set[str] = set()
    for node in tree.walk():
        found.add(type(node).__name__)
        if isinstance(node, (exp.Column, exp.Table)) and node.name.upper() in _MARKED_NAMES:
            found.add(node.name.upper())
        if isinstance(node, exp.Column) and node.args.get("join_mark"):
            found.add("JOIN_MARK")
    return frozenset(found)


def func_name(node: exp.Expression) -> str:
    """The upper-case name of a function call sqlglot did not recognise (exp.Anonymous)."""
    return node.name.upper() if isinstance(node, exp.Anonymous) else ""


def sequence_call(node: exp.Expression, ctx: Context) -> exp.Expression:
    """seq.NEXTVAL / seq.CURRVAL (Oracle; parsed as a column; `seq.nextval()` as a call after a dot) ->
    nextval('seq') / currval('seq')."""
    if isinstance(node, exp.Dot) and isinstance(node.expression, exp.Anonymous) and not node.expression.expressions:
        prefix = [p for p in node.this.walk() if isinstance(p, exp.Identifier)]
        if node.expression.name.upper() in ("NEXTVAL", "CURRVAL") and 0 < len(prefix) <= 3:
            name = exp.Column(this=exp.to_identifier(node.expression.name), table=prefix[-1])
            if len(prefix) > 1:
                name.set("db", prefix[-2])
            if len(prefix) > 2:
                name.set("catalog", prefix[-3])
            return sequence_call(name, ctx)
        return node
    if not isinstance(node, exp.Column) or node.name.upper() not in ("NEXTVAL", "CURRVAL") or not node.table:
        return node

    # The name goes inside a string, where PostgreSQL folds it like an identifier: each part as the converter names
    # it (Oracle's "SEQ" in upper case is the unquoted SEQ: seq), quoted only where its case must stay.
    def spelled(part: exp.Identifier) -> str:
        name, quoted = engine(ctx.source).target_identifier(part.name, part.quoted)
        return '"' + name.replace('"', '""') + '"' if quoted else name

    sequence = ".".join(spelled(p) for p in node.parts[:-1])
    if len(node.parts) == 2 and sequence in ctx.options.owner_sequences:  # a procedure with no SET search_path
        sequence = f"{quote(ctx.options.owner_schema)}.{sequence}"
    function = "nextval" if node.name.upper() == "NEXTVAL" else "currval"
    return exp.Anonymous(this=function, expressions=[exp.Literal.string(sequence)])


def merge_needs_15(node: exp.Expression, ctx: Context) -> exp.Expression:
    """MERGE exists in PostgreSQL 15+; on older targets it must become INSERT ... ON CONFLICT by hand."""
    if isinstance(node, exp.Merge) and ctx.options.target_version < 15:
        ctx.flag("CONV-MERGE-001", node, f"target is PostgreSQL {ctx.options.target_version}")
    return node


def json_table_needs_17(node: exp.Expression, ctx: Context) -> exp.Expression:
    """JSON_TABLE exists in PostgreSQL 17+; before, the rows come from jsonb_to_recordset / jsonb_array_elements."""
    if isinstance(node, exp.JSONTable) and ctx.options.target_version < 17:
        ctx.flag("CONV-JSONTABLE-001", node, f"target is PostgreSQL {ctx.options.target_version}")
    return node


def derived_table_alias(node: exp.Expression, ctx: Context) -> exp.Expression:
    """A subquery in FROM/JOIN needs an alias before PostgreSQL 16 (Oracle and SQL Server allow none in places).
    A parenthesised join `a JOIN (b JOIN c ON ...) ON a.x = b.y` is parsed as a Subquery too, but it is not one:
    an alias on it would hide b and c from the ON clause and the select list (PostgreSQL: "invalid reference to
    FROM-clause entry"), while without one it means exactly what Oracle and SQL Server read."""
    if not isinstance(node, exp.Subquery):
        return node
    inner = node.this
    if isinstance(inner, exp.Table) and not node.args.get("joins") and not inner.args.get("joins"):
        # `(t)`, `(t) x`, `(t x)`: Oracle and SQL Server read a parenthesised table as the table, PostgreSQL
        # does not parse it (and an alias around `(t x)` would hide x)
        table = inner.copy()
        if node.alias:
            table.set("alias", node.args["alias"].copy())
        return table
    if node.alias or _is_parenthesised_join(node):
        return node
    # Inside a parenthesised join the first member carries the joins: `((SELECT ...) JOIN d ON ...)`.
    if isinstance(node.parent, (exp.From, exp.Join)) or node.args.get("joins"):
        node.set("alias", exp.TableAlias(this=exp.to_identifier(f"subquery_{_position(node)}")))
    return node


def _is_parenthesised_join(node: exp.Subquery) -> bool:
    """`(b JOIN c ON ...)`, also doubly parenthesised: sqlglot hangs the joins on the first member inside (a
    SELECT's own joins belong to that SELECT: `(SELECT ... FROM b JOIN c ...)` is a subquery)."""
    inner = node.this
    while isinstance(inner, exp.Subquery) and not inner.alias and not inner.args.get("joins"):
        inner = inner.this
    return not isinstance(inner, (exp.Select, exp.SetOperation)) and bool(inner.args.get("joins"))


def _position(node: exp.Expression) -> int:
    """A stable number for a generated alias: how many subqueries precede this one in the statement."""
    root = node.root()
    return next(i for i, sub in enumerate(root.find_all(exp.Subquery), start=1) if sub is node)


# SQL Server: a character type without a length means 30 in CAST and CONVERT (1 only in a declaration).
_DEFAULT_CAST_LENGTH = {"sqlserver": 30}
_SIZED = {exp.DType.VARCHAR, exp.DType.NVARCHAR, exp.DType.CHAR, exp.DType.NCHAR, exp.DType.VARBINARY, exp.DType.BINARY}


def _cast_type_text(target: exp.DataType, source: str) -> str:
    """The type as the source spells it in a CAST, with the source's implicit length made explicit."""
    default = _DEFAULT_CAST_LENGTH.get(source)
    if default and target.this in _SIZED and not target.expressions:
        target = exp.DataType(this=target.this, expressions=[exp.DataTypeParam(this=exp.Literal.number(default))])
    return target.sql(dialect=engine(source).sqlglot)


# meta key on a DataType an earlier step already wrote as the PostgreSQL type (a user type's target name)
POSTGRES_TYPE = "postgres_type"


def cast_types(node: exp.Expression, ctx: Context) -> exp.Expression:
    """CAST(x AS <source type>) -> the PostgreSQL type the DDL uses for that type (converters.types tables):
    Oracle DATE keeps its time (timestamp(0)), NVARCHAR(MAX) is text, NUMBER(10) an integer type, BIT boolean.
    Runs first on each CAST/CONVERT, so casts the rewrites create (already PostgreSQL types) are never re-mapped."""
    from converters.types import map_type
    from migrate.model import parse_column_type

    target = node.args.get("to") if isinstance(node, (exp.Cast, exp.TryCast)) else node.this
    if not isinstance(target, exp.DataType) or target.meta.get(POSTGRES_TYPE):
        return node
    raw = _cast_type_text(target, ctx.source)
    choice = map_type(parse_column_type(raw, ctx.source), ctx.source, ctx.options.target_version)
    if choice.sql is None:
        ctx.flag("CONV-CAST-001", node, raw)
        return node
    for finding in choice.findings:
        ctx.findings.append(finding.on(ctx.options.object_kind, ctx.options.object_name).at(ctx.location_of(node)))
    try:
        mapped = pg_type(choice.sql)
    except Exception:  # a type text sqlglot cannot read (e.g. interval fields): keep the source type, flagged
        ctx.flag("CONV-CAST-001", node, f"{raw} -> {choice.sql}")
        return node
    target.replace(mapped)
    return node


@functools.cache
def known_functions() -> dict:
    data = json.loads((Path(__file__).parent / "pg_functions.json").read_text())
    return {
        "postgresql": frozenset(data["postgresql"]),
        "orafce": frozenset(data["orafce"]),
        "added_in": data["added_in"],
    }


# Calls PostgreSQL marks STABLE or VOLATILE (they read the session's time zone, DateStyle or clock): rejected in
# index expressions, generated columns and (by convention) CHECK constraints.
NOT_IMMUTABLE = frozenset(
    {
        "to_char",
        "to_timestamp",
        "to_date",
        "to_number",
        "now",
        "statement_timestamp",
        "clock_timestamp",
        "transaction_timestamp",
        "timeofday",
        "random",
        "concat",
        "concat_ws",
        "age",
        "current_setting",
        "gen_random_uuid",
        "nextval",
        "currval",
        "lastval",
    }
)


def user_routine_immutable(node: exp.Expression, ctx: Context) -> exp.Expression:
    """schema.routine(...) left after every rewrite, in an index expression or a generated column: PostgreSQL
    accepts only an IMMUTABLE function there, which a converted routine is not by default. Runs on the Dot,
    after the steps that turn supplied packages and CLR type methods into built-in forms."""
    enforced = ctx.options.object_kind in IMMUTABLE_ENFORCED
    if enforced and isinstance(node, exp.Dot) and isinstance(node.expression, exp.Anonymous):
        called = f"{node.this.name}.{node.expression.name}".lower() if isinstance(node.this, exp.Identifier) else ""
        if called not in ctx.options.immutable_routines:  # a DETERMINISTIC function is converted IMMUTABLE
            ctx.flag("CONV-IMMUTABLE-002", node, node.sql(dialect="postgres"))
    return node


def immutable_only(node: exp.Expression, ctx: Context) -> exp.Expression:
    """In an index expression or a generated column, a call PostgreSQL does not mark IMMUTABLE is rejected at
    CREATE time: say so now, with the way out (an IMMUTABLE wrapper function the user vouches for)."""
    enforced = ctx.options.object_kind in IMMUTABLE_ENFORCED
    if enforced and isinstance(node, exp.Anonymous) and node.name.lower() in NOT_IMMUTABLE:
        ctx.flag("CONV-IMMUTABLE-001", node, f"{node.name.lower()}()")
    return node


def column_name(node: exp.Column, ctx: Context) -> str | None:
    """The name a column's type is read by (lower case): its own, the column a loop record's field renames
    (`r.booked` of `SELECT o.order_date booked`), or None for a field the loop's query computes
    (RewriteOptions.computed_fields: 'r.f' computed, 'r.f=column' renamed)."""
    fields = ctx.options.computed_fields
    if not fields or not node.table:
        return node.name.lower()
    key = f"{node.table}.{node.name}".lower()
    if key in fields:
        return None
    return next((f.split("=", 1)[1] for f in fields if f.startswith(key + "=")), node.name.lower())
