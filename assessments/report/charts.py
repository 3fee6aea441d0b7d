"""Charts as inline SVG, drawn here: the report is one file that works offline, with no script library."""

from __future__ import annotations

import math
from html import escape

from migrate.model import Severity

SEVERITY_COLOURS: dict[str, str] = {
    Severity.BLOCKER.value: "#7f1d1d",
    Severity.HIGH.value: "#dc2626",
    Severity.MEDIUM.value: "#f59e0b",
    Severity.LOW.value: "#3b82f6",
    Severity.INFO.value: "#94a3b8",
}
CLASS_COLOURS: dict[str, str] = {
    "auto": "#16a34a",
    "simple": "#65a30d",
    "medium": "#f59e0b",
    "complex": "#dc2626",
}
INK = "#1e293b"
MUTED = "#64748b"


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:,.1f}".rstrip("0").rstrip(".") or "0"


def hbars(rows: list[tuple[str, float, str]], unit: str = "", width: int = 520, label_width: int = 170) -> str:
    """Horizontal bars: (label, value, colour) per row."""
    if not rows:
        return '<p class="muted">nothing to chart</p>'
    bar_h, gap = 22, 8
    top = max(v for _, v, _ in rows) or 1
    plot = width - label_width - 70
    height = len(rows) * (bar_h + gap) + gap
    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" class="chart">']
    for i, (label, value, colour) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = max(1.0, plot * value / top) if value else 0
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_h * 0.7}" text-anchor="end" fill="{INK}" font-size="12">'
            f"{escape(label[:28])}</text>"
            f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="3" fill="{colour}"/>'
            f'<text x="{label_width + w + 6:.1f}" y="{y + bar_h * 0.7}" fill="{MUTED}" font-size="12">'
            f"{_fmt(value)}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def range_bars(rows: list[tuple[str, float, float, float]], unit: str = " h", width: int = 520) -> str:
    """Estimate with its low-high range: (label, low, expected, high) per row."""
    if not rows:
        return '<p class="muted">nothing to chart</p>'
    label_width, bar_h, gap = 170, 18, 12
    top = max(high for *_, high in rows) or 1
    plot = width - label_width - 90
    height = len(rows) * (bar_h + gap) + gap
    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" class="chart">']
    for i, (label, low, mid, high) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        x_low, x_mid, x_high = (label_width + plot * v / top for v in (low, mid, high))
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_h * 0.75}" text-anchor="end" fill="{INK}" font-size="12">'
            f"{escape(label[:28])}</text>"
            f'<rect x="{x_low:.1f}" y="{y + 4}" width="{max(1.0, x_high - x_low):.1f}" height="{bar_h - 8}" '
            f'rx="3" fill="#cbd5e1"/>'
            f'<rect x="{label_width}" y="{y}" width="{max(1.0, x_mid - label_width):.1f}" height="{bar_h}" rx="3" '
            f'fill="#2563eb" fill-opacity="0.85"/>'
            f'<text x="{x_high + 6:.1f}" y="{y + bar_h * 0.75}" fill="{MUTED}" font-size="12">'
            f"{_fmt(mid)}{escape(unit)} ({_fmt(low)}-{_fmt(high)})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def donut(parts_in: list[tuple[str, float, str]], centre: str, caption: str, size: int = 190) -> str:
    """A ring split by value: (label, value, colour); the centre shows a figure and its caption."""
    total = sum(v for _, v, _ in parts_in)
    r, stroke = size / 2 - 18, 26
    c = size / 2
    circumference = 2 * math.pi * r
    out = [f'<svg viewBox="0 0 {size} {size}" width="{size}" height="{size}" role="img" class="donut">']
    out.append(f'<circle cx="{c}" cy="{c}" r="{r}" fill="none" stroke="#e2e8f0" stroke-width="{stroke}"/>')
    offset = 0.0
    for label, value, colour in parts_in:
        if not value or not total:
            continue
        length = circumference * value / total
        out.append(
            f'<circle cx="{c}" cy="{c}" r="{r}" fill="none" stroke="{colour}" stroke-width="{stroke}" '
            f'stroke-dasharray="{length:.2f} {circumference - length:.2f}" stroke-dashoffset="{-offset:.2f}" '
            f'transform="rotate(-90 {c} {c})"><title>{escape(label)}: {_fmt(value)}</title></circle>'
        )
        offset += length
    out.append(
        f'<text x="{c}" y="{c + 2}" text-anchor="middle" font-size="26" font-weight="700" fill="{INK}">'
        f"{escape(centre)}</text>"
        f'<text x="{c}" y="{c + 22}" text-anchor="middle" font-size="11" fill="{MUTED}">{escape(caption)}</text>'
    )
    out.append("</svg>")
    return "".join(out)


def legend(parts_in: list[tuple[str, float, str]]) -> str:
    items = "".join(
        f'<li><span class="swatch" style="background:{colour}"></span>{escape(label)} <b>{_fmt(value)}</b></li>'
        for label, value, colour in parts_in
    )
    return f'<ul class="legend">{items}</ul>'
