"""``--timings``: wall time per stage, and how long each stage took to its first batch
(the model loads and first calls), from the pipeline's progress events."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from crosscheck.models import Frozen

# Modules whose presence says which heavy runtime a run paid for.
HEAVY_MODULES = ("torch", "sentence_transformers", "spacy", "onnxruntime", "chromadb")


class StageTime(Frozen):
    stage: str
    wall_s: float
    first_batch_s: float | None
    batches: int


class Timings:
    """Collects progress events (call it with each one) and named spans."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self._clock = clock
        self.started = clock()
        self._spans: list[tuple[str, float]] = []
        self._order: list[str] = []
        self._start: dict[str, float] = {}
        self._first: dict[str, float] = {}
        self._last: dict[str, float] = {}
        self._events: dict[str, int] = {}
        self._previous = self.started

    def span(self, name: str, seconds: float) -> None:
        self._spans.append((name, seconds))

    def __call__(self, event: object) -> None:
        stage, done = str(getattr(event, "stage", "")), int(getattr(event, "done", 0))
        now = self._clock()
        if stage not in self._start:
            # A stage starts when the one before it last reported (its first event comes
            # only after its first batch, model load included).
            self._order.append(stage)
            self._start[stage] = self._previous
        if done > 0 and stage not in self._first:
            self._first[stage] = now - self._start[stage]
        self._last[stage] = now
        self._events[stage] = self._events.get(stage, 0) + 1
        self._previous = now

    def stages(self) -> list[StageTime]:
        """Each stage lasts until the next one starts (the last until its last event)."""
        out = []
        for i, stage in enumerate(self._order):
            end = self._start[self._order[i + 1]] if i + 1 < len(self._order) else self._last[stage]
            out.append(
                StageTime(
                    stage=stage,
                    wall_s=end - self._start[stage],
                    first_batch_s=self._first.get(stage),
                    batches=self._events[stage],
                )
            )
        return out

    def render(self, total_s: float | None = None) -> str:
        lines = ["timings:"]
        lines += [f"  {name:<22} {seconds:7.2f}s" for name, seconds in self._spans]
        for row in self.stages():
            if row.stage in ("loading", "done"):
                continue
            first = "" if row.first_batch_s is None else f"  first batch {row.first_batch_s:.2f}s"
            lines.append(f"  {row.stage:<22} {row.wall_s:7.2f}s{first}  ({row.batches} events)")
        total = self._clock() - self.started if total_s is None else total_s
        lines.append(f"  {'wall':<22} {total:7.2f}s")
        loaded = [m for m in HEAVY_MODULES if m in sys.modules]
        names = ", ".join(loaded) if loaded else "none of " + "/".join(HEAVY_MODULES)
        lines.append(f"  imported: {names}")
        return "\n".join(lines)
