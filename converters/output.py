"""Writing a conversion to disk: one file per object, an ordered deploy.sql (post-load objects in
post_load.sql), conversion.json (the whole result, which deploy reads back) and a short conversion.md."""

from __future__ import annotations

import heapq
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from migrate.model import ConversionResult, ConvertedObject, LedgerStatus, ObjectStatus, save_conversion
from migrate.sqltext.comments import line_comment

# kind -> rank: among objects whose dependencies are met, create these first (a stable, readable order)
KIND_ORDER: dict[str, int] = {
    "schema": 0,
    "domain": 1,
    "type": 1,
    "sequence": 1,
    "table": 2,
    "default": 3,
    "generated_column": 3,
    "index": 4,
    "constraint": 5,
    "view": 6,
    "materialized_view": 7,
    "synonym": 8,
    "role": 9,
    "grant": 10,
}
_UNSAFE = re.compile(r"[^\w.$-]+")  # file names: only word characters survive, the rest becomes _


def deploy_order(objects: tuple[ConvertedObject, ...] | list[ConvertedObject]) -> list[ConvertedObject]:
    """Topological by depends_on (dependencies on objects outside the set are ignored), then by kind and input
    order. A dependency cycle cannot stop the run: the rest of the cycle follows in input order."""
    by_name: dict[str, list[int]] = {}
    for i, obj in enumerate(objects):
        by_name.setdefault(obj.qualified_name, []).append(i)
    waiting = {i: {j for d in obj.depends_on for j in by_name.get(d, []) if j != i} for i, obj in enumerate(objects)}
    dependents: dict[int, list[int]] = {}
    for i, deps in waiting.items():
        for j in deps:
            dependents.setdefault(j, []).append(i)
    ready = [(_rank(objects, i), i) for i, deps in waiting.items() if not deps]
    heapq.heapify(ready)
    order: list[int] = []
    placed: set[int] = set()
    while len(order) < len(objects):
        if not ready:  # a cycle: release the earliest waiting object
            first = min((i for i in waiting if i not in placed), key=lambda i: _rank(objects, i))
            heapq.heappush(ready, (_rank(objects, first), first))
        _, i = heapq.heappop(ready)
        if i in placed:
            continue
        placed.add(i)
        order.append(i)
        for k in dependents.get(i, []):
            waiting[k].discard(i)
            if not waiting[k] and k not in placed:
                heapq.heappush(ready, (_rank(objects, k), k))
    return [objects[i] for i in order]


def _rank(objects: tuple[ConvertedObject, ...] | list[ConvertedObject], i: int) -> tuple[int, int]:
    return (KIND_ORDER.get(objects[i].kind, 11), i)


def object_path(obj: ConvertedObject) -> Path:
    stem = _UNSAFE.sub("_", f"{obj.schema}.{obj.name}" if obj.schema else obj.name)
    return Path("objects") / obj.kind / f"{stem}.sql"


def write_output(result: ConversionResult, out: Path) -> dict[str, Path]:
    """Everything under `out`; returns the main files written."""
    out.mkdir(parents=True, exist_ok=True)
    ordered = deploy_order(result.objects)
    # The object files (a file system's time, mostly spent outside the interpreter) are written on a thread
    # while this one serialises conversion.json (the interpreter's time): the two overlap.
    with ThreadPoolExecutor(1) as writer:
        files_written = writer.submit(_object_files, ordered, out)
        files = {
            "deploy": _script(out / "deploy.sql", [o for o in ordered if o.deploy_phase != "post_load"]),
            "post_load": _script(out / "post_load.sql", [o for o in ordered if o.deploy_phase == "post_load"]),
            "conversion": save_conversion(out / "conversion.json", result),
            "summary": out / "conversion.md",
        }
        files["summary"].write_text(summary_markdown(result), encoding="utf-8")
        files_written.result()
    return files


def _object_files(ordered: list[ConvertedObject], out: Path) -> None:
    """objects/<kind>/<schema>.<name>.sql for each object, and nothing else there (a file left from an earlier
    run would be mistaken for part of this one)."""
    written = set()
    for folder in {object_path(obj).parent for obj in ordered}:
        (out / folder).mkdir(parents=True, exist_ok=True)
    for obj in ordered:
        path, n = out / object_path(obj), 1
        while path in written:  # overloaded routines share a name: one file each
            n += 1
            path = out / object_path(obj).with_suffix(f".{n}.sql")
        path.write_text(_header(obj) + _findings(obj) + obj.sql, encoding="utf-8")
        written.add(path)
    for stale in (out / "objects").glob("*/*.sql"):
        if stale not in written:
            stale.unlink()


def _header(obj: ConvertedObject) -> str:
    where = f" ({obj.location})" if obj.location else ""
    return (
        "-- "
        + line_comment(f"{obj.kind} {obj.qualified_name} from {obj.source_name}{where}: {obj.status.value}")
        + "\n"
    )


def _findings(obj: ConvertedObject) -> str:
    """An object's findings as comments at the top of its file, so a reader of objects/ sees them with the SQL
    (a manual object lists them in its action-item block already)."""
    if obj.status is ObjectStatus.MANUAL or not obj.findings:
        return ""
    lines = []
    for f in obj.findings:
        at = f" (line {f.location.line})" if f.location and f.location.line else ""
        lines.append("-- " + line_comment(f"[{f.rule_id}] {f.severity.value}{at}: {f.message}") + "\n")
        if f.remedy:
            lines.append("--     " + line_comment(f"fix: {f.remedy}") + "\n")
    return "".join(lines)


def _script(path: Path, objects: list[ConvertedObject]) -> Path:
    """Objects in order; each runs with search_path at its own schema, as deploy runs it."""
    parts = [
        "-- generated by aurora-migrate convert, in dependency order; for a fresh database: psql -f this file.",
        "-- To re-run, or to get a per-object report with the server's errors, use: aurora-migrate deploy <folder>",
        "\\set ON_ERROR_STOP on",
        "",
    ]
    current = None
    for obj in objects:
        if obj.schema and obj.schema != current and obj.status is not ObjectStatus.MANUAL:
            search = _ident(obj.schema) if obj.schema == "public" else f"{_ident(obj.schema)}, public"
            parts.append(f"SET search_path TO {search};")
            current = obj.schema
        parts.append(_header(obj) + obj.sql)
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


def _ident(name: str) -> str:
    from converters.names import quote

    return quote(name)


def summary_markdown(result: ConversionResult) -> str:
    statuses = Counter(o.status.value for o in result.objects)
    kinds = Counter(o.kind for o in result.objects)
    severities = Counter(f.severity.value for o in result.objects for f in o.findings)
    severities.update(f.severity.value for f in result.findings)
    ledger = result.ledger
    lines = [
        f"# Conversion: {result.source_dialect} -> PostgreSQL {result.target_version}",
        "",
        f"- objects: {len(result.objects)} (" + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())) + ")",
        "- kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())),
        "- findings: " + (", ".join(f"{k} {v}" for k, v in sorted(severities.items())) or "none"),
        f"- ledger: {ledger.statements_in} in = {ledger.count(LedgerStatus.CONVERTED)} converted + "
        f"{ledger.count(LedgerStatus.FLAGGED)} flagged + {ledger.count(LedgerStatus.IGNORED)} ignored"
        + (" (reconciles)" if ledger.reconciles else f" (DOES NOT RECONCILE: {ledger.unaccounted} unaccounted)"),
        "",
        "## Objects needing a person",
        "",
    ]
    manual = [o for o in result.objects if o.status in (ObjectStatus.MANUAL, ObjectStatus.FAILED)]
    lines += [f"- `{o.qualified_name}` ({o.kind}, {o.location or 'catalog'}): "
              + "; ".join(f"[{f.rule_id}] {f.message}" for f in o.findings[:3]) for o in manual] or ["none"]  # fmt: skip
    return "\n".join([*lines, *_type_decisions(result)]) + "\n"


def _type_decisions(result: ConversionResult) -> list[str]:
    """Each target type chosen, how many columns got it and why: the table a reviewer checks first."""
    chosen = Counter((m.target_type, m.reason) for o in result.objects for m in o.columns)
    if not chosen:
        return []
    rows = [f"| `{pg_type}` | {count} | {reason.replace('|', '/')} |" for (pg_type, reason), count in
            sorted(chosen.items(), key=lambda item: (-item[1], item[0]))]  # fmt: skip
    return ["", "## Column types chosen", "", "| PostgreSQL type | columns | why |", "|---|---|---|", *rows]
