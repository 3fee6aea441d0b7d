"""migration.toml: the project's settings, read once into a frozen object and passed down.

`${NAME}` and `${NAME:-default}` in any string value are replaced from the environment given to
`load_settings` (the CLI passes `os.environ`; library code never reads it). Command-line flags
override the file through dotted keys (`{"source.url": ...}`). Unknown keys are errors, so a typo
never silently falls back to a default.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migrate.errors import ConfigError
from migrate.model.comparison import Comparison
from migrate.model.engines import DEFAULT_TARGET_VERSION

PROJECT_FILE = "migration.toml"
TARGET_PROFILES = ("aurora-postgresql", "rds-postgresql", "aurora-dsql")


@dataclass(frozen=True)
class EndpointSettings:
    url: str = ""  # SQLAlchemy form; empty target = the embedded PostgreSQL
    password_env: str = ""  # name of an environment variable holding the password
    secret: str = ""  # AWS Secrets Manager secret name or ARN (username/password/host/port keys)
    schemas: tuple[str, ...] = ()
    dialect: str = ""  # for export files: oracle | sqlserver | postgresql
    files: tuple[str, ...] = ()
    default_schema: str = ""  # for export files: the schema unqualified names belong to


@dataclass(frozen=True)
class TargetSettings(EndpointSettings):
    profile: str = "aurora-postgresql"
    version: int = DEFAULT_TARGET_VERSION


# the dblink foreign server deploy creates back to the target when conversion.autonomous_server is left as is
LOOPBACK_SERVER = "aurora_migrate_loopback"
LOOPBACK_KIND = "loopback_server"  # the conversion's object for it, which deploy creates (migrate/loopback.py)


@dataclass(frozen=True)
class ConversionSettings:
    strict: bool = False
    fk_after_load: bool = False
    use_orafce: bool = False
    # a dblink foreign server looping back to the target: PRAGMA AUTONOMOUS_TRANSACTION procedures run through it
    # (their own transaction, as in Oracle). The default, LOOPBACK_SERVER, is created by deploy from the target
    # connection; another name is a server the user created; empty keeps them manual
    autonomous_server: str = LOOPBACK_SERVER
    schema_map: dict[str, str] = field(default_factory=dict)  # source schema -> target schema
    type_overrides: dict[str, str] = field(default_factory=dict)  # "SCHEMA.TABLE.COLUMN" -> PostgreSQL type
    # case-insensitive source columns (SQL Server *_CI_* collations): icu (a nondeterministic ICU collation) |
    # citext | case_sensitive (kept as they are, every comparison that depends on it a finding); per column
    # "SCHEMA.TABLE.COLUMN" = mode; source_collation: the source database's default collation when the
    # inventory does not tell (export files); "" = the engine's default (SQL Server: SQL_Latin1_General_CP1_CI_AS)
    case_insensitive: str = "icu"
    case_insensitive_columns: dict[str, str] = field(default_factory=dict)
    source_collation: str = ""
    nls_date_format: str = "DD-MON-RR"  # Oracle sessions' NLS_DATE_FORMAT: the text form of a DATE with no format
    nls_timestamp_format: str = "DD-MON-RR HH.MI.SSXFF AM"  # NLS_TIMESTAMP_FORMAT: a TIMESTAMP's text with no format
    # Oracle sessions' NLS_LANGUAGE / NLS_TERRITORY and the database character set: SYS_CONTEXT('USERENV', ...)
    nls_language: str = "AMERICAN"
    nls_territory: str = "AMERICA"
    nls_characterset: str = "AL32UTF8"
    # PL/SQL conditional compilation: the source's PLSQL_CCFLAGS ("name:value, ...": a name not set is NULL, as in
    # Oracle) and its Oracle version for DBMS_DB_VERSION ("19", "12.2"; "" = unknown: such $IFs stay manual)
    plsql_ccflags: str = ""
    oracle_version: str = ""


@dataclass(frozen=True)
class AwsSettings:
    profile: str = ""
    region: str = ""
    endpoint_url: str = ""


@dataclass(frozen=True)
class DmsSettings:
    enabled: bool = False
    replication: str = "serverless"  # serverless | instance
    instance_class: str = "dms.r6i.large"
    allocated_storage_gb: int = 100
    multi_az: bool = False
    subnet_group: str = ""
    security_groups: tuple[str, ...] = ()
    min_capacity_dcu: int = 2
    max_capacity_dcu: int = 16
    migration_type: str = "full-load-and-cdc"  # full-load | full-load-and-cdc | cdc
    source_secret_arn: str = ""
    target_secret_arn: str = ""
    secrets_access_role_arn: str = ""
    source_server: str = ""  # host DMS connects to when the assessment ran elsewhere
    target_server: str = ""
    oracle_cdc_reader: str = "logminer"  # logminer | binary-reader
    oracle_asm_server: str = ""  # binary-reader with redo in ASM: the ASM instance, host:port/+ASM
    oracle_asm_secret_arn: str = ""  # Secrets Manager secret with the ASM user's credentials
    lob_mode: str = "auto"  # auto | limited | full
    lob_max_size_kb: int = 0  # 0 = from observed sizes
    validation: bool = False
    parallel_load_threshold_rows: int = 10_000_000
    tags: dict[str, str] = field(default_factory=dict)
    assessment_bucket: str = ""  # S3 bucket for DMS premigration assessment results ('dms assess')
    assessment_role_arn: str = ""  # IAM role DMS assumes to write them


@dataclass(frozen=True)
class ValidationSettings(Comparison):
    """The comparison knobs (migrate/model/comparison.py, declared there once) and how a run is sized."""

    threads: int = 4
    segment_rows: int = 1_000


@dataclass(frozen=True)
class CutoverSettings:
    """The cutover runbook (`aurora-migrate cutover`): bounds, who owns what, how to quiesce and switch."""

    owners: dict[str, str] = field(default_factory=dict)  # step -> owner shown in runbook.md
    max_cdc_latency_seconds: float = 5.0  # the agreed CDC latency bound (preflight, drain, hypercare)
    latency_samples: int = 3  # consecutive one-minute CloudWatch samples under the bound
    lag_margin_seconds: float = 30.0  # added to the measured latency before differing keys are rechecked
    drain_timeout_seconds: float = 3600.0
    poll_interval_seconds: float = 30.0
    app_users: tuple[str, ...] = ()  # the application's users/logins on the source: blocked, then unblocked
    source_jobs: tuple[str, ...] = ()  # Oracle scheduler jobs / SQL Server Agent jobs disabled during cutover
    quiesce_script: str = ""  # your own quiesce script instead of the generated one (run by hand)
    required_extensions: tuple[str, ...] = ()  # extensions the converted schema needs on the target
    target_app_role: str = ""  # the role the application uses on the target: granted at finalise
    reverse_replication: bool = True  # arm a CDC-only reverse task (target -> source) before the switch
    switch_secret_id: str = ""  # the application's connection secret in Secrets Manager
    switch_values: dict[str, str] = field(default_factory=dict)  # keys the switch writes into it (host, port...)
    switch_hook: str = ""  # or a command that switches the application (run with sh -c)
    switch_back_hook: str = ""  # the command that switches it back (rollback)
    hypercare_minutes: float = 60.0  # how long step 9 watches the reverse task and the validators' sample
    validation_checks: tuple[str, ...] = ("counts", "checksums", "aggregates")  # the final validation gate


@dataclass(frozen=True)
class EmbeddedSettings:
    data_dir: str = ".aurora-migrate/pgdata"  # relative to the project folder; it listens on a Unix socket there


@dataclass(frozen=True)
class Settings:
    project_dir: Path
    name: str = "migration"
    source: EndpointSettings = EndpointSettings()
    target: TargetSettings = TargetSettings()
    conversion: ConversionSettings = ConversionSettings()
    aws: AwsSettings = AwsSettings()
    dms: DmsSettings = DmsSettings()
    validation: ValidationSettings = ValidationSettings()
    cutover: CutoverSettings = CutoverSettings()
    embedded: EmbeddedSettings = EmbeddedSettings()

    @property
    def embedded_data_dir(self) -> Path:
        return (self.project_dir / self.embedded.data_dir).resolve()


_SECTIONS: dict[str, type] = {
    "source": EndpointSettings,
    "target": TargetSettings,
    "conversion": ConversionSettings,
    "aws": AwsSettings,
    "dms": DmsSettings,
    "validation": ValidationSettings,
    "cutover": CutoverSettings,
    "embedded": EmbeddedSettings,
}

AUTO_CHOICES: dict[str, bool | None] = {"auto": None, "true": True, "false": False}
_ENV_REF = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?P<default>[^}]*))?\}")


def load_settings(
    project_dir: Path | None,
    env: Mapping[str, str],
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Settings from `project_dir/migration.toml` (if the folder is given), then `overrides`."""
    raw: dict[str, Any] = {}
    source = "(command line)"
    directory = Path(project_dir) if project_dir is not None else Path.cwd()
    if project_dir is not None:
        path = directory / PROJECT_FILE
        source = str(path)
        if not path.is_file():
            raise ConfigError(
                f"{path}: no such project file",
                f"run 'aurora-migrate init {directory}' to create one, or pass --project with the right folder",
            )
        raw = _read_toml(path)
    for key, value in (overrides or {}).items():
        if value is None or value == () or value == "":
            continue
        section, _, name = key.partition(".")
        raw.setdefault(section, {})[name] = value
    return _build_settings(_interpolate(raw, env, source, ""), directory, source)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid TOML ({exc})", "fix the line named above; see 'aurora-migrate init'"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None


def _interpolate(value: Any, env: Mapping[str, str], source: str, key: str) -> Any:
    if isinstance(value, dict):
        return {k: _interpolate(v, env, source, f"{key}.{k}" if key else k) for k, v in value.items()}
    if isinstance(value, list):
        return [_interpolate(v, env, source, key) for v in value]
    if not isinstance(value, str):
        return value

    def replace(match: re.Match[str]) -> str:
        name, default = match["name"], match["default"]
        if name in env:
            return env[name]
        if default is not None:
            return default
        raise ConfigError(
            f"{source}: '{key}' uses ${{{name}}}, but the environment variable {name} is not set",
            f"export {name}=... before running, or write ${{{name}:-default}} in {PROJECT_FILE}",
        )

    return _ENV_REF.sub(replace, value)


def _build_settings(raw: dict[str, Any], directory: Path, source: str) -> Settings:
    project = raw.pop("project", {}) if isinstance(raw.get("project"), dict) else {}
    sections: dict[str, Any] = {}
    for section, values in raw.items():
        if section not in _SECTIONS:
            raise ConfigError(f"{source}: unknown section [{section}]", _did_you_mean(section, [*_SECTIONS, "project"]))
        if not isinstance(values, dict):
            raise ConfigError(f"{source}: [{section}] must be a table of settings")
        sections[section] = _build_section(_SECTIONS[section], values, source, section)
    unknown = set(project) - {"name"}
    if unknown:
        raise ConfigError(f"{source}: unknown key project.{sorted(unknown)[0]}", "[project] only takes 'name'")
    settings = Settings(
        project_dir=directory.resolve(), name=str(project.get("name", directory.resolve().name)), **sections
    )
    if settings.target.profile not in TARGET_PROFILES:
        raise ConfigError(
            f"{source}: target.profile '{settings.target.profile}' is not known",
            f"use one of: {', '.join(TARGET_PROFILES)}",
        )
    return settings


def _build_section(cls: type, values: dict[str, Any], source: str, section: str) -> Any:
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in names:
            raise ConfigError(f"{source}: unknown key {section}.{key}", _did_you_mean(key, sorted(names)))
        kwargs[key] = _coerce(hints[key], value, f"{source}: {section}.{key}")
    return cls(**kwargs)


def _coerce(tp: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin is tuple:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)):
            raise ConfigError(f"{where} must be a list of strings")
        return tuple(str(v) for v in items)
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f'{where} must be a table of key = "value" pairs')
        return {str(k): str(v) for k, v in value.items()}
    if tp == bool | None:  # a knob the engines decide unless it is set: auto | true | false
        choice = str(value).lower() if isinstance(value, (str, bool)) else ""
        if choice not in AUTO_CHOICES:
            raise ConfigError(f"{where} is {value!r}", 'use "auto" (decided by the engines), true or false')
        return AUTO_CHOICES[choice]
    if tp is bool:
        if isinstance(value, str) and value.lower() in ("true", "false", "1", "0", "yes", "no"):
            return value.lower() in ("true", "1", "yes")
        if not isinstance(value, bool):
            raise ConfigError(f"{where} must be true or false, not {value!r}")
        return value
    if tp in (int, float):
        if isinstance(value, bool) or (tp is int and isinstance(value, float) and not value.is_integer()):
            raise ConfigError(f"{where} must be a{'n integer' if tp is int else ' number'}, not {value!r}")
        try:
            return tp(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{where} must be a number, not {value!r}") from None
    if not isinstance(value, str):  # TOML numbers, booleans, lists or tables where text is expected
        raise ConfigError(
            f"{where} must be text, not {type(value).__name__} {value!r}", 'write it in quotes: key = "..."'
        )
    return value


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"known: {', '.join(choices)}"


def render_template(name: str) -> str:
    """The commented migration.toml that `aurora-migrate init` writes."""
    template = Path(__file__).with_name("templates") / PROJECT_FILE
    return template.read_text(encoding="utf-8").replace("{{name}}", name)
