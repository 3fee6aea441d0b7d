"""AWS sessions and Secrets Manager. boto3 is imported here (and by migrate.dms through `session`), lazily."""

from __future__ import annotations

from typing import Any

from migrate.config import AwsSettings
from migrate.errors import AwsError, DriverMissingError


def session(settings: AwsSettings) -> Any:
    """A boto3 session from the standard credential chain, or the named profile."""
    try:
        import boto3
        import botocore.exceptions
    except ImportError:
        raise DriverMissingError(
            "boto3 is not installed", "pip install 'aurora-migrate[aws]' (or: pip install boto3)"
        ) from None
    try:
        return boto3.session.Session(profile_name=settings.profile or None, region_name=settings.region or None)
    except botocore.exceptions.ProfileNotFound:
        raise AwsError(
            f"AWS profile '{settings.profile}' is not configured",
            "run 'aws configure --profile NAME', or set aws.profile to a profile in ~/.aws/config",
        ) from None


def client(settings: AwsSettings, service: str, **config: Any) -> Any:
    """A client with botocore's adaptive retry mode (it backs off on throttling by itself)."""
    from botocore.config import Config

    sess = session(settings)
    if not sess.region_name:
        raise AwsError(
            "no AWS region is set",
            "pass --region, set aws.region in migration.toml, or AWS_REGION in the environment",
        )
    retries = {"mode": "adaptive", "max_attempts": 8}
    return sess.client(
        service,
        endpoint_url=settings.endpoint_url or None,
        config=Config(retries=retries, **config),  # type: ignore[arg-type]
    )


def read_secret(settings: AwsSettings, secret_id: str) -> str:
    """The SecretString of a Secrets Manager secret (name or ARN)."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        answer = client(settings, "secretsmanager").get_secret_value(SecretId=secret_id)
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        raise AwsError(
            f"cannot read secret {secret_id}: {code}",
            "check the secret's name/ARN and region, and that your credentials may call secretsmanager:GetSecretValue",
        ) from None
    except BotoCoreError as exc:
        raise AwsError(f"cannot read secret {secret_id}: {exc}", "check AWS credentials and region") from None
    text = answer.get("SecretString")
    if not text:
        raise AwsError(f"secret {secret_id} has no SecretString", "store the credentials as a JSON SecretString")
    return str(text)


def caller_identity(settings: AwsSettings) -> dict[str, str]:
    """Who the credentials resolve to (sts:GetCallerIdentity); raises AwsError when they don't."""
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    try:
        answer = client(settings, "sts").get_caller_identity()
    except NoCredentialsError:
        raise AwsError(
            "no AWS credentials found",
            "run 'aws configure', set AWS_PROFILE / aws.profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        ) from None
    except (ClientError, BotoCoreError) as exc:
        raise AwsError(f"AWS credentials do not work: {exc}", "check the access key, profile and region") from None
    return {"account": str(answer.get("Account", "")), "arn": str(answer.get("Arn", ""))}
