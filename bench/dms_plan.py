"""How fast `dms plan` builds mappings and settings for a large inventory, and how much memory it takes.

    .venv/bin/python bench/dms_plan.py [TABLES] [COLUMNS] [--memory]   (defaults: 5000 tables x 30 columns)

Prints seconds and peak MB for the table-mappings build, the whole plan, plan.md, and the JSON sizes.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from migrate.config import load_settings
from migrate.dms.markdown import render_plan
from migrate.dms.plan import build_plan
from migrate.model import (
    Column,
    ColumnMapping,
    Constraint,
    ConstraintKind,
    ConversionResult,
    ConvertedObject,
    Inventory,
    Ledger,
    ObjectStatus,
    Partition,
    Partitioning,
    Schema,
    SourceInfo,
    Table,
    parse_column_type,
)

TYPES = ("NUMBER(10)", "VARCHAR2(100)", "DATE", "NUMBER(12,2)", "TIMESTAMP(6)", "CLOB", "NUMBER(1)", "RAW(16)")


def inventory(tables: int, columns: int) -> Inventory:
    made = []
    for i in range(tables):
        cols = tuple(
            Column(
                f"C{j}",
                parse_column_type(TYPES[j % len(TYPES)], "oracle"),
                max_length_observed=(8000 if i % 2 else None),
            )
            for j in range(columns)
        )
        partitioning = Partitioning("range", ("C2",), (Partition("P1"),)) if i % 50 == 0 else None
        made.append(Table(f"S{i % 20}", f"T{i}", cols, (Constraint("PK", ConstraintKind.PRIMARY_KEY, ("C0",)),),
                          partitioning=partitioning, row_count=(50_000_000 if i % 97 == 0 else 1000)))  # fmt: skip
    schemas = tuple(Schema(f"S{k}", tuple(t for t in made if t.schema == f"S{k}")) for k in range(20))
    return Inventory(SourceInfo("oracle"), schemas)


# What the converter typically chooses; NUMBER(1) -> boolean is the override DMS must be told about.
TARGET = {"NUMBER(10)": "bigint", "VARCHAR2(100)": "varchar(100)", "DATE": "timestamp(0)", "NUMBER(12,2)":
          "numeric(12,2)", "TIMESTAMP(6)": "timestamp(6)", "CLOB": "text", "NUMBER(1)": "boolean", "RAW(16)": "uuid"}  # fmt: skip


def conversion(inv: Inventory) -> ConversionResult:
    objects = tuple(
        ConvertedObject(
            "table", t.schema.lower(), t.name.lower(), "", ObjectStatus.CONVERTED, t.qualified_name,
            columns=tuple(ColumnMapping(c.name, c.name.lower(), TARGET[c.type.raw]) for c in t.columns),
        )
        for t in inv.tables()
    )  # fmt: skip
    return ConversionResult("oracle", 16, objects, Ledger(0, ()))


def measure(label: str, work):  # type: ignore[no-untyped-def]
    """Wall time; peak memory of the step only with --memory (tracemalloc slows Python several-fold)."""
    if "--memory" in sys.argv:
        tracemalloc.start()
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    peak = f"   peak {tracemalloc.get_traced_memory()[1] / 1e6:8.1f} MB" if tracemalloc.is_tracing() else ""
    tracemalloc.stop()
    print(f"{label:<28} {seconds:8.2f} s{peak}")
    return result


def main() -> None:
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    tables = int(numbers[0]) if numbers else 5000
    columns = int(numbers[1]) if len(numbers) > 1 else 30
    folder = Path(tempfile.mkdtemp())
    (folder / "migration.toml").write_text('[project]\nname = "bench"\n', encoding="utf-8")
    settings = load_settings(folder, {})
    inv = inventory(tables, columns)
    conv = conversion(inv)
    print(f"{tables} tables x {columns} columns")
    measure("plan, default names", lambda: build_plan(settings, inv))
    plan = measure("plan, with conversion", lambda: build_plan(settings, inv, conv))
    text = measure("plan.md", lambda: render_plan(plan))
    mappings = measure("table-mappings.json", lambda: plan.table_mappings_json)
    print(f"rules {len(plan.mapping.document['rules'])}, table-mappings.json {len(mappings) / 1e6:.1f} MB, "
          f"plan.md {len(text) / 1e6:.1f} MB")  # fmt: skip
    print(f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
