"""When the lake cannot be read, the dashboard says what to check, quickly, and names no secret or path."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from tests.helpers.browser import ARTIFACTS, start_dashboard, stop
from webapp.config import WebConfig
from webapp.store import LakeData, LakeUnavailable


def test_healthz_answers_within_two_seconds_when_the_s3_endpoint_never_answers(tmp_path):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)  # accepts connections and never says a word
        endpoint = f"http://127.0.0.1:{server.getsockname()[1]}"
        env = {
            "DATA_URL": "s3://stalled/lake",
            "S3_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "k",
            "AWS_SECRET_ACCESS_KEY": "s",
        }
        process, url = start_dashboard(env, ARTIFACTS / "stalled_s3.log")
        try:
            for _ in range(3):
                started = time.monotonic()
                response = httpx.get(url + "/healthz", timeout=30)
                assert response.status_code == 503 and time.monotonic() - started < 2.5
                assert endpoint not in response.text
        finally:
            stop(process)


def test_refused_credentials_and_a_missing_bucket_each_say_what_to_check(s3_bucket):
    """A wrong key id: S3 answers 403 InvalidAccessKeyId (moto accepts any key, so a stub S3 gives
    the answer); a missing bucket: 404, which S3 also gives for a missing key."""
    import http.server

    class Refuses(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):  # noqa: N802
            self.send_response(403)
            self.end_headers()

        def do_GET(self):  # noqa: N802
            body = b"<Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id does not exist</Message></Error>"
            self.send_response(403)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refuses)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = s3_bucket | {"S3_ENDPOINT_URL": f"http://127.0.0.1:{server.server_address[1]}"}
        with pytest.raises(LakeUnavailable, match=r"refused the credentials \(HTTP 403\): check AWS_ACCESS_KEY_ID"):
            LakeData(WebConfig.from_env(env)).snapshot()
    finally:
        server.shutdown()
    missing = s3_bucket | {"DATA_URL": "s3://no-such-bucket-anywhere/lake"}
    with pytest.raises(LakeUnavailable, match="or the bucket does not exist") as raised:
        LakeData(WebConfig.from_env(missing)).snapshot()
    assert s3_bucket["AWS_SECRET_ACCESS_KEY"] not in str(raised.value)
