"""`IF @@TRANCOUNT = 0 BEGIN BEGIN TRANSACTION; SET @TranStarted = 1 END ELSE SET @TranStarted = 0` in a
procedure (the ASP.NET providers' idiom: start a transaction only when the caller has none, and later
`IF @TranStarted = 1 COMMIT` / `ROLLBACK`).

SQL Server's two cases, and the PL/pgSQL form of each:
- No transaction is open (the application calls in autocommit mode). What ran before the BEGIN TRANSACTION is
  already committed, the procedure's later ROLLBACK undoes only what it wrote since. PL/pgSQL: `COMMIT` where the
  BEGIN TRANSACTION was (what ran before is committed, a new transaction starts), then COMMIT / ROLLBACK as written
  (PROC-TSQL-TRAN-004: PostgreSQL allows them when the CALL is in autocommit mode).
- A transaction is open. When the caller is a converted procedure, its `BEGIN TRANSACTION` (plain, or this idiom)
  sets the transaction-local setting `aurora_migrate.trancount`, which is what this IF reads: the ELSE branch runs,
  as in SQL Server, and nothing is committed or rolled back. When the caller is the application inside an explicit
  transaction block, PostgreSQL refuses the COMMIT (SQLSTATE 2D000, "invalid transaction termination") before the
  procedure writes anything: an error, never a different result.

A procedure that commits cannot return result sets (its refcursors close at COMMIT, and it cannot run inside the
transaction block the caller would FETCH in): a result set anywhere in it stays PROC-TSQL-RESULTSET-002."""

from __future__ import annotations

from converters.procedural.tsql_emit import Emitter
from converters.procedural.tsql_parse import Node
from converters.procedural.tsql_scope import PUBLISHED, Scope

SETTING = f"{PUBLISHED}trancount"
NO_TRANSACTION = f"coalesce(current_setting('{SETTING}', true), '') IN ('', '0')"


def idiom_then(node: Node, scope: Scope) -> list[Node] | None:
    """The then-part's statements but the BEGIN TRANSACTION, when `node` is the idiom (else None)."""
    condition = [t.text.upper() for t in node.tokens if t.text not in ("(", ")")]
    if condition != ["@@TRANCOUNT", "=", "0"] or scope.kind != "procedure" or scope.in_try or scope.in_catch:
        return None
    then = node.body
    while len(then) == 1 and then[0].kind == "block":
        then = then[0].body
    begins = [n for n in then if n.kind == "tran"]
    if len(begins) != 1 or any(n.kind not in ("tran", "set") for n in then):
        return None
    if any(n.kind not in ("set", "print") for n in node.orelse):
        return None
    return [n for n in then if n.kind != "tran"]


def begin_transaction(node: Node, scope: Scope, out: Emitter) -> None:
    """The BEGIN TRANSACTION of the idiom's then-part (no caller holds a transaction)."""
    scope.flag("PROC-TSQL-TRAN-004", node.line)
    if scope.result_sets:
        scope.flag("PROC-TSQL-RESULTSET-002", node.line, "a result set before COMMIT")
    scope.committed = True
    out.line("COMMIT;  -- BEGIN TRANSACTION: what ran before is committed (autocommit), a new transaction starts")
    out.line(publish())


def publish() -> str:
    """Procedures called from here on see @@TRANCOUNT > 0 (until this transaction ends)."""
    return f"PERFORM set_config('{SETTING}', '1', true);  -- @@TRANCOUNT > 0 for the procedures called from here"
