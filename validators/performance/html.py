"""performance.html: one self-contained file in the assessment report's look (inline CSS and SVG, nothing fetched):
summary cards, a latency chart (source vs target, log scale), the table, and per query both texts and both plans."""

from __future__ import annotations

import math
from html import escape
from pathlib import Path
from typing import Any

import jinja2

from migrate import __version__
from migrate.errors import mask_secrets
from validators.performance.result import STATUSES, PerformanceReport

TEMPLATES = Path(__file__).parent / "templates"
INK, MUTED, GRID = "#1e293b", "#64748b", "#e2e8f0"
SOURCE_COLOUR = "#2563eb"
# status -> the target bar's colour (the same colours as the status pills)
TARGET_COLOURS = {"ok": "#16a34a", "regression": "#dc2626", "mismatch": "#d97706", "error": "#94a3b8"}
CHART_QUERIES = 60  # bars a chart holds before it stops being readable; the table lists every query


def _fmt(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def latency_chart(report: PerformanceReport, width: int = 1000) -> str:
    """Per query a source bar over a target bar (p50, whisker to p95), on a log scale: a 0.1 ms lookup and a 5 s
    report both stay visible."""
    rows = [q for q in report.queries if q.source.p50 is not None or q.target.p50 is not None][:CHART_QUERIES]
    if not rows:
        return '<p class="muted">no query was measured on both sides: nothing to chart</p>'
    values = [v for q in rows for v in (q.source.p50, q.source.p95, q.target.p50, q.target.p95) if v]
    low = 10 ** math.floor(math.log10(max(min(values), 1e-3)))
    high = 10 ** math.ceil(math.log10(max(max(values), low * 10)))
    label_w, right, bar_h, gap, top = 220, 90, 11, 14, 26
    plot = width - label_w - right
    height = top + len(rows) * (2 * bar_h + gap) + 10

    def x(value: float) -> float:
        return label_w + plot * (math.log10(max(value, low)) - math.log10(low)) / (math.log10(high) - math.log10(low))

    out = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" class="chart wide">']
    decade = low
    while decade <= high * 1.0001:
        gx = x(decade)
        out.append(
            f'<line x1="{gx:.1f}" y1="{top - 6}" x2="{gx:.1f}" y2="{height - 8}" stroke="{GRID}"/>'
            f'<text x="{gx:.1f}" y="{top - 10}" text-anchor="middle" fill="{MUTED}" font-size="11">{_fmt(decade)} ms</text>'
        )
        decade *= 10
    for i, q in enumerate(rows):
        y = top + i * (2 * bar_h + gap)
        out.append(
            f'<text x="{label_w - 8}" y="{y + bar_h + 4}" text-anchor="end" fill="{INK}" font-size="12">'
            f"<title>{escape(q.name)}</title>{escape(q.name[:30])}</text>"
        )
        for j, (run, colour, side) in enumerate(
            ((q.source, SOURCE_COLOUR, "source"), (q.target, TARGET_COLOURS[q.status], "target"))
        ):
            by = y + j * bar_h
            if run.p50 is None:
                out.append(
                    f'<text x="{label_w + 4}" y="{by + 9}" fill="{MUTED}" font-size="10">{side}: not measured</text>'
                )
                continue
            end = x(run.p50)
            tip = f"{side} p50 {run.p50:.3f} ms, p95 {run.p95 or 0:.3f} ms, max {run.max or 0:.3f} ms"
            out.append(
                f'<rect x="{label_w}" y="{by}" width="{max(1.0, end - label_w):.1f}" height="{bar_h - 2}" rx="2" '
                f'fill="{colour}"><title>{escape(tip)}</title></rect>'
            )
            if run.p95 and run.p95 > run.p50:
                wx = x(run.p95)
                mid = by + (bar_h - 2) / 2
                out.append(
                    f'<line x1="{end:.1f}" y1="{mid:.1f}" x2="{wx:.1f}" y2="{mid:.1f}" stroke="{colour}" '
                    f'stroke-width="1.5"/><line x1="{wx:.1f}" y1="{by + 1}" x2="{wx:.1f}" y2="{by + bar_h - 3}" '
                    f'stroke="{colour}" stroke-width="1.5"/>'
                )
            label_x = max(end, x(run.p95) if run.p95 else end) + 5
            out.append(f'<text x="{label_x:.1f}" y="{by + 9}" fill="{MUTED}" font-size="10">{_fmt(run.p50)} ms</text>')
    out.append("</svg>")
    return "".join(out)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["ms"] = lambda v: "–" if v is None else (f"{v:.2f}" if v < 100 else f"{v:,.0f}")
    return env


def context(report: PerformanceReport) -> dict[str, Any]:
    order = {s: i for i, s in enumerate(STATUSES)}
    return {
        "r": report,
        "version": __version__,
        "statuses": STATUSES,
        "queries": sorted(report.queries, key=lambda q: (order[q.status], -(q.ratio or 0))),
        "chart": latency_chart(report),
        "colours": {"source": SOURCE_COLOUR, **TARGET_COLOURS},
    }


def to_html(report: PerformanceReport) -> str:
    return mask_secrets(_environment().get_template("performance.html.j2").render(**context(report)))
