"""Choosing and reading the source: export files or a live catalog into an Inventory, an inventory.json, and the
data profile --profile-data adds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from assessments.profile import profile_inventory
from assessments.scan import scan_files, scan_live
from migrate.config import Settings
from migrate.engines import connect, endpoint_url
from migrate.errors import ConfigError, InputError
from migrate.model import Inventory, ModelFormatError, load_inventory
from migrate.model.engines import ENGINES
from migrate.tasks.progress import NO_PROGRESS, Progress


def scan_source(
    settings: Settings,
    env: Mapping[str, str],
    paths: Sequence[Path] = (),
    live: bool = False,
    dialect: str | None = None,
    schemas: Sequence[str] | None = None,
    progress: Progress = NO_PROGRESS,
) -> Inventory:
    """The inventory of export files (`paths`, else source.files) or, with none, of the live source.url.
    `live`: the caller named a live source for this run, so export files given too are a mistake."""
    if paths and live:
        raise ConfigError("give either export files or --source, not both", "run assess once per source")
    # files named in migration.toml are relative to the project folder; on the command line, to the shell's
    files = list(paths) or [settings.project_dir / f for f in settings.source.files]
    if files and not live:
        chosen = dialect or settings.source.dialect
        if not chosen:
            raise ConfigError("export files need --dialect", f"add --dialect {'|'.join(ENGINES)}")
        missing = [str(p) for p in files if not p.exists()]
        if missing:
            raise InputError(
                f"no such file or folder: {', '.join(missing)}", "check the path (relative to the current folder)"
            )
        with progress("scanning") as update:
            return scan_files(files, chosen, update, default_schema=settings.source.default_schema or None)
    if not settings.source.url:
        raise ConfigError(
            "nothing to assess: give export files or --source",
            "aurora-migrate assess --dialect oracle FILES... --out DIR, or --source URL",
        )
    url = endpoint_url(settings.source, settings.aws, env, "source")
    wanted = list(schemas) if schemas is not None else list(settings.source.schemas)
    with progress("scanning") as update, connect(url, read_only=True) as conn:
        return scan_live(conn, wanted, update)


def load_or_scan(
    settings: Settings,
    paths: Sequence[Path] = (),
    inventory_path: Path | None = None,
    dialect: str | None = None,
    progress: Progress = NO_PROGRESS,
) -> Inventory:
    """The inventory to convert: an inventory.json, or export files (`paths`, else source.files) read now."""
    if not paths and inventory_path is None and settings.source.files:  # the project's export files
        paths = tuple(settings.project_dir / f for f in settings.source.files)
    if inventory_path is not None and paths:
        raise ConfigError("give either --inventory or export files, not both")
    if inventory_path is not None:
        try:
            return load_inventory(inventory_path)
        except (ModelFormatError, ValueError) as exc:
            raise InputError(f"{inventory_path}: not a usable inventory ({exc})",
                             "write it again with 'aurora-migrate assess'") from None  # fmt: skip
    if not paths:
        raise ConfigError(
            "nothing to convert",
            "pass --inventory DIR/inventory.json, or export files with --dialect (or set source.files in migration.toml)",
        )
    chosen = dialect or settings.source.dialect
    if not chosen:
        raise ConfigError("export files need a dialect", "pass --dialect oracle|sqlserver|postgresql")
    with progress("reading") as update:
        return scan_files(list(paths), chosen, update, default_schema=settings.source.default_schema or None)


@dataclass(frozen=True)
class Profiled:
    inventory: Inventory  # with column profiles
    columns: int  # columns profiled
    tables: int  # tables with a profiled column
    sample: int | None  # rows read per table; None = every row


def profile_source(
    inventory: Inventory,
    settings: Settings,
    env: Mapping[str, str],
    sample: int | None,
    progress: Progress = NO_PROGRESS,
) -> Profiled:
    """The inventory with column profiles read from the live source (source.url / --source)."""
    if not settings.source.url:
        raise ConfigError(
            "--profile-data reads the data of a live source, and no source is given (export files hold no data)",
            "pass --source URL (or set source.url in migration.toml)",
        )
    url = endpoint_url(settings.source, settings.aws, env, "source")
    if url.engine != inventory.source.engine:
        raise ConfigError(
            f"--profile-data: the inventory was scanned from {inventory.source.engine}, --source is {url.engine}",
            "pass the URL of the database the inventory was scanned from",
        )
    with connect(url, read_only=True) as conn, progress("profiling") as update:
        profiled = profile_inventory(conn, inventory, sample, update)
    columns = [c for t in profiled.tables() for c in t.columns if c.profile is not None]
    tables = {t.qualified_name for t in profiled.tables() if any(c.profile is not None for c in t.columns)}
    return Profiled(profiled, len(columns), len(tables), sample)


# scan findings also shown as warnings on the console: the input itself is in doubt (another dialect, empty)
WARN_ON_CONSOLE = frozenset({"SCAN-DIALECT-001", "SCAN-EMPTY-001"})


def input_warnings(inventory: Inventory) -> tuple[str, ...]:
    """What to say about the files themselves before any result (they read as another dialect, hold nothing)."""
    return tuple(f.message for f in inventory.findings if f.rule_id in WARN_ON_CONSOLE)


def unread(inventory: Inventory) -> tuple[str, ...]:
    """What could not be read, one line each; empty when the whole input was read."""
    from assessments.analysis import NOT_SCANNED

    return tuple(
        f"{NOT_SCANNED[f.rule_id][0]}: {f.message}"
        for f in inventory.findings
        if NOT_SCANNED.get(f.rule_id, ("", False))[1]
    )
