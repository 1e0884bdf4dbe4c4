"""Extraction and verification of big runs on local worker processes (``--workers N``).

Reading an article for claims and judging a claim are pure Python, so one process uses one
core however many the machine has. For a run of at least :data:`POOL_MIN_DOCUMENTS` articles
to read, the pipeline hands them to worker processes; for one of at least
:data:`POOL_MIN_CLAIMS` claims, it hands each chunk's claims to them and retrieves the next
chunk meanwhile. Each worker holds its own extractor and verifier, built from the same
settings, so claims and verdicts are the single process's. Workers start on the first
article or claim that needs them: an unchanged rerun starts none.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from claims.base import ClaimExtractor
from crosscheck.errors import WorkerStopped
from crosscheck.models import Claim, Document, ScoredPassage, Verdict
from verification.base import Verifier, verify_all

#: Below this many claims in a run, starting workers (each loads the models, a few
#: seconds) costs more than judging in the one process saves.
POOL_MIN_CLAIMS = 1_000
#: The same for articles to read (one takes about 70 ms).
POOL_MIN_DOCUMENTS = 100
#: Articles per extraction task: few enough to spread evenly, enough to pay the round trip.
EXTRACT_BATCH = 8
#: Threads per ONNX session in a worker: the workers themselves use the cores.
WORKER_ONNX_THREADS = 1
#: Workers yield to the parent process, which retrieves the evidence they judge.
WORKER_NICENESS = 5
#: Retrieved chunks the parent may get ahead of the workers' verdicts.
AHEAD = 3

R = TypeVar("R")
#: A started task: call it to wait for its results, in order.
Waiting = Callable[[], list[R]]

# The makers, the models they made and the run's articles, held by each worker process.
_held: dict[str, Any] = {}


def available_cpus() -> int:
    """CPUs this process may run on (a container's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def _plain_main() -> Iterator[None]:
    """Workers started without the parent's ``__main__``: a spawned child runs the parent's
    main script again to rebuild it, and that is the Streamlit app (or a test's page) when
    the app checks a big corpus. The workers need only this package's modules."""
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved: dict[str, Any] = {
        k: main.__dict__[k] for k in ("__file__", "__spec__") if k in main.__dict__
    }
    main.__dict__.pop("__file__", None)
    main.__dict__["__spec__"] = None
    try:
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(saved)


def _start(
    make: Callable[[], Verifier],
    make_extractor: Callable[[], ClaimExtractor] | None,
    documents: Mapping[str, Document],
) -> None:
    # Ctrl-C is the parent's to handle (it stops the run and the workers, in one line);
    # a worker reached by the same signal would print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ["CROSSCHECK_ONNX_THREADS"] = str(WORKER_ONNX_THREADS)
    # The parent retrieves what the workers judge: it must not wait for a core behind them.
    os.nice(WORKER_NICENESS)
    _held.update(make=make, make_extractor=make_extractor, documents=documents)


def _made(role: str, maker: str) -> Any:
    """The worker's extractor or verifier, made on first use (a worker may need one)."""
    if role not in _held:
        _held[role] = _held[maker]()
    return _held[role]


def _flush(stage: Any) -> None:
    # What a stage keeps between runs (judgements, entities) is written once per batch.
    flush = getattr(stage, "flush", None)
    if flush is not None:
        flush()


def _judge(items: list[tuple[Claim, list[ScoredPassage]]]) -> list[Verdict]:
    verifier = _made("verifier", "make")
    verdicts = verify_all(verifier, items, _held["documents"])
    _flush(verifier)
    return verdicts


def _extract(documents: list[Document]) -> list[Extracted]:
    extractor = _made("extractor", "make_extractor")
    out = []
    for document in documents:
        claims = extractor.extract(document)
        limit_note = getattr(extractor, "limit_note", None)
        note = limit_note(document.doc_id) if limit_note is not None else None
        out.append(Extracted(claims=claims, note=note))
    _flush(extractor)
    return out


@dataclass(frozen=True)
class Extracted:
    """One article's claims as a worker found them, and why it stopped early, if it did."""

    claims: list[Claim]
    note: str | None


class WorkerPool:
    """Worker processes reading articles and judging claims for one run's articles."""

    def __init__(
        self,
        make: Callable[[], Verifier],
        workers: int,
        *,
        make_extractor: Callable[[], ClaimExtractor] | None = None,
        min_claims: int = POOL_MIN_CLAIMS,
        min_documents: int = POOL_MIN_DOCUMENTS,
    ) -> None:
        self._make = make
        self._make_extractor = make_extractor
        self.workers = max(1, workers)
        self.min_claims = min_claims
        self.min_documents = min_documents
        self._documents: Mapping[str, Document] = {}
        self._executor: ProcessPoolExecutor | None = None
        # Claims and articles sent to workers since this pool was made (none on a rerun).
        self.submitted = 0
        self.documents_read = 0

    def open(self, documents: Mapping[str, Document]) -> None:
        """Judge against ``documents`` from now on (processes start on the first batch)."""
        self.close()
        self._documents = dict(documents)

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # Spawned, not forked: the parent holds ONNX sessions and SQLite connections,
            # which a forked child must not share.
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start,
                initargs=(self._make, self._make_extractor, self._documents),
            )
        return self._executor

    def _submit(self, task: Callable[[list[Any]], list[R]], parts: list[list[Any]]) -> Waiting[R]:
        try:
            pool = self._pool()
            # A spawning executor starts a worker with a task, until it has them all.
            with _plain_main():
                futures = [pool.submit(task, part) for part in parts]
        except BrokenProcessPool as exc:
            raise WorkerStopped(f"a worker process stopped: {exc}") from exc

        def results() -> list[R]:
            try:
                return [result for future in futures for result in future.result()]
            except BrokenProcessPool as exc:
                raise WorkerStopped(f"a worker process stopped: {exc}") from exc

        return results

    def submit(self, items: Sequence[tuple[Claim, Sequence[ScoredPassage]]]) -> Waiting[Verdict]:
        """Start judging ``items``; the returned call waits for their verdicts, in order."""
        if not items:
            return list
        # One task per chunk, not a share of it for each worker: a chunk's claims mostly
        # come from one article and meet the same passages, which one worker then reads
        # once; the parent keeps several chunks in flight, so every worker has one.
        waiting = self._submit(_judge, [[(c, list(p)) for c, p in items]])
        self.submitted += len(items)
        return waiting

    @property
    def extracts(self) -> bool:
        return self._make_extractor is not None

    def extract(self, documents: Sequence[Document]) -> list[Waiting[Extracted]]:
        """Start reading ``documents`` for claims, in batches; each returned call waits
        for its batch's articles, in order."""
        batches = [
            list(documents[i : i + EXTRACT_BATCH]) for i in range(0, len(documents), EXTRACT_BATCH)
        ]
        waiting = [self._submit(_extract, [batch]) for batch in batches]
        self.documents_read += len(documents)
        return waiting

    @property
    def started(self) -> bool:
        return self._executor is not None

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
