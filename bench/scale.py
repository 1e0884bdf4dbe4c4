"""Scale benchmark: wall time per stage, peak RSS and claims per second on a news corpus.

    python bench/scale.py [--corpus ../shared/bench/bbc-news] [--limit N] [--articles N]
                          [--archive-check K] [--data-dir DIR] [--workers N]

``--limit N`` takes the first N articles (sorted by path). ``--articles N`` builds an
N-article corpus from the source one (for 10,000 from the 2,095 BBC articles): article j is
source article ``j mod n``'s headline and text followed by the text of article
``(j + 1 + 37·(j div n)) mod n``, re-dated ``2005-01-01 + (j mod 1500)`` days, so every
combination is distinct and recurring stories recur across the bigger corpus.
``--archive-check K`` also runs the archive case: index all but the last K articles as an
archive (``crosscheck index``), then check those K against it (``crosscheck check --archive``).
Each run uses a fresh data folder (cold caches) unless ``--data-dir`` is given.
``--workers N``: processes judging claims, as the CLI's option (default one per CPU; 1 judges
in the one process). Peak RSS is given for this process alone and, sampled twice a second,
for it and its worker processes together.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.loader import load_corpus  # noqa: E402
from crosscheck.config import Settings  # noqa: E402
from crosscheck.factory import build_pipeline, index_archive_folder  # noqa: E402
from crosscheck.models import Corpus, Document  # noqa: E402
from crosscheck.pipeline import Progress  # noqa: E402
from crosscheck.timings import Timings  # noqa: E402
from crosscheck.workers import available_cpus  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "bench" / "bbc-news"
EPOCH = date(2005, 1, 1)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def combined(documents: list[Document], count: int) -> list[Document]:
    """``count`` articles made from ``documents`` (see the module docstring)."""
    n = len(documents)
    out = []
    for j in range(count):
        first, second = documents[j % n], documents[(j + 1 + 37 * (j // n)) % n]
        body = second.text.split("\n\n", 1)[-1]
        out.append(
            Document.create(
                path=f"combined/{j:05d}.txt",
                text=f"{first.text.rstrip()}\n\n{body.strip()}\n",
                published=EPOCH + timedelta(days=j % 1500),
            )
        )
    return out


class Reporter:
    """Progress to stderr about every ``every`` seconds, and the stage timings."""

    def __init__(self, timings: Timings, every: float = 30.0) -> None:
        self.timings, self.every, self._last = timings, every, 0.0

    def __call__(self, event: Progress) -> None:
        self.timings(event)
        now = time.perf_counter()
        if now - self._last >= self.every or event.done == event.total:
            self._last = now
            print(
                f"  [{now - self.timings.started:7.1f}s] {event.stage} {event.done}/{event.total}"
                f"  rss {peak_rss_mb():.0f} MB",
                file=sys.stderr,
                flush=True,
            )


def _rss_kib(pid: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass  # the process ended while it was read
    return 0


class TreeMemory:
    """Peak RSS of this process and its worker processes together, sampled twice a
    second from /proc (a child's own peak is not kept: spawning copies the parent's)."""

    def __init__(self, every: float = 0.5) -> None:
        self.peak_mb = 0.0
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _total_kib(self) -> int:
        me = str(os.getpid())
        tree, total = {me}, _rss_kib(me)
        try:
            pids = [p for p in os.listdir("/proc") if p.isdigit()]
        except OSError:
            return total
        parents: dict[str, str] = {}
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
                    parents[pid] = f.read().rsplit(")", 1)[1].split()[1]
            except (OSError, IndexError):
                continue
        grew = True
        while grew:  # descendants at any depth
            grew = False
            for pid, parent in parents.items():
                if parent in tree and pid not in tree:
                    tree.add(pid)
                    total += _rss_kib(pid)
                    grew = True
        return total

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, self._total_kib() / 1024)
            self._stop.wait(self._every)

    def __enter__(self) -> TreeMemory:
        if os.path.isdir("/proc"):
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def render(self) -> str:
        own = peak_rss_mb()
        if not self.peak_mb:
            return f"peak RSS {own:.0f} MB"
        return f"peak RSS {own:.0f} MB; with its worker processes {max(self.peak_mb, own):.0f} MB"


def full_run(corpus: Corpus, data_dir: Path, workers: int | None) -> None:
    timings = Timings()
    settings = Settings(data_dir=data_dir, workers=workers)
    pipeline = build_pipeline(settings)
    with TreeMemory() as memory:
        report = pipeline.run(corpus, progress=Reporter(timings))
    wall = time.perf_counter() - timings.started
    claims = len(report.claims)
    print(timings.render(wall))
    verifying = next((s.wall_s for s in timings.stages() if s.stage == "verifying"), 0.0)
    print(
        f"  {len(corpus.documents)} articles, {claims} claims: "
        f"{claims / wall:.1f} claims/s end to end, "
        f"{claims / verifying if verifying else 0:.1f} claims/s verifying; "
        f"{memory.render()}"
    )
    print(f"  verdicts: {report.verdict_counts()}")


def archive_run(corpus: Corpus, data_dir: Path, new_count: int, workers: int | None) -> None:
    archive, new = corpus.documents[:-new_count], corpus.documents[-new_count:]
    settings = Settings(data_dir=data_dir, workers=workers)
    started = time.perf_counter()
    timings = Timings()
    reporter = Reporter(timings)
    stats = index_archive_folder(
        settings,
        archive,
        progress=lambda d, t: reporter(Progress(stage="indexing", done=d, total=t)),
    )
    indexed = time.perf_counter() - started
    print(
        f"archive: {stats.documents} articles, {stats.passages} passages indexed in "
        f"{indexed:.1f}s; peak RSS {peak_rss_mb():.0f} MB"
    )
    started = time.perf_counter()
    timings = Timings()
    pipeline = build_pipeline(settings, archive=True)
    with TreeMemory() as memory:
        report = pipeline.run(Corpus(documents=tuple(new)), progress=Reporter(timings))
    checked = time.perf_counter() - started
    print(timings.render(checked))
    print(
        f"  {len(new)} new articles, {len(report.claims)} claims checked against the archive "
        f"in {checked:.1f}s; {memory.render()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, help="first N articles only")
    parser.add_argument("--articles", type=int, help="build an N-article corpus from it")
    parser.add_argument("--archive-check", type=int, metavar="K", help="also the archive case")
    parser.add_argument("--skip-full", action="store_true", help="only the archive case")
    parser.add_argument("--data-dir", type=Path, help="default: a fresh temporary folder")
    parser.add_argument(
        "--workers", type=int, help="processes judging claims (default: one per CPU, as the CLI)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    corpus = load_corpus(args.corpus)
    documents = list(corpus.documents)[: args.limit] if args.limit else list(corpus.documents)
    if args.articles:
        documents = combined(documents, args.articles)
    corpus = Corpus(documents=tuple(documents))
    chars = sum(d.chars for d in documents)
    print(
        f"corpus: {len(documents)} articles, {chars / 1e6:.1f} M characters, "
        f"loaded in {time.perf_counter() - started:.1f}s; {available_cpus()} CPUs"
    )
    with tempfile.TemporaryDirectory(prefix="crosscheck-scale-") as tmp:
        root = args.data_dir or Path(tmp)
        if not args.skip_full:
            full_run(corpus, root / "full", args.workers)
        if args.archive_check:
            archive_run(corpus, root / "archive", args.archive_check, args.workers)
    print(f"peak RSS {peak_rss_mb():.0f} MB, total {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
