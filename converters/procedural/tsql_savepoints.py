"""SAVE TRANSACTION x ... ROLLBACK TRANSACTION x in the shapes where a PL/pgSQL BEGIN ... EXCEPTION block (which
is a savepoint) undoes exactly what SQL Server's rollback undoes:

    SAVE TRANSACTION x;                      SAVE TRANSACTION x;
    BEGIN TRY ... END TRY                    INSERT / UPDATE / DELETE / MERGE ...;
    BEGIN CATCH                              IF @@ERROR <> 0
        ROLLBACK TRANSACTION x;              BEGIN
        ...                                      ROLLBACK TRANSACTION x; ...
    END CATCH                                END

In the first, the TRY part becomes BEGIN ... EXCEPTION: when the CATCH part runs, PostgreSQL has already undone
the TRY part, back to where the savepoint was taken (nothing ran in between). In the second, the data statement
runs in its own BEGIN ... EXCEPTION block for @@ERROR (tsql_errors.py): when @@ERROR is not 0 its change is
already undone, and it is the only statement since the savepoint. The rollback must come first in its branch
(before anything the rollback would also undo), no other statement may roll back to x, and a BEGIN TRANSACTION
must come before the SAVE in the same statement list (SQL Server refuses SAVE outside a transaction). Under
XACT_ABORT ON SQL Server dooms the transaction instead (the rollback to x fails): PROC-TSQL-SAVETRAN-001 too."""

from __future__ import annotations

from converters.procedural.tsql_errors import reads_error
from converters.procedural.tsql_parse import Node, walk
from converters.procedural.tsql_scope import Scope

TRAN = frozenset({"TRAN", "TRANSACTION"})
QUIET = frozenset({"declare", "set", "print"})  # statements that may come before the rollback in its branch


def savepoint_name(node: Node) -> str | None:
    """`SAVE TRAN x` / `ROLLBACK TRAN x` -> 'X' (None: no name, or a variable)."""
    words = node.tokens
    if node.kind not in ("save", "rollback") or len(words) != 3 or words[1].upper not in TRAN:
        return None
    return None if words[2].text.startswith("@") else words[2].text.upper()


def plan_savepoints(nodes: list[Node], scope: Scope) -> None:
    """Mark the SAVE / ROLLBACK nodes an exact shape absorbs (scope.absorbed); the others stay findings."""
    if "XACT_ABORT" in scope.text.upper():
        return
    saves = [n for n in walk(nodes) if n.kind == "save"]
    rollbacks: dict[str, list[Node]] = {}
    for node in walk(nodes):
        name = savepoint_name(node) if node.kind == "rollback" else None
        if name:
            rollbacks.setdefault(name, []).append(node)
    for statements in statement_lists(nodes):
        for at, node in enumerate(statements):
            name = savepoint_name(node) if node in saves else None
            if not name or len(rollbacks.get(name, [])) != 1 or not _in_transaction(statements[:at]):
                continue
            rollback = _matching(statements[at + 1 : at + 3], name)
            if rollback is not None and rollback is rollbacks[name][0]:
                scope.absorbed.update({id(node), id(rollback)})


def plan_rollbacks(nodes: list[Node], scope: Scope) -> None:
    """A full ROLLBACK in a CATCH part is dropped (the BEGIN ... EXCEPTION block already undid the TRY part); that
    is exact only when nothing was written in the transaction before the TRY. BEGIN TRAN; INSERT ...; BEGIN TRY
    ... BEGIN CATCH ROLLBACK: SQL Server also undoes the INSERT. Those ROLLBACKs are marked (scope.rollback_past)."""
    for statements in statement_lists(nodes):
        for at, node in enumerate(statements):
            if node.kind != "try" or not _wrote_in_transaction(statements[:at]):
                continue
            for inner in walk(node.orelse):
                if inner.kind == "rollback" and savepoint_name(inner) is None:
                    scope.rollback_past.add(id(inner))


def _wrote_in_transaction(before: list[Node]) -> bool:
    """A BEGIN TRAN still open at the end of `before`, with a statement after it that may write."""
    wrote: bool | None = None  # None: no transaction open
    for node in before:
        if node.kind == "tran":
            wrote = False if wrote is None else wrote
        elif node.kind == "commit" or (node.kind == "rollback" and savepoint_name(node) is None):
            wrote = None
        elif wrote is not None and node.kind not in QUIET and node.kind not in ("save", "label"):
            wrote = True
    return bool(wrote)


def _in_transaction(before: list[Node]) -> bool:
    """A BEGIN TRAN earlier in the same list, not ended since (SQL Server refuses SAVE with no transaction open)."""
    state = False
    for node in before:
        if node.kind == "tran":
            state = True
        elif node.kind == "commit" or (node.kind == "rollback" and savepoint_name(node) is None):
            state = False
    return state


def _matching(after: list[Node], name: str) -> Node | None:
    if after and after[0].kind == "try":
        return _first_rollback(after[0].orelse, name)
    data = len(after) == 2 and after[0].kind in ("insert", "update", "delete", "merge")
    if data and after[1].kind == "if" and reads_error(after[1]):
        return _first_rollback(after[1].body, name)
    return None


def _first_rollback(branch: list[Node], name: str) -> Node | None:
    for node in branch:
        if node.kind == "block":
            return _first_rollback(node.body, name)
        if node.kind == "rollback":
            return node if savepoint_name(node) == name else None
        if node.kind not in QUIET or node.problem:
            return None
    return None


def statement_lists(nodes: list[Node]) -> list[list[Node]]:
    """Every statement list of the body (the body itself, each block, branch, loop body, TRY and CATCH part)."""
    found = [nodes]
    for node in nodes:
        for part in (node.body, node.orelse):
            if part:
                found.extend(statement_lists(part))
    return found
