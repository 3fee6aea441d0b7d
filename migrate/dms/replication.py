"""Where the replication runs: a provisioned replication instance or a DMS Serverless config.

Both come from the [dms] section of migration.toml. Resource names and tags derive from the project
name, so a second `apply` finds what the first created and `destroy` removes only that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from migrate.config import DmsSettings, Settings
from migrate.errors import ConfigError

PROJECT_TAG = "aurora-migrate:project"  # the tag `destroy` trusts: only resources carrying it are removed
ROLE_TAG = "aurora-migrate:role"

# DMS Serverless capacity units it accepts (AWS DMS guide, "Supported engine versions / capacity units").
SERVERLESS_DCU = (1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 384)
REPLICATION_KINDS = ("serverless", "instance")
IDENTIFIER_MAX = 63  # replication instance identifiers: 1-63 letters, digits and single hyphens


@dataclass(frozen=True)
class Names:
    source: str
    target: str
    instance: str
    task: str
    config: str


def names(settings: Settings) -> Names:
    slug = re.sub(r"[^a-z0-9]+", "-", settings.name.lower()).strip("-") or "migration"
    base = f"am-{slug}"[: IDENTIFIER_MAX - len("-instance")].rstrip("-")
    return Names(f"{base}-source", f"{base}-target", f"{base}-instance", f"{base}-task", f"{base}-replication")


def tags(settings: Settings, role: str) -> list[dict[str, str]]:
    """Project and role tags first (destroy relies on them), then the user's [dms] tags."""
    ours = {PROJECT_TAG: settings.name, ROLE_TAG: role}
    return [{"Key": k, "Value": v} for k, v in {**settings.dms.tags, **ours}.items()]


def check_replication(dms: DmsSettings) -> None:
    reserved = sorted(k for k in dms.tags if k.lower().startswith("aws:") or k.startswith("aurora-migrate:"))
    if reserved:
        raise ConfigError(
            f"dms.tags key '{reserved[0]}' is reserved",
            "AWS keeps aws:* tag keys and aurora-migrate sets aurora-migrate:* itself; choose another key",
        )
    if dms.replication not in REPLICATION_KINDS:
        raise ConfigError(
            f"dms.replication '{dms.replication}' is not known", f"use one of: {', '.join(REPLICATION_KINDS)}"
        )
    if dms.replication == "serverless":
        for key, value in (("min_capacity_dcu", dms.min_capacity_dcu), ("max_capacity_dcu", dms.max_capacity_dcu)):
            if value not in SERVERLESS_DCU:
                raise ConfigError(
                    f"dms.{key} = {value} is not a DMS Serverless capacity",
                    f"use one of: {', '.join(map(str, SERVERLESS_DCU))}",
                )
        if dms.min_capacity_dcu > dms.max_capacity_dcu:
            raise ConfigError(
                f"dms.min_capacity_dcu ({dms.min_capacity_dcu}) is above dms.max_capacity_dcu ({dms.max_capacity_dcu})",
                "swap them, or raise max_capacity_dcu",
            )
    elif not dms.instance_class.startswith("dms."):
        raise ConfigError(
            f"dms.instance_class '{dms.instance_class}' is not a DMS instance class",
            "DMS classes start with 'dms.', e.g. dms.r6i.large or dms.c6i.xlarge",
        )


def instance_request(settings: Settings) -> dict[str, Any]:
    dms = settings.dms
    params: dict[str, Any] = {
        "ReplicationInstanceIdentifier": names(settings).instance,
        "ReplicationInstanceClass": dms.instance_class,
        "AllocatedStorage": dms.allocated_storage_gb,
        "MultiAZ": dms.multi_az,
        "PubliclyAccessible": False,  # DMS reaches both databases inside the VPC; no public address
    }
    if dms.subnet_group:
        params["ReplicationSubnetGroupIdentifier"] = dms.subnet_group
    if dms.security_groups:
        params["VpcSecurityGroupIds"] = list(dms.security_groups)
    return params


def compute_config(dms: DmsSettings) -> dict[str, Any]:
    config: dict[str, Any] = {
        "MinCapacityUnits": dms.min_capacity_dcu,
        "MaxCapacityUnits": dms.max_capacity_dcu,
        "MultiAZ": dms.multi_az,
    }
    if dms.subnet_group:
        config["ReplicationSubnetGroupId"] = dms.subnet_group
    if dms.security_groups:
        config["VpcSecurityGroupIds"] = list(dms.security_groups)
    return config


def replication_reasons(settings: Settings) -> list[tuple[str, Any, str]]:
    dms = settings.dms
    if dms.replication == "serverless":
        return [
            ("MinCapacityUnits", dms.min_capacity_dcu, "dms.min_capacity_dcu: DMS scales no lower"),
            ("MaxCapacityUnits", dms.max_capacity_dcu, "dms.max_capacity_dcu: the cost ceiling"),
            ("MultiAZ", dms.multi_az, "dms.multi_az: a standby in a second zone survives a zone failure"),
        ]
    return [
        ("ReplicationInstanceClass", dms.instance_class, "dms.instance_class"),
        ("AllocatedStorage", dms.allocated_storage_gb, "GB for cached changes and logs (dms.allocated_storage_gb)"),
        ("MultiAZ", dms.multi_az, "dms.multi_az: a standby in a second zone survives a zone failure"),
        ("PubliclyAccessible", False, "DMS reaches both databases inside the VPC; no public address"),
    ]
