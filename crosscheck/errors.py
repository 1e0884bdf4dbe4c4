"""Every exception the package raises on purpose lives here."""

from __future__ import annotations


class CrosscheckError(Exception):
    """Base class: callers may catch this to handle any expected failure."""


class CorpusError(CrosscheckError):
    """The corpus cannot be used at all (missing folder, nothing readable)."""


class DocumentError(CrosscheckError):
    """One document cannot be read; the rest of the corpus goes on."""


class ConfigError(CrosscheckError):
    """A setting is missing or has an impossible value."""


class InputError(CrosscheckError):
    """User-supplied input (claims file, arguments) is malformed."""


class ModelError(CrosscheckError):
    """A model could not be loaded or run (missing files, wrong format)."""


class StanceModelError(ModelError):
    """The stance model's files are missing or unusable."""


class BackendError(CrosscheckError):
    """A remote backend (OpenAI-compatible server) failed or answered nonsense."""


class BackendUnavailable(BackendError):
    """The backend did not answer: rate limit, server error, timeout, refused connection."""

    def __init__(
        self, message: str, *, retryable: bool = False, retry_after_s: float | None = None
    ) -> None:
        super().__init__(message)
        self.retryable = retryable  # worth one more try (429, 5xx), after retry_after_s
        self.retry_after_s = retry_after_s


class BackendSwitchedOff(BackendError):
    """The circuit breaker is open: the request was not sent."""


class CitationError(CrosscheckError):
    """A cited quote does not equal the document's text at its offsets."""


class WorkerStopped(CrosscheckError):
    """A worker process ended before answering (killed, out of memory)."""
