"""Command line: ``crosscheck check CORPUS_DIR --out OUT_DIR`` and friends."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from crosscheck.errors import CrosscheckError, InputError
from crosscheck.models import Corpus

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C
TOP_K_RANGE = (1, 50)

LIMITS = """limits:
  files over 5,000,000 bytes are skipped; so are files with no prose to check (only
  code, tables, figures or text without sentence punctuation), links leading outside the
  corpus folder, dangling links, link loops and folders that cannot be read: each is listed
  with its reason on stderr and in the report's "skipped"
  code blocks, tables and lines of figures inside an article are set aside (never a claim
  or evidence); a sentence is at most 2,000 characters and a claim's source at most 1,000
  at most 2,000 sentences are read and 1,000 claims checked per document (the report warns)
  --top-k is 1 to 50

exit codes: 0 done, 2 bad arguments or no readable document, 130 interrupted (Ctrl-C)"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="crosscheck", description="Check each article's claims against the others."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser(
        "check",
        help="run the pipeline on a folder of articles",
        epilog=LIMITS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "corpus", nargs="?", type=Path, help="folder of .txt/.md/.html/.pdf/.docx articles"
    )
    check.add_argument("--out", type=Path, required=True, help="folder for the report files")
    check.add_argument("--claims", type=Path, help='JSONL of {"id", "claim", "passages"?} to check')
    check.add_argument(
        "--format",
        default="json",
        help="comma-separated: json,csv,md,html,pdf,claimreview (default json)",
    )
    check.add_argument("--data-dir", type=Path, help="index and cache folder")
    check.add_argument("--verifier", choices=["stance", "similarity", "nli", "llm"])
    check.add_argument(
        "--nli-model", help="local directory of an NLI cross-encoder (--verifier nli)"
    )
    check.add_argument("--backend", choices=["offline", "openai"])
    check.add_argument("--base-url", help="OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1")
    check.add_argument("--model", help="model name on that server")
    check.add_argument(
        "--top-k",
        type=_top_k,
        metavar="N",
        help=f"passages retrieved per claim ({TOP_K_RANGE[0]} to {TOP_K_RANGE[1]}, default 8)",
    )
    check.add_argument("--quiet", action="store_true", help="no progress bar")
    check.add_argument(
        "--timings",
        action="store_true",
        help="print import, first-batch and wall time per stage (stderr)",
    )
    check.add_argument(
        "--chroma-url", help="a Chroma server (http://HOST:PORT) instead of the local index"
    )
    check.add_argument(
        "--ray",
        metavar="local|auto|ADDRESS",
        help="embed and verify big batches on Ray: a local Ray, the running one, or a cluster",
    )
    check.add_argument(
        "--workers",
        type=_workers,
        metavar="N",
        help="processes judging a big run (default: one per CPU; 1: judge in this process)",
    )
    check.add_argument(
        "--archive",
        type=Path,
        help="a folder made by `crosscheck index`: check against it (it stays unchanged)",
    )
    check.add_argument(
        "--reviews",
        type=Path,
        help="editor reviews to include: a data directory, its reviews.sqlite3, or a report.json",
    )
    check.add_argument(
        "--min-checkworthiness",
        type=float,
        help="leave out claims scored below this check-worthiness (opinions are kept)",
    )
    index = sub.add_parser(
        "index", help="embed an archive of articles once (claims are not extracted)"
    )
    index.add_argument("archive", type=Path, help="folder of .txt/.md/.html articles")
    index.add_argument("--data-dir", type=Path, required=True, help="the archive's index folder")
    index.add_argument("--chroma-url", help="a Chroma server (http://HOST:PORT)")
    index.add_argument("--quiet", action="store_true", help="no progress bar")
    index.add_argument("--timings", action="store_true", help="print time per stage (stderr)")
    validate = sub.add_parser("validate", help="validate a report.json against the shipped schema")
    validate.add_argument("report", type=Path)
    return parser


def _top_k(value: str) -> int:
    low, high = TOP_K_RANGE
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {value!r}") from None
    if not low <= number <= high:
        raise argparse.ArgumentTypeError(
            f"must be between {low} and {high} passages per claim, not {number}"
        )
    return number


def _workers(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {value!r}") from None
    if not 1 <= number <= 64:
        raise argparse.ArgumentTypeError(f"must be between 1 and 64, not {number}")
    return number


def _settings(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from crosscheck.config import Settings

    llm = {"base_url": getattr(args, "base_url", None), "model": getattr(args, "model", None)}
    archive = getattr(args, "archive", None) if args.command == "check" else None
    if archive is not None and args.data_dir is not None:
        raise InputError("give --archive or --data-dir, not both (the archive is the data folder)")
    return Settings.from_env(
        data_dir=archive or args.data_dir,
        verifier=getattr(args, "verifier", None),
        nli_model_path=getattr(args, "nli_model", None),
        backend=getattr(args, "backend", None),
        top_k=getattr(args, "top_k", None),
        chroma_url=args.chroma_url,
        ray_address=getattr(args, "ray", None),
        workers=getattr(args, "workers", None),
        min_checkworthiness=getattr(args, "min_checkworthiness", None),
        llm=llm,
    )


def _progress_bar(quiet: bool, timings=None):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    from crosscheck.pipeline import Progress

    bars: dict[str, tqdm] = {}

    def update(event: Progress) -> None:
        if timings is not None:
            timings(event)
        if quiet or event.stage in ("loading", "done"):
            for bar in bars.values():
                bar.close() if event.stage == "done" else None
            return
        bar = bars.get(event.stage)
        if bar is None:
            bar = bars[event.stage] = tqdm(
                total=event.total, desc=event.stage, file=sys.stderr, leave=True, unit="step"
            )
        if bar.total != event.total:
            bar.total = event.total  # a stage's batches are counted once known
        bar.n = event.done
        bar.refresh()

    return update


def _check(args: argparse.Namespace) -> int:
    from crosscheck.timings import Timings

    timings = Timings()
    from claims.given import read_claims_file
    from crosscheck.factory import build_pipeline
    from reports import FORMATS, write_all
    from ui.runs import cached_report, store_report

    timings.span("imports", time.perf_counter() - timings.started)
    formats = [f.strip() for f in args.format.split(",") if f.strip()]

    if not formats:
        raise InputError(
            f"--format names no report format, so nothing would be written; "
            f"give one or more of {', '.join(FORMATS)} (e.g. --format json,md)"
        )
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise InputError(
            f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}"
        )
    claims = read_claims_file(args.claims) if args.claims else None
    if args.corpus is None and (claims is None or any(c.given_passages is None for c in claims)):
        raise InputError(
            "give a CORPUS_DIR (only --claims whose every line has passages may omit it)"
        )
    started = time.perf_counter()
    if args.archive is not None and not (args.archive / "archive.sqlite3").is_file():
        raise InputError(f"no archive in {args.archive}: run `crosscheck index FOLDER --data-dir`")
    pipeline = build_pipeline(_settings(args), archive=args.archive is not None)
    corpus = pipeline.load(args.corpus) if args.corpus is not None else Corpus()
    timings.span("load corpus", time.perf_counter() - started)
    for skipped in corpus.skipped:
        print(f"skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    # An unchanged corpus and configuration: the stored report, no stage runs at all
    # (not against an archive, which may have grown since).
    reuse = claims is None and args.archive is None
    report = cached_report(pipeline, corpus) if reuse else None
    if report is not None:
        print("unchanged corpus and settings: stored report reused", file=sys.stderr)
        # Same contents, but files may have been renamed or others become unreadable.
        report = report.model_copy(
            update={
                "documents": tuple(d.info() for d in corpus.documents),
                "skipped": corpus.skipped,
            }
        )
    else:
        if pipeline.settings.backend == "openai":
            _print_estimate(pipeline.settings, corpus, claims)
        report = pipeline.run(corpus, claims=claims, progress=_progress_bar(args.quiet, timings))
        # Fallback verdicts (a backend outage) must be retried, never replayed.
        if reuse and not any("fallback" in c.backend for c in report.claims):
            store_report(pipeline, corpus, report)
        report = pipeline.with_archive_documents(report)
    report = _with_reviews(
        report, getattr(args, "reviews", None), pipeline.settings.min_checkworthiness
    )
    mark = time.perf_counter()
    written = write_all(report, args.out, formats)
    timings.span("write reports", time.perf_counter() - mark)
    counts = ", ".join(f"{k} {v}" for k, v in report.verdict_counts().items() if v)
    print(
        f"{len(report.claims)} claims from {len(report.documents)} documents ({counts}) "
        f"in {time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )
    for path in written:
        print(path)
    if args.timings:
        print(timings.render(time.perf_counter() - timings.started), file=sys.stderr)
    return EXIT_OK


def _index(args: argparse.Namespace) -> int:
    from crosscheck.factory import index_archive_folder
    from crosscheck.pipeline import Progress
    from crosscheck.timings import Timings

    timings = Timings()
    settings = _settings(args)
    from corpus.loader import load_corpus

    corpus = load_corpus(args.archive, max_bytes=settings.max_file_bytes)
    timings.span("load archive", time.perf_counter() - timings.started)
    for skipped in corpus.skipped:
        print(f"skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    bar = _progress_bar(args.quiet, timings)
    stats = index_archive_folder(
        settings,
        corpus.documents,
        progress=lambda done, total: bar(Progress(stage="indexing", done=done, total=total)),
    )
    bar(Progress(stage="done", done=1, total=1))
    print(
        f"archive {settings.data_dir}: {stats.documents} documents, {stats.passages} passages "
        f"({stats.added} passages added, {stats.skipped_unchanged} documents unchanged) "
        f"in {time.perf_counter() - timings.started:.1f}s",
        file=sys.stderr,
    )
    if args.timings:
        print(timings.render(), file=sys.stderr)
    return EXIT_OK


def _with_reviews(report, reviews: Path | None, min_checkworthiness: float):  # type: ignore[no-untyped-def]
    """The minimum check-worthiness applied, then the editor's reviews attached."""
    from review import attach_reviews, load_reviews
    from ui.triage import above_minimum

    report = report.with_claims(above_minimum(report.claims, min_checkworthiness))
    if reviews is None:
        return report
    found = load_reviews(reviews, report)
    stale = sum(1 for r in found.values() if r.stale)
    print(f"{len(found)} editor review(s) included ({stale} stale)", file=sys.stderr)
    return attach_reviews(report, found)


# Seed articles yield about one claim per 130 characters; used only for the estimate.
CHARS_PER_CLAIM = 130


def _print_estimate(settings, corpus: Corpus, claims) -> None:  # type: ignore[no-untyped-def]
    from llm.accounting import estimate_run

    count = len(claims) if claims else sum(d.chars for d in corpus.documents) // CHARS_PER_CLAIM
    documents = corpus.documents if claims is None else ()
    estimate = estimate_run(documents, count, settings)
    cost = "price not configured" if estimate.cost is None else f"~{estimate.cost:.4f}"
    print(
        f"LLM estimate before run: {estimate.calls} calls, ~{estimate.prompt_tokens} tokens in, "
        f"~{estimate.completion_tokens} out, cost {cost} ({estimate.note})",
        file=sys.stderr,
    )


def _validate(args: argparse.Namespace) -> int:
    from reports.schema import validate_report

    try:
        data = json.loads(args.report.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {args.report}: {exc}") from exc
    validate_report(data)
    print(f"{args.report}: valid report (schema version {data.get('schema_version')})")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command == "check":
            return _check(args)
        if args.command == "index":
            return _index(args)
        return _validate(args)
    except CrosscheckError as exc:
        print(f"crosscheck: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        # Reports are written atomically and the index commits per batch: nothing is left
        # half-written, so one line is all a person needs.
        print(
            "\ncrosscheck: interrupted (Ctrl-C); stopped, no file left half-written",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
