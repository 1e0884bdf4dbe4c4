"""Running the pipeline from the app: progress text, and reports kept on disk."""

from __future__ import annotations

import time
from collections.abc import Callable

from crosscheck.models import Corpus, Report
from crosscheck.pipeline import Pipeline, Progress

# Share of the progress bar each stage fills (verifying is the slow one).
STAGE_SPANS: dict[str, tuple[float, float]] = {
    "loading": (0.0, 0.05),
    "extracting": (0.05, 0.30),
    "clustering": (0.30, 0.35),
    "indexing": (0.35, 0.45),
    "verifying": (0.45, 1.0),
    "done": (1.0, 1.0),
}
STAGE_TITLES: dict[str, str] = {
    "loading": "Loading articles",
    "extracting": "Extracting claims",
    "clustering": "Grouping the same claims",
    "indexing": "Indexing passages",
    "verifying": "Verifying claims",
    "done": "Done",
}


def progress_fraction(progress: Progress) -> float:
    """Overall completion in [0, 1] for a stage's progress event."""
    lo, hi = STAGE_SPANS.get(progress.stage, (0.0, 1.0))
    within = progress.done / progress.total if progress.total > 0 else 1.0
    return min(1.0, max(0.0, lo + (hi - lo) * min(1.0, max(0.0, within))))


def progress_text(progress: Progress) -> str:
    """'Verifying claims: 12 / 80' (plain text; file names shortened to their name)."""
    title = STAGE_TITLES.get(progress.stage, progress.stage)
    if progress.stage == "done":
        return title
    text = f"{title}: {progress.done} / {progress.total}"
    if progress.message:
        name = progress.message.replace("\\", "/").rsplit("/", 1)[-1]
        text += f" — {name}"
    return text


class Throttle:
    """Lets a progress event through when its stage changes, when a stage completes, or
    at most every ``interval`` seconds (each one is a message to the browser)."""

    def __init__(self, interval: float = 0.25, clock: Callable[[], float] = time.monotonic):
        self.interval = interval
        self._clock = clock
        self._last_stage: str | None = None
        self._last_time = float("-inf")

    def __call__(self, progress: Progress) -> bool:
        now = self._clock()
        due = (
            progress.stage != self._last_stage
            or progress.done >= progress.total
            or now - self._last_time >= self.interval
        )
        if due:
            self._last_stage = progress.stage
            self._last_time = now
        return due


def cached_report(pipeline: Pipeline, corpus: Corpus) -> Report | None:
    """The stored report for this corpus content and configuration, if any."""
    raw = pipeline.cache.get(pipeline.report_cache_key(corpus))
    if raw is None:
        return None
    try:
        return Report.model_validate_json(raw)
    except ValueError:
        return None  # written by an older schema: run again


def store_report(pipeline: Pipeline, corpus: Corpus, report: Report) -> None:
    pipeline.cache.put(pipeline.report_cache_key(corpus), report.model_dump_json())
