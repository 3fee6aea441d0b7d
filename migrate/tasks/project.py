"""What the earlier steps left in a project folder: the assessment's inventory.json and the conversion.

`aurora-migrate assess --out assessment` and `convert --out converted` write them where the later steps (dms, the
cutover runbook) look by default; a caller can name other files.
"""

from __future__ import annotations

from pathlib import Path

from migrate.config import Settings
from migrate.errors import InputError
from migrate.model import ConversionResult, Inventory, ModelFormatError, load_conversion, load_inventory

ASSESSMENT_FOLDER = "assessment"  # assess --out, relative to the project folder
CONVERTED_FOLDER = "converted"  # convert --out
INVENTORY_FILE = "inventory.json"
CONVERSION_FILE = "conversion.json"


def converted_folder(settings: Settings) -> Path:
    return settings.project_dir / CONVERTED_FOLDER


def conversion_file(settings: Settings) -> Path | None:
    """The project's conversion.json, when convert has written one."""
    path = converted_folder(settings) / CONVERSION_FILE
    return path if path.is_file() else None


def project_inputs(
    settings: Settings, inventory_path: Path | None = None, conversion_path: Path | None = None
) -> tuple[Inventory, ConversionResult | None]:
    """The inventory (`inventory_path`, else the project's assessment/inventory.json) and the conversion
    (`conversion_path`, else the project's converted/conversion.json when there is one)."""
    inventory_file = inventory_path or settings.project_dir / ASSESSMENT_FOLDER / INVENTORY_FILE
    if not inventory_file.is_file():
        raise InputError(
            f"{inventory_file}: no inventory",
            f"run 'aurora-migrate assess --out {ASSESSMENT_FOLDER}' in the project folder first "
            "(the dms commands also take --inventory)",
        )
    conversion = conversion_path or conversion_file(settings)
    try:
        return load_inventory(inventory_file), load_conversion(conversion) if conversion else None
    except (ModelFormatError, ValueError) as exc:
        raise InputError(
            f"cannot read the project's inventory or conversion: {exc}",
            "write it again with 'aurora-migrate assess' / 'aurora-migrate convert'",
        ) from None
