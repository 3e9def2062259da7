"""Send one message to one Apprise URL. The URL is a secret (a webhook token, an SMTP password):
channels are named by kind and a short hash, and what Apprise logs about a failure is kept only
after every part of the URL is blotted out."""

from __future__ import annotations

import hashlib
import logging
import re
import urllib.parse

import apprise


def channel_id(url: str) -> str:
    """A name for the channel that reveals nothing: its kind and a hash of the URL."""
    return f"{urllib.parse.urlsplit(url).scheme or '?'}-{hashlib.sha256(url.encode()).hexdigest()[:10]}"


def redact(text: str, url: str) -> str:
    """`text` with every piece of `url` (user, password, host, path segments, query values) of
    four characters or more replaced by ***."""
    parts = urllib.parse.urlsplit(url)
    pieces = [url, parts.netloc, parts.username, parts.password, parts.hostname, *parts.path.split("/")]
    pieces += [v for values in urllib.parse.parse_qs(parts.query).values() for v in values]
    for piece in sorted({p for p in pieces if p and len(p) >= 4}, key=len, reverse=True):
        text = text.replace(piece, "***").replace(urllib.parse.quote(piece, safe=""), "***")
    return text


def send(url: str, title: str, body: str) -> str | None:
    """None when the channel took the message, else why not (with the URL blotted out)."""
    notifier = apprise.Apprise()
    with apprise.LogCapture(level=logging.WARNING) as captured:
        if not notifier.add(url):
            return "Apprise does not understand this URL (check its form in the Apprise documentation)"
        ok = notifier.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT)
        log = captured.getvalue()
    if ok:
        return None
    detail = " ".join(line.strip() for line in log.splitlines() if line.strip())[-300:]
    return redact(re.sub(r"\s+", " ", detail), url) or "the channel refused the message or could not be reached"
