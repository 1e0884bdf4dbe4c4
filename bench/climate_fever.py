r"""CLIMATE-FEVER benchmark: stance per pair, claims given evidence, claims over an open corpus.

    python bench/climate_fever.py --data ../shared/bench/climate-fever-dev.jsonl \
        --fold heldout --cv 5
    python bench/climate_fever.py --data OTHER.jsonl   # shipped weights, any file of the format

Runs unchanged on any file of the same format (that is how the held-out split is checked).
The shipped calibration, aggregator and confidence map are fitted on the dev split's
``heldout`` fold, so on that fold only ``--cv k`` (refit on k-1 folds of claims, predict the
k-th) gives held-out numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from claims.given import claim_from_text  # noqa: E402
from crosscheck.models import (  # noqa: E402
    Claim,
    Document,
    Passage,
    Quantity,
    ScoredPassage,
    Sentence,
    StanceScores,
    content_id,
)
from retrieval.embedder import MiniLMEmbedder  # noqa: E402
from retrieval.hybrid import HybridIndex  # noqa: E402
from verification.base import StanceModel  # noqa: E402
from verification.calibration import rebased  # noqa: E402
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


class CachedStanceModel:
    """Scores each (premise, hypothesis) once; cross-validation re-reads them per fold."""

    def __init__(self, model: StanceModel) -> None:
        self.model = model
        self.name = model.name
        self._cache: dict[tuple[str, str], StanceScores] = {}

    def predict(self, premises: Sequence[str], hypotheses: Sequence[str]) -> list[StanceScores]:
        keys = list(zip(premises, hypotheses, strict=True))
        missing = list(dict.fromkeys(k for k in keys if k not in self._cache))
        if missing:
            scores = self.model.predict([k[0] for k in missing], [k[1] for k in missing])
            self._cache.update(zip(missing, scores, strict=True))
        return [self._cache[k] for k in keys]


def memoized_parser() -> Callable[[str], list[Quantity]]:
    from claims.quantities import parse_quantities

    return lru_cache(maxsize=None)(parse_quantities)


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


class GivenEvidence:
    """Settings 1 and 2 for some claims: a stance per pair and a verdict per claim."""

    def __init__(self, n: int) -> None:
        self.pairs: list[list[str]] = [[] for _ in range(n)]
        self.labels: list[str] = [""] * n
        self.confidences: list[float] = [0.0] * n


def judge_given(
    verifier: StanceVerifier,
    rows: Sequence[dict],
    claims: Sequence[Claim],
    sims: Sequence[Sequence[float]],
    indices: Sequence[int],
    out: GivenEvidence,
) -> None:
    for i in indices:
        judgements = verifier.judge(claims[i], given_passages(rows[i], sims[i]))
        out.pairs[i] = [j.passage.stance for j in judgements]
        decision = verifier.decide([j.passage for j in judgements])
        out.labels[i] = decision.label
        out.confidences[i] = decision.confidence


def fitted_on(path: Path) -> dict:
    """``fitted_on`` of a weights file ({} when the file is absent)."""
    if not path.is_file():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")).get("fitted_on", {}))


def shipped_fits(model_dir: Path | None) -> tuple[dict, dict]:
    """``fitted_on`` of the shipped calibration and aggregator."""
    from verification.aggregate import AGGREGATOR_PATH
    from verification.stance_models import CALIBRATION_FILE, SHIPPED_MODEL_DIR

    calibration = (model_dir or SHIPPED_MODEL_DIR) / CALIBRATION_FILE
    return fitted_on(calibration), fitted_on(AGGREGATOR_PATH)


def cross_fitted(
    base: CachedStanceModel,
    rows: Sequence[dict],
    claims: Sequence[Claim],
    sims: Sequence[Sequence[float]],
    k: int,
    model_dir: Path | None,
    threshold: float,
) -> tuple[GivenEvidence, list[StanceVerifier]]:
    """Refit calibration and aggregator on k-1 folds of claims, predict the k-th.

    Uses the hyperparameters recorded in the shipped weights, so the numbers are what the
    shipped recipe gives on claims it was not fitted on.
    """
    from bench.fitting import (
        claim_folds,
        confidence_map_out_of_fold,
        fit_aggregator,
        fit_calibration,
    )
    from verification.aggregate import LogisticAggregator, features
    from verification.calibration import CalibratedStanceModel, StanceCalibration

    cal_fit, agg_fit = shipped_fits(model_dir)
    if not agg_fit:
        raise SystemExit("--cv needs the shipped aggregator's hyperparameters (fitted_on)")
    parser = memoized_parser()
    result = GivenEvidence(len(rows))
    per_claim: list[StanceVerifier] = [None] * len(rows)  # type: ignore[list-item]
    for test in claim_folds(len(rows), k):
        held = set(test.tolist())
        train = [i for i in range(len(rows)) if i not in held]
        model: StanceModel = base
        if cal_fit:
            premises = [e["evidence"] for i in train for e in rows[i]["evidences"]]
            hyps = [claims[i].text for i in train for _ in rows[i]["evidences"]]
            gold = [PAIR_LABELS[e["evidence_label"]] for i in train for e in rows[i]["evidences"]]
            weights = fit_calibration(
                base.predict(premises, hyps), gold, cal_fit["C"], cal_fit["class_weight_power"]
            )
            model = CalibratedStanceModel(base, StanceCalibration.from_dict(weights))
        judge_only = StanceVerifier(
            model, quantity_parser=parser, support_threshold=threshold, refute_threshold=threshold
        )
        judged = [
            [j.passage for j in judge_only.judge(claims[i], given_passages(rows[i], sims[i]))]
            for i in train
        ]
        labels = [CLAIM_LABELS[rows[i]["claim_label"]] for i in train]
        c, power = agg_fit["C"], agg_fit["class_weight_power"]
        weights = fit_aggregator(np.array([features(j) for j in judged]), labels, c, power)
        if agg_fit.get("confidence_map"):
            # Nested: the map learns from verdicts on training claims made out of fold.
            weights["confidence_map"] = confidence_map_out_of_fold(judged, labels, c, power, k)
        verifier = StanceVerifier(
            model,
            LogisticAggregator.from_dict(weights),
            quantity_parser=parser,
            support_threshold=threshold,
            refute_threshold=threshold,
        )
        judge_given(verifier, rows, claims, sims, test.tolist(), result)
        for i in test.tolist():
            per_claim[i] = verifier
    return result, per_claim


def without_cache(verifier: StanceVerifier, real: StanceModel) -> StanceVerifier:
    """The same verifier over the real stance model and the default quantity parser."""
    return StanceVerifier(
        rebased(verifier.stance_model, real),
        verifier.aggregator,
        support_threshold=verifier.support_threshold,
        refute_threshold=verifier.refute_threshold,
    )


def run(args: argparse.Namespace) -> None:
    rows = load(args.data, args.fold)
    if args.limit:
        rows = rows[: args.limit]
    embedder = MiniLMEmbedder()
    shipped = build_verifier(args.verifier, embedder, args.model_dir)
    print(f"data: {args.data} ({len(rows)} claims, fold={args.fold})")
    labels = Counter(CLAIM_LABELS[r["claim_label"]] for r in rows)
    majority = labels.most_common(1)[0]
    print(f"majority label: {majority[0]} = {majority[1] / len(rows):.3f}")

    # Setting 1 and 2 share the stance of each claim-evidence pair.
    started = time.perf_counter()
    claims = [claim_of(r) for r in rows]
    sims = evidence_similarities(rows, claims, embedder)
    stance = shipped.stance_model
    base = CachedStanceModel(getattr(stance, "model", stance))
    if args.cv:
        given, per_claim = cross_fitted(
            base, rows, claims, sims, args.cv, args.model_dir, shipped.support_threshold
        )
        print(
            f"verifier: {shipped.name} with calibration and aggregator refitted per fold "
            f"({args.cv}-fold cross-validation by claim; hyperparameters of the shipped fit)"
        )
    else:
        verifier = StanceVerifier(
            rebased(stance, base),
            shipped.aggregator,
            quantity_parser=memoized_parser(),
            support_threshold=shipped.support_threshold,
            refute_threshold=shipped.refute_threshold,
        )
        given = GivenEvidence(len(rows))
        judge_given(verifier, rows, claims, sims, range(len(rows)), given)
        per_claim = [verifier] * len(rows)
        print(f"verifier: {shipped.name} (shipped weights)")
        fits = shipped_fits(args.model_dir)
        if any(
            f.get("file") == args.data.name and f.get("fold") in (args.fold, "all") for f in fits
        ):
            print(
                "note: shipped weights were fitted on these claims; --cv 5 gives held-out numbers"
            )
    elapsed = time.perf_counter() - started
    pair_gold = [PAIR_LABELS[e["evidence_label"]] for r in rows for e in r["evidences"]]
    pair_pred = [s for p in given.pairs for s in p]
    gold, pred, conf = (
        [CLAIM_LABELS[r["claim_label"]] for r in rows],
        given.labels,
        given.confidences,
    )
    pair_labels = ["supports", "refutes", "neutral"]
    claim_labels = ["supported", "refuted", "conflicting", "not_enough_evidence"]
    print("\n1. pairs (3-way stance per claim-evidence pair)")
    print(
        f"   n={len(pair_gold)} accuracy={accuracy(pair_gold, pair_pred):.3f} "
        f"macro-F1={macro_f1(pair_gold, pair_pred, pair_labels):.3f}"
    )
    print("   " + confusion(pair_gold, pair_pred, pair_labels).replace("\n", "\n   "))
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
    # Fresh verifiers without the caches, so that the timing includes every model call.
    uncached = {id(v): without_cache(v, base.model) for v in per_claim}
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
        for claim, verifier_i in zip(claims, per_claim, strict=True):
            passages = index.retrieve(claim.text, k=args.k)
            open_pred.append(uncached[id(verifier_i)].verify(claim, passages).label)
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
    parser.add_argument(
        "--cv",
        type=int,
        default=0,
        help="refit calibration and aggregator on k-1 folds of these claims, report the k-th",
    )
    args = parser.parse_args()
    run(args)


if __name__ == "__main__":
    main()
