"""Real receivers on 127.0.0.1 for alert delivery tests: an HTTP server taking Apprise's JSON
webhook posts, and an SMTP server (aiosmtpd) taking its email."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def webhook(port: int | None = None) -> Iterator[tuple[str, list[dict]]]:
    """A JSON webhook: yields its Apprise URL (json://...) and the list of bodies it received."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            received.append({"path": self.path, **json.loads(self.rfile.read(length) or b"{}")})
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port or 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"json://127.0.0.1:{server.server_port}/hooks/s3cr3t-webhook-token", received
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def mailbox() -> Iterator[tuple[str, list[email.message.EmailMessage]]]:
    """An SMTP server: yields its Apprise URL (mailto://..., no TLS) and the messages received."""
    received: list[email.message.EmailMessage] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"mailto://127.0.0.1:{port}?from=alerts@example.com&to=trader@example.com&mode=insecure", received
    finally:
        controller.stop()
