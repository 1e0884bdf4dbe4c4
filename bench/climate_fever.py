"""CLIMATE-FEVER benchmark: stance per pair, claims given evidence, claims over an open corpus.

    python bench/climate_fever.py --data ../shared/bench/climate-fever-dev.jsonl [--fold heldout]

Runs unchanged on any file of the same format (that is how the held-out split is checked).
"""

from __future__ import annotations

import argparse
import json
import os
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

from claims.given import claim_from_text  # noqa: E402
from crosscheck.models import (  # noqa: E402
    Claim,
    Document,
    Passage,
    ScoredPassage,
    Sentence,
    content_id,
)
from retrieval.embedder import MiniLMEmbedder  # noqa: E402
from retrieval.hybrid import HybridIndex  # noqa: E402
from verification.engine import StanceVerifier  # noqa: E402

CLAIM_LABELS = {
    "SUPPORTS": "supported",
    "REFUTES": "refuted",
    "DISPUTED": "conflicting",
    "NOT_ENOUGH_INFO": "not_enough_evidence",
}
PAIR_LABELS = {"SUPPORTS": "supports", "REFUTES": "refutes", "NOT_ENOUGH_INFO": "neutral"}


def load(path: Path, fold: str) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    if fold == "all":
        return rows
    from verification.stance.splits import climate_fever_fold

    return [r for r in rows if climate_fever_fold(str(r["claim_id"])) == fold]


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


def claim_of(row: dict) -> Claim:
    return claim_from_text(row["claim"], claim_id=str(row["claim_id"]))


def given_passages(row: dict, sims: Sequence[float]) -> list[ScoredPassage]:
    out = []
    for ev, sim in zip(row["evidences"], sims, strict=True):
        text = ev["evidence"]
        doc = content_id("wiki", ev["article"])
        out.append(
            ScoredPassage(
                passage=Passage(
                    passage_id=Passage.make_id(doc, 0, len(text)),
                    doc_id=doc,
                    start=0,
                    end=len(text),
                    text=text,
                    zone="body",
                    title=ev["article"],
                ),
                score=sim,
                dense_score=sim,
            )
        )
    return out


def evidence_similarities(
    rows: Sequence[dict], claims: Sequence[Claim], embedder: MiniLMEmbedder
) -> list[list[float]]:
    """Cosine of each claim with each of its evidence sentences, in one embedding call."""
    texts = [c.text for c in claims] + [e["evidence"] for r in rows for e in r["evidences"]]
    vectors = embedder.embed(texts)
    evidence = iter(vectors[len(claims) :])
    out = []
    for row, cvec in zip(rows, vectors[: len(claims)], strict=True):
        out.append(
            [
                sum(a * b for a, b in zip(cvec, next(evidence), strict=True))
                for _ in row["evidences"]
            ]
        )
    return out


def build_verifier(
    name: str, embedder: MiniLMEmbedder, model_dir: Path | None = None
) -> StanceVerifier:
    from crosscheck.config import Settings
    from crosscheck.factory import build_verifier as factory_verifier

    settings = Settings(verifier=name, stance_model_dir=model_dir)  # type: ignore[arg-type]
    verifier = factory_verifier(settings, embedder)
    if not isinstance(verifier, StanceVerifier):
        raise SystemExit(f"verifier {name!r} is not an offline stance verifier")
    return verifier


def line_splitter(document: Document) -> list[Sentence]:
    out, pos = [], 0
    for line in document.text.split("\n"):
        if line.strip():
            out.append(
                Sentence(
                    doc_id=document.doc_id, start=pos, end=pos + len(line), text=line, zone="body"
                )
            )
        pos += len(line) + 1
    return out


def run(args: argparse.Namespace) -> None:
    rows = load(args.data, args.fold)
    if args.limit:
        rows = rows[: args.limit]
    embedder = MiniLMEmbedder()
    verifier = build_verifier(args.verifier, embedder, args.model_dir)
    print(f"data: {args.data} ({len(rows)} claims, fold={args.fold})")
    print(f"verifier: {verifier.name}")
    labels = Counter(CLAIM_LABELS[r["claim_label"]] for r in rows)
    majority = labels.most_common(1)[0]
    print(f"majority label: {majority[0]} = {majority[1] / len(rows):.3f}")

    # Setting 1 and 2 share the stance of each claim-evidence pair.
    started = time.perf_counter()
    claims = [claim_of(r) for r in rows]
    sims_by_claim = evidence_similarities(rows, claims, embedder)
    pair_gold, pair_pred = [], []
    gold, pred, conf = [], [], []
    for row, claim, sims in zip(rows, claims, sims_by_claim, strict=True):
        evs = row["evidences"]
        passages = given_passages(row, sims)
        judgements = verifier.judge(claim, passages)
        for ev, j in zip(evs, judgements, strict=True):
            pair_gold.append(PAIR_LABELS[ev["evidence_label"]])
            pair_pred.append(j.passage.stance)
        decision = verifier.decide([j.passage for j in judgements])
        gold.append(CLAIM_LABELS[row["claim_label"]])
        pred.append(decision.label)
        conf.append(decision.confidence)
    elapsed = time.perf_counter() - started
    pair_labels = ["supports", "refutes", "neutral"]
    claim_labels = ["supported", "refuted", "conflicting", "not_enough_evidence"]
    print("\n1. pairs (3-way stance per claim-evidence pair)")
    print(
        f"   n={len(pair_gold)} accuracy={accuracy(pair_gold, pair_pred):.3f} "
        f"macro-F1={macro_f1(pair_gold, pair_pred, pair_labels):.3f}"
    )
    ece = expected_calibration_error(conf, [g == p for g, p in zip(gold, pred, strict=True)])
    print("\n2. claims, given evidence (4-way; DISPUTED = conflicting)")
    print(
        f"   n={len(gold)} accuracy={accuracy(gold, pred):.3f} "
        f"macro-F1={macro_f1(gold, pred, claim_labels):.3f} "
        f"ECE={ece:.3f} "
        f"({len(gold) / elapsed:.1f} claims/s)"
    )
    print("   " + confusion(gold, pred, claim_labels).replace("\n", "\n   "))

    if args.skip_open:
        return
    # Setting 3: every evidence sentence of the file is one corpus, one document per article.
    started = time.perf_counter()
    by_article: dict[str, list[str]] = {}
    for row in rows:
        for ev in row["evidences"]:
            sentences = by_article.setdefault(ev["article"], [])
            if ev["evidence"] not in sentences:
                sentences.append(ev["evidence"])
    documents = [
        Document.create(path=f"wiki:{a}", text="\n".join(s), title=a) for a, s in by_article.items()
    ]
    with tempfile.TemporaryDirectory() as tmp:
        index = HybridIndex(embedder, Path(tmp) / "chroma", splitter=line_splitter)
        stats = index.index(documents)
        indexed = time.perf_counter() - started
        open_pred = []
        for claim in claims:
            passages = index.retrieve(claim.text, k=args.k)
            open_pred.append(verifier.verify(claim, passages).label)
    elapsed = time.perf_counter() - started
    print("\n3. claims, open corpus (retrieval over all evidence sentences of the file)")
    print(
        f"   corpus: {len(documents)} articles, {stats.passages} passages, indexed in "
        f"{indexed:.1f}s; k={args.k}"
    )
    print(
        f"   n={len(gold)} accuracy={accuracy(gold, open_pred):.3f} "
        f"macro-F1={macro_f1(gold, open_pred, claim_labels):.3f} "
        f"throughput={len(gold) / elapsed:.2f} claims/s (indexing included, {elapsed:.1f}s)"
    )
    print("   " + confusion(gold, open_pred, claim_labels).replace("\n", "\n   "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument(
        "--fold",
        choices=["all", "heldout", "train"],
        default="all",
        help="dev split only: 'heldout' = claims the shipped models never saw",
    )
    parser.add_argument("--verifier", default="stance", choices=["stance", "similarity", "nli"])
    parser.add_argument("--model-dir", type=Path, help="stance model folder (default: shipped)")
    parser.add_argument("--k", type=int, default=5, help="passages retrieved in setting 3")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--skip-open", action="store_true", help="skip setting 3")
    args = parser.parse_args()
    run(args)


if __name__ == "__main__":
    main()
