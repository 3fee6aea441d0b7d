"""One error hierarchy. Library code raises these; only the CLI turns them into a message and exit code.

Every message names what is wrong and, in `hint`, how to fix it. Messages never carry a password:
`mask_secrets` is applied to anything built from a URL or a driver's text.
"""

from __future__ import annotations

import re


class MigrateError(Exception):
    """Base of every error the tool reports to a user. `exit_code` 2 = could not run."""

    exit_code = 2

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(mask_secrets(message))
        self.message = mask_secrets(message)
        self.hint = mask_secrets(hint)

    def __str__(self) -> str:
        return f"{self.message}\n  fix: {self.hint}" if self.hint else self.message


class ConfigError(MigrateError):
    """migration.toml or a command-line option is wrong."""


class InputError(MigrateError):
    """A file given to the tool cannot be used (name, line and object in the message)."""


class DriverMissingError(MigrateError):
    """A database driver or its native part (ODBC) is not installed."""


class ConnectError(MigrateError):
    """A database could not be reached or refused the login."""


class QueryError(MigrateError):
    """The database answered a query with an error. `sqlstate` is the server's code when it gives one."""

    sqlstate: str = ""


class ScanError(MigrateError):
    """The assessment scan could not complete."""


class ConversionError(MigrateError):
    """Conversion could not complete, or its ledger does not reconcile."""


class DeployError(MigrateError):
    """Deployment could not run at all (per-object failures are findings, not errors)."""


class ValidationError(MigrateError):
    """Validation could not run (differences found are a result, not an error)."""


class AwsError(MigrateError):
    """An AWS call failed: credentials, region, a DMS fault, a throttled request."""


class EmbeddedPostgresError(MigrateError):
    """The embedded PostgreSQL server could not be started or stopped."""


# user:password@  in URLs, and password=... / PWD=... / "password": "..." in driver and JSON text
_URL_PASSWORD = re.compile(r"(?P<pre>[a-z][a-z0-9+.\-]*://[^:/@\s]*:)(?P<pw>[^@\s]*)(?P<post>@)", re.IGNORECASE)
_KEY_PASSWORD = re.compile(
    r"(?P<pre>\b(?:password|passwd|pwd|client_secret|aws_secret_access_key|SecretAccessKey|SecretString)\b['\"]?\s*[=:]\s*[{'\"]?)"
    r"(?P<pw>[^'\";\s,}]+)",
    re.IGNORECASE,
)

_registered: set[str] = set()


def register_secret(value: str | None) -> None:
    """Remember a secret value so it is masked wherever it shows up in a message."""
    if value and len(value) >= 3:
        _registered.add(value)


def mask_secrets(text: str) -> str:
    if not text:
        return text
    text = _URL_PASSWORD.sub(lambda m: f"{m['pre']}***{m['post']}", text)
    text = _KEY_PASSWORD.sub(lambda m: f"{m['pre']}***", text)
    for secret in sorted(_registered, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


class CutoverStopped(MigrateError):
    """The cutover stopped safely: a gate failed (exit 1) or could not tell, or a step waits for a person (exit 3).
    The state file says where it stopped; nothing after it ran, and `cutover resume` goes on from there."""

    def __init__(self, message: str, hint: str = "", exit_code: int = 1) -> None:
        super().__init__(message, hint)
        self.exit_code = exit_code
