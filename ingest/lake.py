"""The lake writer: immutable Parquet files, a manifest per run, `latest.json` last.

Layout under `DATA_URL` (a local folder or `s3://bucket/prefix`):

    tables/<table>/run_id=<run>/part-0.parquet          (daily tables also split by year=YYYY)
    manifests/<run>.json                                 files, rows, schema version, timings
    manifests/latest.json                                the published run's manifest, written last
    artifacts/latest_strategies.parquet, artifacts/metrics_by_strategy.json

Readers start from `latest.json`, so a run that crashes before its last write is never seen.
The same pyarrow filesystem code serves a folder and S3 (with an optional endpoint for
MinIO/moto).
"""

from __future__ import annotations

import io
import json
import pathlib
import time
import uuid
from collections.abc import Callable

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from ingest import conditional_writes
from ingest.errors import LakeError, short_error
from sql.duck import S3Settings

# 2: account_values, account_holdings, backtest_stats.fetched_at; 3: symphony_versions, activity,
# order_requests; 4: activity as Composer's reports give it (fills by order id, cash events by
# type code), holdings with asset class, backtest rebalances and allocation changes, total stats
SCHEMA_VERSION = 5
LATEST = "manifests/latest.json"


def _s3_filesystem(s3: S3Settings) -> pafs.S3FileSystem:
    options: dict = {"region": s3.region, "allow_bucket_creation": False, "allow_bucket_deletion": False}
    if s3.access_key_id:
        options |= {"access_key": s3.access_key_id, "secret_key": s3.secret_access_key, "session_token": s3.session_token}
    if s3.endpoint_url:
        scheme, _, host = s3.endpoint_url.partition("://")
        options |= {"endpoint_override": host.rstrip("/"), "scheme": scheme or "https"}
    return pafs.S3FileSystem(**options)


class Lake:
    """Reads and writes keys relative to the lake root."""

    def __init__(self, data_url: str, s3: S3Settings | None = None):
        self.data_url = data_url.rstrip("/")
        self.s3 = s3 or S3Settings()
        if data_url.startswith("s3://"):
            bucket_and_prefix = data_url[len("s3://") :].strip("/")
            self.bucket = bucket_and_prefix.split("/", 1)[0]
            self.prefix = bucket_and_prefix[len(self.bucket) :].strip("/")
            if not self.bucket:
                raise LakeError(f"DATA_URL {data_url!r} names no bucket: use s3://<bucket>/<prefix>")
            self.fs: pafs.FileSystem = pafs.SubTreeFileSystem(bucket_and_prefix, _s3_filesystem(s3 or S3Settings()))
            self.is_local = False
        else:
            root = pathlib.Path(data_url).expanduser().resolve()
            root.mkdir(parents=True, exist_ok=True)
            self.root = root
            self.bucket = None
            self.fs = pafs.SubTreeFileSystem(str(root), pafs.LocalFileSystem())
            self.is_local = True

    def check_reachable(self) -> None:
        """Fail fast, in one sentence, when the bucket is missing or cannot be listed."""
        if self.is_local:
            return
        base = self.fs.base_fs
        try:
            info = base.get_file_info(self.bucket)
        except OSError as exc:
            raise LakeError(
                f"cannot reach bucket {self.bucket!r} ({short_error(exc)}): check AWS credentials, AWS_REGION and S3_ENDPOINT_URL"
            ) from None
        if info.type == pafs.FileType.NotFound:
            raise LakeError(f"bucket {self.bucket!r} does not exist: create it or fix DATA_URL")

    def write_bytes(self, key: str, data: bytes) -> int:
        try:
            if self.is_local:
                # write then rename, so a reader never sees half a file
                tmp = f"{key}.{uuid.uuid4().hex}.tmp"
                self.fs.create_dir(key.rsplit("/", 1)[0], recursive=True)
                with self.fs.open_output_stream(tmp) as out:
                    out.write(data)
                self.fs.move(tmp, key)
            else:
                with self.fs.open_output_stream(key) as out:
                    out.write(data)
        except OSError as exc:
            raise LakeError(
                f"cannot write {key} to {self.data_url} ({short_error(exc)}): check that the bucket exists and the credentials allow s3:PutObject"
            ) from None
        return len(data)

    def write_parquet(self, key: str, table: pa.Table) -> int:
        buffer = io.BytesIO()
        pq.write_table(table, buffer, compression="zstd")
        return self.write_bytes(key, buffer.getvalue())

    def write_json(self, key: str, obj: object) -> int:
        return self.write_bytes(key, json.dumps(obj, indent=1, default=str).encode())

    def read_json(self, key: str) -> dict | None:
        try:
            with self.fs.open_input_stream(key) as stream:
                return json.loads(stream.read())
        except FileNotFoundError:
            return None
        except OSError as exc:
            if "NoSuchKey" in str(exc) or "Path does not exist" in str(exc):
                return None
            raise LakeError(f"cannot read {key} from {self.data_url} ({short_error(exc)})") from None

    def read_table(self, keys: list[str], schema: pa.Schema) -> pa.Table:
        """The rows of a table's files from an earlier snapshot, in the given schema."""
        if not keys:
            return schema.empty_table()
        try:
            parts = [pq.read_table(key, filesystem=self.fs, schema=schema) for key in keys]
        except (OSError, pa.ArrowInvalid) as exc:
            raise LakeError(f"cannot read {keys[0]} from {self.data_url} ({short_error(exc)})") from None
        return pa.concat_tables(parts)

    def swap_json(self, key: str, decide: Callable[[dict | None], dict | None], attempts: int = 8) -> dict | None:
        """Compare-and-swap a small JSON object: `decide(current)` returns what to write (None:
        write nothing), and it is written only if the object is still the one decided on; a lost
        race decides again on the newer content (conditional_writes: a conditional PUT on S3, a
        lock file in a folder)."""
        if self.is_local:
            with conditional_writes.exclusive_lock(self.root / f"{key}.lock"):
                wanted = decide(self.read_json(key))
                if wanted is not None:
                    self.write_json(key, wanted)
                return wanted
        client, object_key = self._s3_client(), f"{self.prefix}/{key}" if self.prefix else key
        for attempt in range(attempts):
            current, etag = conditional_writes.read_json_with_etag(client, self.bucket, object_key)
            wanted = decide(current)
            if wanted is None or conditional_writes.put_if_unchanged(client, self.bucket, object_key, wanted, etag):
                return wanted
            time.sleep(0.05 * (attempt + 1))  # back off before reading the newer content
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

    def exists(self, key: str) -> bool:
        try:
            return self.fs.get_file_info(key).type == pafs.FileType.File
        except OSError as exc:
            raise LakeError(f"cannot check {key} in {self.data_url} ({short_error(exc)})") from None

    def delete(self, keys: list[str]) -> None:
        for key in keys:
            try:
                self.fs.delete_file(key)
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise LakeError(f"cannot delete {key} ({short_error(exc)}): retention needs s3:DeleteObject") from None

    def remove_debris(self, older_than: float) -> int:
        """What killed runs leave behind, older than `older_than` seconds: half-written `*.tmp`
        files of a local lake, or incomplete multipart uploads under an S3 prefix (invisible
        to listings, still billed). Returns how many were removed."""
        cutoff = time.time() - older_than
        if self.is_local:
            stale = [p for p in self.root.rglob("*.tmp") if p.stat().st_mtime < cutoff]
            for path in stale:
                path.unlink(missing_ok=True)
            return len(stale)
        from botocore.exceptions import BotoCoreError, ClientError

        client, removed = self._s3_client(), 0
        try:
            pages = client.get_paginator("list_multipart_uploads").paginate(Bucket=self.bucket, Prefix=self.prefix)
            for page in pages:
                for upload in page.get("Uploads", []):
                    if upload["Initiated"].timestamp() < cutoff:
                        client.abort_multipart_upload(Bucket=self.bucket, Key=upload["Key"], UploadId=upload["UploadId"])
                        removed += 1
        except (BotoCoreError, ClientError) as exc:
            raise LakeError(
                f"cannot clean incomplete uploads in {self.data_url} ({short_error(exc)}): needs s3:ListBucketMultipartUploads "
                "and s3:AbortMultipartUpload, or a lifecycle rule that aborts them"
            ) from None
        return removed

    def list_keys(self, prefix: str) -> list[str]:
        try:
            infos = self.fs.get_file_info(pafs.FileSelector(prefix, recursive=True, allow_not_found=True))
        except OSError as exc:
            raise LakeError(f"cannot list {prefix} in {self.data_url} ({short_error(exc)})") from None
        return sorted(i.path for i in infos if i.type == pafs.FileType.File)


def table_keys(run_id: str, name: str, table: pa.Table) -> list[tuple[str, pa.Table]]:
    """Where each part of a table goes: daily tables by year, the others in one file."""
    base = f"tables/{name}/run_id={run_id}"
    if "date" not in table.column_names or table.num_rows == 0:
        return [(f"{base}/part-0.parquet", table)]
    years = pa.compute.year(table["date"])
    parts = []
    for year in sorted(set(years.to_pylist())):
        mask = pa.compute.equal(years, year)
        parts.append((f"{base}/year={year}/part-0.parquet", table.filter(mask)))
    return parts
