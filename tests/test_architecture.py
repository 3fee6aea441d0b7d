"""The dependency rules docs/architecture.md states, checked on every run (import-linter's layer contracts in
pyproject.toml check the rest): no import cycle, deferred imports included, and each source engine's query
rewrites keep to their own engine (shared helpers live in converters/rewrites/common.py and temporal.py)."""

from __future__ import annotations

import re

import grimp
import pytest

PACKAGES = ("migrate", "assessments", "converters", "validators")
_FROM = re.compile(r"^\s*from\s+([\w.]+)\s+import\b")


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True)


def _edges(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    """Module -> the modules it imports, anywhere in its body. `from pkg import sub` also imports `pkg` (its
    __init__ runs first): a child that imports its own package that way closes a cycle grimp alone would miss."""
    edges: dict[str, set[str]] = {m: set() for m in graph.modules}
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            edges[importer].add(imported)
            for detail in graph.get_import_details(importer=importer, imported=imported):
                match = _FROM.match(detail["line_contents"])
                if match and match[1] in edges and match[1] != importer:
                    edges[importer].add(match[1])
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_cycles_are_found() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles(graph: grimp.ImportGraph) -> None:
    cycles = _cycles(_edges(graph))
    assert not cycles, "import cycles (deferred imports count): " + "; ".join(" <-> ".join(c) for c in cycles)


def test_tsql_rewrites_do_not_import_the_oracle_modules(graph: grimp.ImportGraph) -> None:
    tsql = [m for m in graph.modules if m.startswith("converters.rewrites.tsql")]
    assert tsql
    wrong = {
        (m, imported)
        for m in tsql
        for imported in graph.find_modules_directly_imported_by(m)
        if imported.startswith("converters.rewrites.oracle")
    }
    assert not wrong, f"T-SQL rewrites import Oracle modules (move the shared helper to common.py): {sorted(wrong)}"


PRINTER = "migrate/cli/render/"
PRINTS = {"print", "echo", "secho", "pprint"}  # print(...), click.echo(...), console.print(...), ...


def test_only_the_one_printer_prints() -> None:
    """Everything a command shows goes through migrate/cli/render/: no other module prints, echoes or writes
    to stdout (the library layers return results; the CLI hands them to the printer)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    found = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if relative.startswith(PRINTER):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if name in PRINTS or ast.unparse(func) in ("sys.stdout.write", "sys.stderr.write"):
                    found.append(f"{relative}:{node.lineno} {ast.unparse(func)}")
    assert not found, "printing outside migrate/cli/render/: " + "; ".join(found)
