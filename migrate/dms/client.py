"""The one boto3 boundary of migrate.dms: every request is checked against botocore's service model
before it is sent, and every AWS failure becomes an AwsError that says what happened and what to do.

Retries are botocore's adaptive mode (see `migrate.engines.aws.client`): throttled requests back off
by themselves; a throttle that survives every retry reaches the user as one clear message.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from typing import Any

from migrate.config import AwsSettings
from migrate.errors import AwsError, ConfigError

# DMS and AWS error codes -> what the user should do. Codes not listed keep DMS's own message.
ERROR_HINTS: dict[str, str] = {
    "ThrottlingException": "AWS kept throttling after adaptive retries; wait a minute and run the command again",
    "Throttling": "AWS kept throttling after adaptive retries; wait a minute and run the command again",
    "RequestLimitExceeded": "AWS kept throttling after adaptive retries; wait a minute and run the command again",
    "InvalidResourceStateFault": "the resource is busy (creating, modifying, starting, running or deleting); "
    "check 'aurora-migrate dms status', wait for it to settle, and run the command again",
    "ResourceNotFoundFault": "it does not exist (yet): run 'aurora-migrate dms apply' first, with the same "
    "--project, --region and --profile",
    "ResourceAlreadyExistsFault": "a resource of that name exists; 'dms apply' adopts only resources tagged by "
    "this project: rename the project or remove the other resource",
    "AccessDeniedFault": "the credentials lack a DMS permission; grant dms:* on this project's resources "
    "(and iam:PassRole for the secrets access role)",
    "AccessDeniedException": "the credentials lack this permission; ask for it or use another --profile",
    "UnrecognizedClientException": "the AWS access key is not valid: check --profile or AWS_ACCESS_KEY_ID",
    "InvalidClientTokenId": "the AWS access key is not valid: check --profile or AWS_ACCESS_KEY_ID",
    "SignatureDoesNotMatch": "the AWS secret key does not match the access key: check the credentials",
    "ExpiredToken": "the session token expired: refresh it (aws sso login / aws sts get-session-token)",
    "ExpiredTokenException": "the session token expired: refresh it (aws sso login / aws sts get-session-token)",
    "InvalidParameterValueException": "DMS rejected a setting; fix it in migration.toml and run 'dms plan' to review",
    "InvalidParameterCombinationException": "DMS rejected a combination of settings; fix them in migration.toml",
    "KMSKeyNotAccessibleFault": "DMS cannot use the KMS key; grant the key to DMS or drop it from the settings",
    "ResourceQuotaExceededFault": "an account quota for DMS is reached; delete unused resources or ask for more",
    "InsufficientResourceCapacityFault": "DMS has no capacity for this class here; try another instance class or zone",
    "StorageQuotaExceededFault": "the DMS storage quota is reached; lower dms.allocated_storage_gb or ask for more",
    "InvalidSubnet": "a subnet of dms.subnet_group is not usable; check the subnet group's subnets",
    "ReplicationSubnetGroupDoesNotCoverEnoughAZs": "the subnet group must span at least two availability zones",
    "ResourceNotFoundException": "the secret (or resource) does not exist in this region; check its ARN and --region",
    "DecryptionFailure": "Secrets Manager cannot decrypt the secret with its KMS key; check the key policy",
}


@functools.cache
def service_model(service: str) -> Any:
    """botocore's model of `service`, loaded once, without credentials or network."""
    import botocore.session

    return botocore.session.get_session().get_service_model(service)


def validate(operation: str, params: dict[str, Any], service: str = "dms") -> None:
    """Raise ConfigError if `params` is not a valid `operation` request for the real AWS API."""
    from botocore.validate import ParamValidator

    model = service_model(service)
    if operation not in model.operation_names:
        raise ConfigError(f"{service} has no operation {operation}")
    shape = model.operation_model(operation).input_shape
    report = ParamValidator().validate(params, shape)
    problems = [report.generate_report()] if report.has_errors() else []
    problems += enum_errors(params, shape, operation)  # botocore leaves enums to the server; we check them here
    if problems:
        raise ConfigError(
            f"{service}:{operation} would be rejected by AWS: {'; '.join(problems)}",
            "fix the [dms] setting named above in migration.toml (checked against botocore's service model)",
        )


def enum_errors(value: Any, shape: Any, path: str) -> list[str]:
    """Values outside a member's documented choices (e.g. EndpointType, MigrationType, SslMode)."""
    if shape is None:
        return []
    if getattr(shape, "enum", None) and isinstance(value, str) and value not in shape.enum:
        return [f"{path} = {value!r}: valid choices are {', '.join(shape.enum)}"]
    if shape.type_name == "structure" and isinstance(value, dict):
        return [e for k, v in value.items() for e in enum_errors(v, shape.members.get(k), f"{path}.{k}")]
    if shape.type_name == "list" and isinstance(value, list):
        return [e for i, v in enumerate(value) for e in enum_errors(v, shape.member, f"{path}[{i}]")]
    return []


def method_name(operation: str) -> str:
    from botocore import xform_name

    return str(xform_name(operation))


class Api:
    """Validated, error-wrapped AWS calls. `clients` maps a service to a boto3 client (or a Stubber's)."""

    def __init__(self, aws: AwsSettings, clients: dict[str, Any] | None = None) -> None:
        self.aws = aws
        self.clients: dict[str, Any] = dict(clients or {})
        self.sent: list[tuple[str, str, dict[str, Any]]] = []  # (service, operation, params), in order

    def client(self, service: str) -> Any:
        if service not in self.clients:
            from migrate.engines.aws import client

            self.clients[service] = client(self.aws, service)
        return self.clients[service]

    def call(self, operation: str, service: str = "dms", **params: Any) -> dict[str, Any]:
        validate(operation, params, service)
        self.sent.append((service, operation, params))
        return _wrapped(lambda: getattr(self.client(service), method_name(operation))(**params), operation)

    def pages(
        self, operation: str, key: str, service: str = "dms", token: str = "Marker", **params: Any
    ) -> Iterator[dict[str, Any]]:
        """Every item of a paginated call. `token`: Marker (DMS), NextToken (CloudWatch), nextToken
        (CloudWatch Logs), PaginationToken (tagging): the same member names the request and the answer."""
        value = None
        while True:
            answer = self.call(operation, service, **params, **({token: value} if value else {}))
            yield from answer.get(key, [])
            value = answer.get(token)
            if not value:
                return

    def secret_keys(self, secret_id: str) -> set[str]:
        """The key names of a JSON secret; values are never kept."""
        answer = self.call("GetSecretValue", "secretsmanager", SecretId=secret_id)
        try:
            data = json.loads(answer.get("SecretString") or "")
        except json.JSONDecodeError:
            raise AwsError(
                f"secret {secret_id} is not JSON",
                'store it as {"username": ..., "password": ..., "host": ..., "port": ...}',
            ) from None
        return set(data) if isinstance(data, dict) else set()


def _wrapped(send: Callable[[], Any], operation: str) -> dict[str, Any]:
    from botocore.exceptions import (
        BotoCoreError,
        ClientError,
        EndpointConnectionError,
        NoCredentialsError,
        NoRegionError,
    )

    try:
        return dict(send())
    except ClientError as exc:
        raise aws_error(operation, exc.response) from None
    except NoCredentialsError:
        raise AwsError(
            f"{operation}: no AWS credentials found",
            "run 'aws configure', pass --profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        ) from None
    except NoRegionError:
        raise AwsError(
            f"{operation}: no AWS region is set", "pass --region or set aws.region in migration.toml"
        ) from None
    except EndpointConnectionError as exc:
        raise AwsError(
            f"{operation}: cannot reach {exc.kwargs.get('endpoint_url', 'the AWS endpoint')}",
            "check --region (DMS must be offered there), --endpoint-url, and the network or proxy",
        ) from None
    except BotoCoreError as exc:
        raise AwsError(f"{operation}: {exc}", "check AWS credentials, region and network") from None


def aws_error(operation: str, response: dict[str, Any]) -> AwsError:
    error = response.get("Error", {})
    code = str(error.get("Code", "")) or str(response.get("ResponseMetadata", {}).get("HTTPStatusCode", "?"))
    message = str(error.get("Message", "")).strip()
    if message.startswith("<"):  # an HTML error page (a proxy, an emulator): its text says nothing useful
        message = "the service answered with an HTML error page"
    hint = ERROR_HINTS.get(code, "see the DMS message above; 'aurora-migrate dms status' shows the task's state")
    return AwsError(f"{operation} failed: {code}: {message}" if message else f"{operation} failed: {code}", hint)
