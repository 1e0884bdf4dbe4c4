r"""CLIMATE-FEVER through the CLI: claims given their evidence, and claims over an open corpus.

    python bench/climate_fever.py --data ../shared/bench/climate-fever-dev.jsonl --fold heldout

* setting 1: stance per claim-evidence pair (the verifier's per-passage judgement);
* setting 2: each claim with its five evidence sentences as ``crosscheck check --claims``
  passages (4-way claim label);
* setting 3: every evidence sentence of the file pooled into one article per Wikipedia page,
  claims checked against that corpus with ``crosscheck check CORPUS --claims`` (retrieval).

Nothing is fitted on this file: the verdict rules and thresholds are fixed in
``verification/semantics.py``, so the dev figures are out of sample for the decision, and
the same command runs unchanged on any other file of the format (the held-out split).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from crosscheck.cli import main as cli_main  # noqa: E402

CLAIM_LABELS = {
    "SUPPORTS": "supported",
    "REFUTES": "refuted",
    "DISPUTED": "conflicting",
    "NOT_ENOUGH_INFO": "not_enough_evidence",
}
PAIR_LABELS = {"SUPPORTS": "supports", "REFUTES": "refutes", "NOT_ENOUGH_INFO": "neutral"}
VERDICTS = ("supported", "refuted", "conflicting", "not_enough_evidence")


def load(path: Path, fold: str, limit: int = 0) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    if fold != "all":
        from verification.stance.splits import climate_fever_fold

        rows = [r for r in rows if climate_fever_fold(str(r["claim_id"])) == fold]
    return rows[:limit] if limit else rows


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / max(len(gold), 1)


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> float:
    scores = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, pred, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores)


def expected_calibration_error(
    confidences: Sequence[float], correct: Sequence[bool], bins: int = 10
) -> float:
    total = len(confidences)
    ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confidences) if lo < c <= hi or (b == 0 and c == 0)]
        if idx:
            acc = sum(correct[i] for i in idx) / len(idx)
            conf = sum(confidences[i] for i in idx) / len(idx)
            ece += len(idx) / total * abs(acc - conf)
    return ece


def confusion(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> str:
    width = max(len(x) for x in labels) + 2
    lines = ["gold \\ pred".ljust(width) + "".join(x[:10].rjust(12) for x in labels)]
    counts = Counter(zip(gold, pred, strict=True))
    for g in labels:
        lines.append(g.ljust(width) + "".join(str(counts[(g, p)]).rjust(12) for p in labels))
    return "\n".join(lines)


def _cli(args: list[str], out: Path, data_dir: Path, verifier: str) -> dict:
    code = cli_main(
        [*args, "--out", str(out), "--data-dir", str(data_dir), "--quiet", "--verifier", verifier]
    )
    if code != 0:
        raise SystemExit(f"crosscheck check exited {code}")
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def _write_claims(path: Path, rows: list[dict], with_passages: bool) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            item: dict = {"id": str(r["claim_id"]), "claim": r["claim"]}
            if with_passages:
                # Each evidence sentence with the title of its Wikipedia page, as a user
                # pasting a sentence from a page would give it: the page is its subject.
                item["passages"] = [
                    {"text": e["evidence"], "title": e["article"]}
                    if e.get("article")
                    else e["evidence"]
                    for e in r["evidences"]
                ]
            fh.write(json.dumps(item) + "\n")


def _slug(title: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", title).strip("_")[:80] or "page"


def _claim_scores(name: str, rows: list[dict], report: dict, seconds: float) -> dict:
    by_id = {c["claim_id"]: c for c in report["claims"]}
    gold = [CLAIM_LABELS[r["claim_label"]] for r in rows]
    pred = [by_id[str(r["claim_id"])]["verdict"] for r in rows]
    conf = [by_id[str(r["claim_id"])]["confidence"] for r in rows]
    acc, f1 = accuracy(gold, pred), macro_f1(gold, pred, VERDICTS)
    ece = expected_calibration_error(conf, [g == p for g, p in zip(gold, pred, strict=True)])
    print(f"\n## {name}: {len(rows)} claims, {seconds:.1f}s ({len(rows) / seconds:.1f} claims/s)")
    print(f"accuracy {acc:.3f}  macro-F1 {f1:.3f}  ECE {ece:.3f}")
    print(confusion(gold, pred, VERDICTS))
    return {"accuracy": acc, "macro_f1": f1, "ece": ece, "claims_per_s": len(rows) / seconds}


def setting_pairs(rows: list[dict], verifier_name: str) -> dict:
    """Setting 1: the verifier's per-passage stance for every claim-evidence pair."""
    from claims.given import claim_from_text
    from crosscheck.config import Settings
    from crosscheck.factory import build_verifier
    from crosscheck.models import Passage, ScoredPassage
    from retrieval.embedder import MiniLMEmbedder

    verifier = build_verifier(Settings(verifier=verifier_name), MiniLMEmbedder())
    gold, pred = [], []
    for r in rows:
        claim = claim_from_text(r["claim"], claim_id=str(r["claim_id"]))
        passages = [
            ScoredPassage(
                passage=Passage(
                    passage_id=f"p{i}",
                    doc_id=f"input:{i}",
                    start=0,
                    end=len(e["evidence"]),
                    text=e["evidence"],
                    zone="body",
                ),
                score=1.0,
            )
            for i, e in enumerate(r["evidences"])
        ]
        for e, reviewed in zip(r["evidences"], verifier.judge(claim, passages, {}), strict=True):  # type: ignore[attr-defined]
            gold.append(PAIR_LABELS[e["evidence_label"]])
            pred.append(reviewed.judged.judgement.stance)
    labels = ("supports", "refutes", "neutral")
    acc, f1 = accuracy(gold, pred), macro_f1(gold, pred, labels)
    print(f"\n## setting 1, pairs: {len(gold)} pairs")
    print(f"accuracy {acc:.3f}  macro-F1 {f1:.3f}")
    print(confusion(gold, pred, labels))
    return {"accuracy": acc, "macro_f1": f1}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--fold", default="all", choices=["all", "train", "heldout"])
    parser.add_argument("--settings", default="1,2,3", help="which settings to run (1,2,3)")
    parser.add_argument("--verifier", default="stance", choices=["stance", "similarity"])
    parser.add_argument("--limit", type=int, default=0, help="first N claims only")
    args = parser.parse_args(argv)
    rows = load(args.data, args.fold, args.limit)
    wanted = {s.strip() for s in args.settings.split(",")}
    labels = Counter(CLAIM_LABELS[r["claim_label"]] for r in rows)
    print(f"{args.data.name} fold={args.fold}: {len(rows)} claims {dict(labels)}")
    print(f"majority label accuracy {max(labels.values()) / len(rows):.3f}")
    results: dict = {}
    if "1" in wanted:
        results["pairs"] = setting_pairs(rows, args.verifier)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if "2" in wanted:
            claims = root / "given.jsonl"
            _write_claims(claims, rows, with_passages=True)
            started = time.perf_counter()
            report = _cli(
                ["check", "--claims", str(claims)], root / "r2", root / "d2", args.verifier
            )
            results["given"] = _claim_scores(
                "setting 2, claims given evidence", rows, report, time.perf_counter() - started
            )
        if "3" in wanted:
            corpus = root / "corpus"
            corpus.mkdir()
            pages: dict[str, list[str]] = {}
            for r in rows:
                for e in r["evidences"]:
                    sentences = pages.setdefault(e["article"], [])
                    if e["evidence"] not in sentences:
                        sentences.append(e["evidence"])
            for i, (title, sentences) in enumerate(sorted(pages.items())):
                text = title.replace("_", " ") + "\n\n" + "\n\n".join(sentences) + "\n"
                (corpus / f"{i:05d}_{_slug(title)}.txt").write_text(text, encoding="utf-8")
            claims = root / "open.jsonl"
            _write_claims(claims, rows, with_passages=False)
            started = time.perf_counter()
            report = _cli(
                ["check", str(corpus), "--claims", str(claims)],
                root / "r3",
                root / "d3",
                args.verifier,
            )
            results["open"] = _claim_scores(
                "setting 3, claims over the open corpus (indexing included)",
                rows,
                report,
                time.perf_counter() - started,
            )
    print("\n" + json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
