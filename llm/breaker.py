"""A circuit breaker over the chat client: a dead backend costs seconds, not minutes.

Rate limits, server errors, timeouts and refused connections count as failures of the
backend. After ``threshold`` in a row the breaker opens: no request is sent for
``cooldown_s`` (longer than a run), each call fails at once with ``BackendSwitchedOff`` and
the stages fall back to the offline pipeline, marking what they hand over. Retries live
here, not in the HTTP client (whose own retries multiply every wait): a 429 or 5xx is
retried after its Retry-After, capped at ``max_wait_s``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from crosscheck.errors import BackendSwitchedOff, BackendUnavailable
from llm.client import ChatIdentity, ChatReply, OutputSchema, Prompt, StructuredChat

DEFAULT_THRESHOLD = 3
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_WAIT_S = 5.0
DEFAULT_BACKOFF_S = 0.5
DEFAULT_COOLDOWN_S = 600.0


class CircuitBreakerChat:
    """``StructuredChat`` that stops calling a backend that keeps failing."""

    def __init__(
        self,
        inner: StructuredChat,
        *,
        threshold: int = DEFAULT_THRESHOLD,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_wait_s: float = DEFAULT_MAX_WAIT_S,
        backoff_s: float = DEFAULT_BACKOFF_S,
        cooldown_s: float = DEFAULT_COOLDOWN_S,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._inner = inner
        self.threshold = max(1, threshold)
        self.max_retries = max(0, max_retries)
        self.max_wait_s = max_wait_s
        self.backoff_s = backoff_s
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._failures = 0
        self._open_until: float | None = None
        self._last_reason = ""
        self._refused = 0  # calls answered at once while open

    @property
    def identity(self) -> ChatIdentity:
        return self._inner.identity

    @property
    def is_open(self) -> bool:
        with self._lock:
            return self._open_until is not None and self._clock() < self._open_until

    def notice(self) -> str | None:
        """Why the backend was switched off, for the report and the app; None if it wasn't."""
        with self._lock:
            if self._open_until is None:
                return None
            return (
                f"LLM backend switched off after {self.threshold} consecutive failures "
                f"({self._last_reason}); {self._refused} later request(s) were not sent and "
                "went to the offline pipeline (marked offline-fallback)"
            )

    def complete(self, prompt: Prompt, schema: OutputSchema) -> ChatReply:
        attempt = 0
        while True:
            self._check_closed()
            try:
                reply = self._inner.complete(prompt, schema)
            except BackendUnavailable as exc:
                if self._record_failure(str(exc)) or attempt >= self.max_retries:
                    raise
                if not exc.retryable:
                    raise
                attempt += 1
                self._sleep(self._wait(exc.retry_after_s, attempt))
                continue
            with self._lock:
                self._failures = 0
                self._open_until = None
            return reply

    def _check_closed(self) -> None:
        with self._lock:
            if self._open_until is None:
                return
            if self._clock() < self._open_until:
                self._refused += 1
                raise BackendSwitchedOff(
                    f"backend switched off after {self.threshold} consecutive failures: "
                    f"{self._last_reason}"
                )
            # Cool-down over: let one request through (half-open); a failure reopens.
            self._failures = self.threshold - 1

    def _record_failure(self, reason: str) -> bool:
        """Count a failure; True when it opened the breaker."""
        with self._lock:
            self._failures += 1
            self._last_reason = reason
            if self._failures >= self.threshold:
                self._open_until = self._clock() + self.cooldown_s
                return True
            return False

    def _wait(self, retry_after_s: float | None, attempt: int) -> float:
        wanted = retry_after_s if retry_after_s is not None else self.backoff_s * 2 ** (attempt - 1)
        return max(0.0, min(wanted, self.max_wait_s))
