"""The assessment's published files, all from one Inventory and its Assessment.

paths = write_reports(inventory, assessment, Path("out"))
# {"inventory": out/inventory.json, "html": out/assessment.html, "json": ..., "csv": ..., "markdown": ..., "sarif": ...}
"""

from __future__ import annotations

from pathlib import Path

from assessments.analysis import Assessment
from assessments.report import document, html, sarif, tables
from migrate.errors import InputError
from migrate.model import Inventory, save_inventory

FILES: dict[str, str] = {
    "inventory": "inventory.json",
    "html": "assessment.html",
    "json": "assessment.json",
    "csv": "findings.csv",
    "markdown": "assessment.md",
    "sarif": "findings.sarif",
}


def write_reports(inventory: Inventory, assessment: Assessment, out_dir: Path) -> dict[str, Path]:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"cannot create the output folder {out_dir}: {exc.strerror}", "choose a writable --out folder"
        ) from None
    paths = {key: out_dir / name for key, name in FILES.items()}
    base = Path.cwd()
    texts = {
        "html": lambda: html.render(assessment),
        "json": lambda: document.dumps(assessment),
        "csv": lambda: tables.findings_csv(assessment),
        "markdown": lambda: tables.markdown(assessment),
        "sarif": lambda: sarif.dumps(assessment, base),
    }
    try:
        save_inventory(paths["inventory"], inventory)
        for key, render in texts.items():
            paths[key].write_text(render(), encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot write the report into {out_dir}: {exc.strerror}", "check the folder's permissions and free space"
        ) from None
    return paths


__all__ = ["FILES", "write_reports"]
