"""GOTO to a label later in the same statement list -> a labelled block and EXIT.

    IF @@ERROR <> 0 GOTO failed;             <<failed>>
    ...                                      BEGIN
    COMMIT; RETURN 0;                            IF v_error <> 0 THEN EXIT failed; END IF;
failed:                                          ...
    ROLLBACK; RETURN 1;                      END;
                                             ROLLBACK; ...

Everything from the start of the list to the label is the block; `GOTO label` anywhere inside it (in loops, IFs,
TRY or CATCH parts) leaves it, so the statement after the label runs next, and falling off the block's end runs it
too: exactly T-SQL's GOTO. Several labels nest (the later label's block encloses the earlier one). A GOTO that
jumps backwards, or into a list it is not in, stays PROC-TSQL-GOTO-001."""

from __future__ import annotations

from collections.abc import Callable

from converters.names import fold
from converters.procedural.tsql_emit import Emitter
from converters.procedural.tsql_parse import Node, walk
from converters.procedural.tsql_savepoints import statement_lists
from converters.procedural.tsql_scope import Scope

EmitList = Callable[[list[Node], Scope, Emitter], None]


def _target(node: Node) -> str:
    return node.tokens[-1].text.upper() if node.kind == "goto" and len(node.tokens) == 2 else ""


def plan_gotos(nodes: list[Node], scope: Scope) -> None:
    """Mark each label that every GOTO to it reaches forwards in its own list (scope.labels), and those GOTOs."""
    gotos: dict[str, list[Node]] = {}
    for node in walk(nodes):
        if _target(node):
            gotos.setdefault(_target(node), []).append(node)
    for statements in statement_lists(nodes):
        for at, node in enumerate(statements):
            if node.kind != "label":
                continue
            name = node.tokens[0].text.upper()
            inside = {id(n) for n in walk(statements[:at])}
            jumps = gotos.get(name, [])
            if all(id(j) in inside for j in jumps):
                block = "l_" + fold(node.tokens[0].text, "sqlserver").lower()
                scope.labels[id(node)] = block
                scope.labels.update((id(j), block) for j in jumps)


def emit_labelled(nodes: list[Node], scope: Scope, out: Emitter, emit_list: EmitList) -> bool:
    """Emit a statement list holding planned labels as nested labelled blocks; False when it holds none."""
    cuts = [at for at, node in enumerate(nodes) if node.kind == "label" and id(node) in scope.labels]
    if not cuts:
        return False
    for cut in reversed(cuts):
        out.line(f"<<{scope.labels[id(nodes[cut])]}>>")
        out.line("BEGIN")
        out.depth += 1
    start = 0
    for cut in cuts:
        emit_list(nodes[start:cut], scope, out)
        if start == cut:
            out.line("NULL;")
        out.depth -= 1
        out.line(f"END {scope.labels[id(nodes[cut])]};")
        out.comments(nodes[cut].comments)
        out.line(
            f"-- {nodes[cut].tokens[0].text}: (the label; GOTO {nodes[cut].tokens[0].text} leaves the block above)"
        )
        start = cut + 1
    emit_list(nodes[start:], scope, out)
    return True


def exit_for(node: Node, scope: Scope) -> str | None:
    """`GOTO failed` of a planned label -> `EXIT l_failed;`."""
    block = scope.labels.get(id(node))
    return f"EXIT {block};" if block else None
