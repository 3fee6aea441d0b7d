"""sp_addextendedproperty: SQL Server's way to document an object, which PostgreSQL keeps as COMMENT ON.

A property on a schema, table, view, column, index or key/check constraint becomes that object's comment, whatever the
property is called (MS_Description in SSMS, Description in WideWorldImporters). PostgreSQL keeps one comment per
object, so a second property on the same object is not merged into the first: its statement stays for a person.
A property on a DEFAULT constraint documents something PostgreSQL does not keep as an object (a column default):
it is ignored with that reason. Any other level (routine, parameter, trigger, database) is not read here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assessments.files.builder import Builder

Call = tuple[str, dict[str, str]]
DEFAULT_CONSTRAINT = "a DEFAULT constraint's description: PostgreSQL keeps a default as part of its column"


def apply_properties(calls: list[Call], b: Builder) -> tuple[bool, str]:
    """Apply every call: (whether the statement is read, and the reason to ignore it when nothing of it applied
    because every call describes a DEFAULT constraint)."""
    left = [p for _, p in calls if not _apply(p, b)]
    if any(_level(p, 2) != "CONSTRAINT" or _constraint_exists(p, b) for p in left):
        return False, ""
    return True, DEFAULT_CONSTRAINT if left and len(left) == len(calls) else ""


def _level(p: dict[str, str], n: int) -> str:
    return (p.get(f"@level{n}type") or "").upper()


def _names(p: dict[str, str]) -> tuple[str, str, str]:
    return p.get("@level0name", "dbo"), p.get("@level1name", ""), p.get("@level2name", "")


def _apply(p: dict[str, str], b: Builder) -> bool:
    text = p.get("@value")
    if text is not None and _level(p, 0) == "SCHEMA" and not _level(p, 1):
        return _on_schema(b, p.get("@level0name", ""), text)
    if text is None or _level(p, 0) != "SCHEMA" or _level(p, 1) not in ("TABLE", "VIEW"):
        return False
    schema, name, part = _names(p)
    level = _level(p, 2)
    if not level:
        return _set(b, "tables", schema, name, lambda t: _commented(t, text)) or _set(
            b, "views", schema, name, lambda v: _commented(v, text)
        )
    if level == "COLUMN":
        return _set(b, "tables", schema, name, lambda t: _on_column(t, part, text)) or _set(
            b, "views", schema, name, lambda v: _on_view_column(v, part, text)
        )
    if level in ("INDEX", "CONSTRAINT"):
        field = "indexes" if level == "INDEX" else "constraints"
        return _set(b, "tables", schema, name, lambda t: _on_member(t, field, part, text))
    return False


def _on_schema(b: Builder, schema: str, text: str) -> bool:
    key = schema.upper()
    if key not in b.schema_names or b.schema_comments.get(key, text) != text:
        return False
    b.schema_comments[key] = text
    return True


def _set(b: Builder, kind: str, schema: str, name: str, how: Any) -> bool:
    """Change the object when `how` can (it returns None when the comment has no place or is taken)."""
    found = b.get(kind, schema, name)
    changed = how(found) if found is not None else None
    if changed is None:
        return False
    b.put(kind, changed)
    return True


def _commented(obj: Any, text: str) -> Any:
    return replace(obj, comment=text) if obj.comment in (None, text) else None


def _on_column(table: Any, column: str, text: str) -> Any:
    target = table.column(column)
    if target is None or target.comment not in (None, text):
        return None
    return replace(table, columns=tuple(replace(c, comment=text) if c is target else c for c in table.columns))


def _on_view_column(view: Any, column: str, text: str) -> Any:
    said = dict((c.upper(), t) for c, t in view.column_comments)
    if said.get(column.upper(), text) != text:
        return None
    kept = tuple((c, t) for c, t in view.column_comments if c.upper() != column.upper())
    return replace(view, column_comments=(*kept, (column, text)))


def _on_member(table: Any, field: str, name: str, text: str) -> Any:
    members = getattr(table, field)
    target = next((m for m in members if m.name.upper() == name.upper()), None)
    if target is None or target.comment not in (None, text):
        return None
    return replace(table, **{field: tuple(replace(m, comment=text) if m is target else m for m in members)})


def _constraint_exists(p: dict[str, str], b: Builder) -> bool:
    schema, name, part = _names(p)
    table = b.get("tables", schema, name)
    return table is None or any(c.name.upper() == part.upper() for c in table.constraints)
