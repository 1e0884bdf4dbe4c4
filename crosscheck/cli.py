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


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="crosscheck", description="Check each article's claims against the others."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="run the pipeline on a folder of articles")
    check.add_argument("corpus", nargs="?", type=Path, help="folder of .txt/.md/.html articles")
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
    check.add_argument("--top-k", type=int, help="passages retrieved per claim")
    check.add_argument("--quiet", action="store_true", help="no progress bar")
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
    validate = sub.add_parser("validate", help="validate a report.json against the shipped schema")
    validate.add_argument("report", type=Path)
    return parser


def _settings(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from crosscheck.config import Settings

    llm = {"base_url": args.base_url, "model": args.model}
    return Settings.from_env(
        data_dir=args.data_dir,
        verifier=args.verifier,
        nli_model_path=args.nli_model,
        backend=args.backend,
        top_k=args.top_k,
        min_checkworthiness=getattr(args, "min_checkworthiness", None),
        llm=llm,
    )


def _progress_bar(quiet: bool):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    from crosscheck.pipeline import Progress

    bars: dict[str, tqdm] = {}

    def update(event: Progress) -> None:
        if quiet or event.stage in ("loading", "done"):
            for bar in bars.values():
                bar.close() if event.stage == "done" else None
            return
        bar = bars.get(event.stage)
        if bar is None:
            bar = bars[event.stage] = tqdm(
                total=event.total, desc=event.stage, file=sys.stderr, leave=True, unit="step"
            )
        bar.n = event.done
        bar.refresh()

    return update


def _check(args: argparse.Namespace) -> int:
    from claims.given import read_claims_file
    from crosscheck.factory import build_pipeline
    from reports import write_all

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    from reports import FORMATS

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
    pipeline = build_pipeline(_settings(args))
    corpus = pipeline.load(args.corpus) if args.corpus is not None else Corpus()
    for skipped in corpus.skipped:
        print(f"skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    if pipeline.settings.backend == "openai":
        _print_estimate(pipeline.settings, corpus, claims)
    report = pipeline.run(corpus, claims=claims, progress=_progress_bar(args.quiet))
    report = _with_reviews(report, args.reviews, pipeline.settings.min_checkworthiness)
    written = write_all(report, args.out, formats)
    counts = ", ".join(f"{k} {v}" for k, v in report.verdict_counts().items() if v)
    print(
        f"{len(report.claims)} claims from {len(report.documents)} documents ({counts}) "
        f"in {time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )
    for path in written:
        print(path)
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
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        return _validate(args)
    except CrosscheckError as exc:
        print(f"crosscheck: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
