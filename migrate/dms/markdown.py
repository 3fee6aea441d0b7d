"""plan.md: what the DMS plan will create and why, every setting with its reason, for review."""

from __future__ import annotations

import json
from typing import Any

from migrate.dms.endpoints import SECRET_KEYS
from migrate.dms.plan import DmsPlan
from migrate.dms.replication import PROJECT_TAG


def render_plan(plan: DmsPlan) -> str:
    sections = [
        _summary(plan),
        _resources(plan),
        _endpoints(plan),
        _rows_table("Replication", plan.replication_reasons),
        _rows_table(f"Task settings ({plan.migration_type})", plan.task_settings.rows),
        _tables(plan),
        _findings(plan),
        _calls(plan),
        _next_steps(plan),
    ]
    return "\n".join(s for s in sections if s)


def _summary(plan: DmsPlan) -> str:
    rules = plan.mapping.document["rules"]
    count = {kind: sum(1 for r in rules if r["rule-type"] == kind) for kind in ("selection", "transformation")}
    excluded = sum(1 for r in rules if r.get("rule-action") == "exclude")
    lines = [
        f"# DMS plan: {plan.project}",
        "",
        f"- migration type: **{plan.migration_type}**, replication: **{plan.replication}**",
        f"- tables selected: {count['selection'] - excluded}, excluded: {excluded}; "
        f"transformation rules: {count['transformation']}",
        f"- tables with LOB columns: {len(plan.mapping.lob)}; loaded in parallel segments: "
        f"{len(plan.mapping.parallel_tables)}; without a primary key: {len(plan.mapping.tables_without_key)}",
        "- target names: "
        + (
            "from the converter's output (conversion.json)" if plan.mapping.names_from_conversion else "default folding"
        ),
        "- files: table-mappings.json, task-settings.json (sent as-is by 'aurora-migrate dms apply')",
        "",
    ]
    lines += [f"> {note}\n" for note in plan.notes]
    return "\n".join(lines)


def _resources(plan: DmsPlan) -> str:
    n = plan.names
    where = n.config if plan.replication == "serverless" else f"{n.instance}, task {n.task}"
    return "\n".join(
        [
            "## Resources",
            "",
            f"- endpoints: `{n.source}` (source), `{n.target}` (target)",
            f"- replication: `{where}`",
            f"- every resource is tagged `{PROJECT_TAG}={plan.project}`; `dms destroy` removes only those",
            "",
        ]
    )


def _endpoints(plan: DmsPlan) -> str:
    lines = ["## Endpoints", ""]
    for request in (plan.source, plan.target):
        params = request.params
        lines += [
            f"### {request.role}: {params['EngineName']} (`{params['EndpointIdentifier']}`)",
            "",
            f"Credentials: Secrets Manager secret with keys {', '.join(SECRET_KEYS)}, read by DMS through the "
            "access role; no user name or password appears in this plan.",
            "",
        ]
        lines.append(_rows_table("", request.reasons))
        if request.prerequisites:
            lines += ["Check on the database before starting (precheck):", ""]
            lines += [f"- [ ] {item}" for item in request.prerequisites]
            lines.append("")
    return "\n".join(lines)


def _rows_table(title: str, rows: Any) -> str:
    lines = [f"## {title}", ""] if title else []
    lines += ["| setting | value | reason |", "|---|---|---|"]
    lines += [f"| `{path}` | `{_cell(value)}` | {reason} |" for path, value, reason in rows]
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    text = json.dumps(value) if not isinstance(value, str) else value
    return text.replace("|", "\\|")


def _tables(plan: DmsPlan) -> str:
    lines = ["## Tables", ""]
    if plan.mapping.lob:
        lines += ["LOB handling per table:", "", "| table | mode | KB | reason |", "|---|---|---|---|"]
        lines += [f"| {d.table} | {d.mode} | {d.size_kb} | {d.reason} |" for d in plan.mapping.lob]
        lines.append("")
    if plan.mapping.parallel_tables:
        lines += ["Loaded in parallel segments: " + ", ".join(plan.mapping.parallel_tables), ""]
    if plan.mapping.left_to_cast:
        lines += ["Columns DMS carries as their source type, cast by PostgreSQL on insert (no DMS type for them):", ""]
        lines += _grouped(plan.mapping.left_to_cast)
        lines.append("")
    return "\n".join(lines) if len(lines) > 2 else ""


def _grouped(columns: tuple[tuple[str, str], ...], shown: int = 10) -> list[str]:
    by_type: dict[str, list[str]] = {}
    for column, target_type in columns:
        by_type.setdefault(target_type, []).append(column)
    return [
        f"- `{target_type}`: {len(names)} column(s): {', '.join(names[:shown])}"
        + (f" (+{len(names) - shown} more)" if len(names) > shown else "")
        for target_type, names in sorted(by_type.items())
    ]


def _findings(plan: DmsPlan) -> str:
    if not plan.findings:
        return "## Findings\n\nnone\n"
    lines = ["## Findings", "", "| rule | severity | object | message |", "|---|---|---|---|"]
    for f in plan.findings:
        where = f" ({f.location})" if f.location else ""
        lines.append(f"| {f.rule_id} | {f.severity.value} | {f.object_name}{where} | {f.message} |")
    return "\n".join(lines) + "\n"


def _calls(plan: DmsPlan) -> str:
    lines = ["## API calls 'dms apply' makes when nothing exists yet", ""]
    for number, call in enumerate(plan.calls, 1):
        ident = next((v for k, v in call.params.items() if k.endswith("Identifier")), "")
        lines.append(f"{number}. `{call.operation}` `{ident}`: {call.why}")
    return "\n".join(lines) + "\n"


# (command, instance mode only, change capture only)
NEXT_STEPS: tuple[tuple[str, bool, bool], ...] = (
    (
        "aurora-migrate deploy ...            # the converted schema first: DMS writes into it (DO_NOTHING)",
        False,
        False,
    ),
    ("aurora-migrate dms apply             # endpoints, replication, task; run again after any change", False, False),
    ("aurora-migrate dms test-connections  # Serverless tests them when it starts instead", True, False),
    ("aurora-migrate dms assess            # optional: DMS premigration assessment", True, False),
    ("aurora-migrate dms wait ready", False, False),
    ("aurora-migrate dms start", False, False),
    ("aurora-migrate dms wait full-load    # then create post-load indexes / foreign keys", False, False),
    ("# cutover: stop writes on the source, then", False, True),
    ("aurora-migrate dms wait cdc-drained --max-latency 5s --samples 3", False, True),
    ("aurora-migrate dms stop", False, True),
    ("aurora-migrate validate ...          # prove the data matches", False, False),
    ("aurora-migrate dms destroy", False, False),
)


def _next_steps(plan: DmsPlan) -> str:
    instance, cdc = plan.replication == "instance", plan.migration_type != "full-load"
    steps = [
        step
        for step, instance_only, cdc_only in NEXT_STEPS
        if (instance or not instance_only) and (cdc or not cdc_only)
    ]
    return "## Next steps\n\n```\n" + "\n".join(steps) + "\n```\n"
