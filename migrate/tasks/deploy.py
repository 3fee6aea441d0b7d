"""Deploy a conversion folder to the project's target (target.url, else the embedded server), or write the SQL it
would run (dry run)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from migrate.config import Settings
from migrate.deploy import deploy
from migrate.engines import connect, target
from migrate.model import DeployReport
from migrate.tasks.progress import NO_PROGRESS, Progress


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
