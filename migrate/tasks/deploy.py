"""Deploy a conversion folder to the project's target (target.url, else the embedded server), or write the SQL it
would run (dry run)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from migrate.config import Settings
from migrate.deploy import deploy, load_result
from migrate.engines import connect, target
from migrate.engines.base import Connection
from migrate.model import DeployReport
from migrate.tasks.progress import NO_PROGRESS, Progress
from migrate.tasks.project import conversion_file, converted_folder


def deploy_project(
    settings: Settings | None,
    result_dir: Path,
    env: Mapping[str, str],
    dry_run: bool = False,
    post_load: bool = False,
    progress: Progress = NO_PROGRESS,
) -> DeployReport:
    """`result_dir`: a folder written by convert. A dry run needs no settings and touches no database."""
    if dry_run:
        return deploy(result_dir, None, dry_run=True, post_load=post_load)
    if settings is None:
        raise ValueError("deploy_project needs the project's settings unless it is a dry run")
    with target(settings, env) as (url, _embedded), connect(url) as conn, progress("deploying") as update:
        return deploy(result_dir, conn, progress=update, post_load=post_load)


def deploy_post_load(settings: Settings, conn: Connection) -> DeployReport | None:
    """The project's post-load objects (converted/: sequences moved past the loaded rows, foreign keys created
    after the load) deployed over an open target connection; None when there is no conversion or nothing post-load."""
    if conversion_file(settings) is None:
        return None
    folder = converted_folder(settings)
    if not any(o.deploy_phase == "post_load" for o in load_result(folder).objects):
        return None
    return deploy(folder, conn, post_load=True)
