"""The two ways a small JSON object (latest.json, the alert state's pointer) is replaced only if
it is still the one that was read, as plain functions of what they need: a conditional PUT on
S3 (If-Match on the ETag, If-None-Match for a new object), a lock file in a local folder.
`Lake.swap_json` picks one."""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import time
from collections.abc import Iterator

from ingest.errors import LakeError, short_error


def read_json_with_etag(client, bucket: str, object_key: str) -> tuple[dict | None, str | None]:
    """An S3 object's JSON and ETag, or (None, None) when there is none."""
    from botocore.exceptions import BotoCoreError, ClientError

    where = f"s3://{bucket}/{object_key}"
    try:
        response = client.get_object(Bucket=bucket, Key=object_key)
        return json.loads(response["Body"].read()), response["ETag"]
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
            return None, None
        raise LakeError(f"cannot read {where} ({short_error(exc)})") from None
    except BotoCoreError as exc:
        raise LakeError(f"cannot read {where} ({short_error(exc)})") from None


def put_if_unchanged(client, bucket: str, object_key: str, obj: dict, etag: str | None) -> bool:
    """Write `obj` only if the object is still the one with `etag` (None: only if there is none).
    False when it changed since it was read (412), or a concurrent conditional write is in
    flight (409)."""
    from botocore.exceptions import BotoCoreError, ClientError

    where = f"s3://{bucket}/{object_key}"
    condition = {"IfMatch": etag} if etag else {"IfNoneMatch": "*"}
    body = json.dumps(obj, indent=1, default=str).encode()
    try:
        client.put_object(Bucket=bucket, Key=object_key, Body=body, **condition)
        return True
    except ClientError as exc:
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if status in (409, 412) or exc.response.get("Error", {}).get("Code") in {
            "PreconditionFailed",
            "ConditionalRequestConflict",
        }:
            return False
        raise LakeError(f"cannot write {where} ({short_error(exc)}): check s3:PutObject") from None
    except BotoCoreError as exc:
        raise LakeError(f"cannot write {where} ({short_error(exc)})") from None


@contextlib.contextmanager
def exclusive_lock(path: pathlib.Path, stale_after: float = 60.0) -> Iterator[None]:
    """An exclusive lock file at `path` (a lock older than `stale_after` is a crashed run's)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + 2 * stale_after
    while True:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            try:
                if time.time() - path.stat().st_mtime > stale_after:
                    path.unlink(missing_ok=True)
                    continue
            except FileNotFoundError:
                continue
            if time.monotonic() > deadline:
                raise LakeError(
                    f"{path.name} has been held for over {stale_after:.0f} s: remove it if no run is publishing"
                ) from None
            time.sleep(0.02)
    try:
        yield
    finally:
        os.close(fd)
        path.unlink(missing_ok=True)
