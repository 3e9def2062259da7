"""Every error the sync job raises, each with a message that says what to do.

    IngestError
    ├── ConfigError              a setting is missing or malformed
    ├── LakeError                the lake cannot be read or written (missing bucket, no permission)
    ├── ComposerError            a call to Composer's API failed
    │   ├── ComposerAuthError    401/403: wrong key id or secret (never retried)
    │   ├── ComposerNotFound     404: the account or symphony does not exist
    │   ├── ComposerRequestError another 4xx: the request was refused (never retried)
    │   ├── ComposerUnavailable  429, 5xx, timeout or connection error, still failing after retries
    │   └── ComposerDataError    the response was not the JSON shape the API documents
    ├── ValidationError          one symphony's data is malformed; that symphony is quarantined
    └── ArtifactsFailed          the views fail on the published snapshot: artifacts/ is not refreshed

Messages never contain credentials.
"""

from __future__ import annotations


class IngestError(Exception):
    """Base of every error the sync job raises on purpose."""


class ConfigError(IngestError):
    pass


class LakeError(IngestError):
    pass


class ComposerError(IngestError):
    pass


class ComposerAuthError(ComposerError):
    pass


class ComposerNotFound(ComposerError):
    pass


class ComposerRequestError(ComposerError):
    """A 4xx Composer refused; `code` is the error body's code when it has one
    (`dry-run-markets-closed`)."""

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.code = code


class ComposerUnavailable(ComposerError):
    """Retryable failure; `retry_after` is the server's requested wait in seconds, if any."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class ComposerDataError(ComposerError):
    pass


class ValidationError(IngestError):
    pass


class ArtifactsFailed(IngestError):
    pass


def short_error(exc: Exception, limit: int = 240) -> str:
    """The first line of an error (which never carries credentials for pyarrow/boto errors), cut
    at a word boundary with an ellipsis when it is longer than `limit`."""
    first = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
