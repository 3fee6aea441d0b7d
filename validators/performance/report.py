"""Reports of a performance run: a text table, versioned JSON, JUnit XML (one case per query), and HTML (html.py)."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

from migrate.errors import mask_data, mask_secrets
from validators.performance.html import to_html
from validators.performance.result import PerformanceReport, QueryResult, SideRun

FORMATS = ("text", "json", "html", "junit")
FILES = {
    "text": "performance.txt",
    "json": "performance.json",
    "html": "performance.html",
    "junit": "performance.junit.xml",
}
MARK = {"ok": "ok", "regression": "REGRESSION", "mismatch": "MISMATCH", "error": "ERROR"}


def ms(value: float | None) -> str:
    return "-" if value is None else (f"{value:.2f}" if value < 100 else f"{value:,.0f}")


def latency(run: SideRun) -> str:
    return f"{ms(run.p50)} / {ms(run.p95)} / {ms(run.max)}"


def _rows(query: QueryResult) -> str:
    s, t = query.source.rows, query.target.rows
    return "-" if s is None and t is None else f"{'-' if s is None else s} / {'-' if t is None else t}"


def to_text(report: PerformanceReport, verbose: bool = False) -> str:
    o = report.settings
    lines = [f"validate performance {report.source} -> {report.target}"]
    if o:
        lines.append(
            f"  {len(report.queries)} queries, {o['iterations']} timed runs after {o['warmup']} warm-up, "
            f"concurrency {o['concurrency']}, threshold {o['threshold']}x (and >= {o['min_difference_ms']} ms), "
            f"timeout {o['timeout_s']}s{', writes rolled back' if o.get('allow_writes') else ', read-only'}"
        )
    lines += [f"  could not run: {p}" for p in report.problems]
    header = (
        f"{'':<10} {'query':<28} {'source ms p50 / p95 / max':>27} {'target ms p50 / p95 / max':>27} {'ratio':>8}  rows"
    )
    lines.append(header)
    for q in report.queries:
        ratio = f"{q.ratio:.2f}x" if q.ratio is not None else "-"
        lines.append(
            f"{MARK[q.status]:<10} {q.name[:28]:<28} {latency(q.source):>27} {latency(q.target):>27} {ratio:>8}  "
            f"{_rows(q)}"
        )
        if q.status != "ok" or verbose:
            lines.append(f"{'':<11}{q.summary}" + (f"  ({q.where})" if q.where else ""))
        lines += [f"{'':<11}- {d}" for d in q.differences]
        for c in q.causes:
            lines.append(f"{'':<11}cause {c.rule_id}: {c.message}")
            lines.append(f"{'':<11}  fix: {c.suggestion}")
        lines += [f"{'':<11}problem: {p}" for p in q.problems if p not in q.summary]
    counts = ", ".join(f"{report.count(s)} {w}" for s, w in WORDS.items())
    lines.append(f"{len(report.queries)} queries: {counts} in {report.elapsed:.1f}s; exit {report.exit_code}")
    return mask_secrets("\n".join(lines))


WORDS = {"ok": "ok", "regression": "slower", "mismatch": "different results", "error": "could not run"}


def to_json(report: PerformanceReport) -> str:
    return json.dumps(mask_data(report.as_dict()), indent=2, default=str, ensure_ascii=False)


def to_junit(report: PerformanceReport) -> str:
    suite = ET.Element(
        "testsuite",
        name="aurora-migrate validate performance",
        tests=str(len(report.queries) + len(report.problems)),
        failures=str(report.count("regression") + report.count("mismatch")),
        errors=str(report.count("error") + len(report.problems)),
        time=f"{report.elapsed:.3f}",
    )
    for problem in report.problems:
        case = ET.SubElement(suite, "testcase", classname="performance", name="workload")
        ET.SubElement(case, "error", message=problem)
    for q in report.queries:
        seconds = sum(q.target.latencies_ms) / 1000.0
        case = ET.SubElement(suite, "testcase", classname="performance", name=q.name, time=f"{seconds:.3f}")
        if q.status != "ok":
            node = ET.SubElement(case, "error" if q.status == "error" else "failure", message=q.summary)
            node.text = "\n".join(
                [f"{c.rule_id}: {c.message}\n  fix: {c.suggestion}" for c in q.causes]
                + q.problems
                + [
                    f"{side} failed: {run.error}"
                    for side, run in (("source", q.source), ("target", q.target))
                    if run.error
                ]
                + [f"source: {q.source_run_sql}", f"target: {q.target_sql}"]
            )
        out = ET.SubElement(case, "system-out")
        out.text = f"source p50/p95/max ms {latency(q.source)}; target {latency(q.target)}; rows {_rows(q)}"
    return mask_secrets(ET.tostring(suite, encoding="unicode", xml_declaration=True))


def write_reports(report: PerformanceReport, folder: Path, formats: tuple[str, ...]) -> list[Path]:
    render = {"text": to_text, "json": to_json, "html": to_html, "junit": to_junit}
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in formats:
        path = folder / FILES[name]
        path.write_text(render[name](report), encoding="utf-8")
        written.append(path)
    return written
