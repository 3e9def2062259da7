"""Replacing a small JSON object (latest.json, the alert state's pointer) only if it is still the
one that was read: a conditional PUT (If-Match on the ETag, If-None-Match for a new object) on
S3, a lock file in a local folder. Mixed into Lake, whose root, filesystem and settings it uses."""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterator

from ingest.errors import LakeError, short_error


class CompareAndSwap:
    def swap_json(self, key: str, decide: Callable[[dict | None], dict | None], attempts: int = 8) -> dict | None:
        """Compare-and-swap a small JSON object: `decide(current)` returns what to write (None:
        write nothing), and it is written only if the object is still the one decided on; a lost
        race decides again on the newer content. S3: a conditional PUT (If-Match on the ETag read,
        If-None-Match: * when there was none). Local: an O_EXCL lock file around read and write."""
        if self.is_local:
            with self._local_lock(key):
                wanted = decide(self.read_json(key))
                if wanted is not None:
                    self.write_json(key, wanted)
                return wanted
        for attempt in range(attempts):
            current, etag = self._read_json_with_etag(key)
            wanted = decide(current)
            if wanted is None or self._put_if_unchanged(key, wanted, etag):
                return wanted
            time.sleep(0.05 * (attempt + 1))
        raise LakeError(f"{key} kept changing under {attempts} attempts to update it: another run is publishing; try again")

    def _s3_client(self):
        import boto3

        s3 = self.s3
        return boto3.client(
            "s3",
            endpoint_url=s3.endpoint_url or None,
            region_name=s3.region,
            aws_access_key_id=s3.access_key_id or None,
            aws_secret_access_key=s3.secret_access_key or None,
            aws_session_token=s3.session_token or None,
        )

    def _object_key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def _read_json_with_etag(self, key: str) -> tuple[dict | None, str | None]:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            response = self._s3_client().get_object(Bucket=self.bucket, Key=self._object_key(key))
            return json.loads(response["Body"].read()), response["ETag"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
                return None, None
            raise LakeError(f"cannot read {key} from {self.data_url} ({short_error(exc)})") from None
        except BotoCoreError as exc:
            raise LakeError(f"cannot read {key} from {self.data_url} ({short_error(exc)})") from None

    def _put_if_unchanged(self, key: str, obj: dict, etag: str | None) -> bool:
        """False when the object changed since it was read (412), or a concurrent conditional
        write is in flight (409)."""
        from botocore.exceptions import BotoCoreError, ClientError

        condition = {"IfMatch": etag} if etag else {"IfNoneMatch": "*"}
        body = json.dumps(obj, indent=1, default=str).encode()
        try:
            self._s3_client().put_object(Bucket=self.bucket, Key=self._object_key(key), Body=body, **condition)
            return True
        except ClientError as exc:
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if status in (409, 412) or exc.response.get("Error", {}).get("Code") in {
                "PreconditionFailed",
                "ConditionalRequestConflict",
            }:
                return False
            raise LakeError(f"cannot write {key} to {self.data_url} ({short_error(exc)}): check s3:PutObject") from None
        except BotoCoreError as exc:
            raise LakeError(f"cannot write {key} to {self.data_url} ({short_error(exc)})") from None

    @contextlib.contextmanager
    def _local_lock(self, key: str, stale_after: float = 60.0) -> Iterator[None]:
        """An exclusive lock file beside `key` (a lock older than `stale_after` is a crashed run's)."""
        path = self.root / f"{key}.lock"
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
