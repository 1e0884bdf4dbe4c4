"""Fit the verifier's two small learned parts on CLIMATE-FEVER claims the stance model never saw.

    python bench/fit_aggregator.py [--data ../shared/bench/climate-fever-dev.jsonl] [--model-dir D]

1. the stance calibration (``<model-dir>/calibration.json``): the stance model's
   log-probabilities -> pair labels;
2. the verdict aggregator (``verification/models/aggregator.json``): features of the
   calibrated, number/time/zone-adjusted passages -> claim labels.

Both are fitted on the ``heldout`` fold by default: the stance model trained on the ``train``
fold, so its scores there are over-confident and would teach the aggregator the wrong scale.
Hyperparameters are chosen by k-fold cross-validation by claim (accuracy + macro-F1 of the
final, citation-constrained verdicts); ``bench/climate_fever.py --cv k`` reports the same
recipe out of fold.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.climate_fever import (  # noqa: E402
    CLAIM_LABELS,
    PAIR_LABELS,
    CachedStanceModel,
    accuracy,
    build_verifier,
    claim_of,
    evidence_similarities,
    given_passages,
    load,
    macro_f1,
    memoized_parser,
)
from bench.fitting import (  # noqa: E402
    SEED,
    claim_folds,
    confidence_map_out_of_fold,
    fit_aggregator,
    fit_calibration,
)
from retrieval.embedder import MiniLMEmbedder  # noqa: E402
from verification.aggregate import (  # noqa: E402
    AGGREGATOR_PATH,
    LABELS,
    JudgedPassage,
    LogisticAggregator,
    features,
    final_decision,
)
from verification.calibration import CalibratedStanceModel, StanceCalibration  # noqa: E402
from verification.engine import StanceVerifier  # noqa: E402
from verification.stance_models import CALIBRATION_FILE, SHIPPED_MODEL_DIR  # noqa: E402

CALIBRATION_POWERS = (0.5, 1.0)
#: Stance thresholds tried (a passage "supports" at or above it); the best one is reported,
#: and ``Settings.support_threshold`` / ``refute_threshold`` default to it.
THRESHOLDS = (0.5, 0.45, 0.4)
AGGREGATOR_GRID = [(c, p) for c in (0.3, 1.0, 3.0) for p in (0.5, 0.75, 1.0)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--data", type=Path, default=REPO.parent / "shared/bench/climate-fever-dev.jsonl"
    )
    parser.add_argument("--fold", choices=["heldout", "train", "all"], default="heldout")
    parser.add_argument("--model-dir", type=Path, help="stance model folder (default: shipped)")
    parser.add_argument("--aggregator-out", type=Path, default=AGGREGATOR_PATH)
    parser.add_argument("--k", type=int, default=5, help="cross-validation folds")
    args = parser.parse_args()
    model_dir = args.model_dir or SHIPPED_MODEL_DIR

    rows = load(args.data, args.fold)
    embedder = MiniLMEmbedder()
    shipped = build_verifier("stance", embedder, model_dir)
    stance = shipped.stance_model
    base = CachedStanceModel(getattr(stance, "model", stance))  # uncalibrated scores
    claims = [claim_of(r) for r in rows]
    sims = evidence_similarities(rows, claims, embedder)
    quantity_parser = memoized_parser()
    gold = [CLAIM_LABELS[r["claim_label"]] for r in rows]
    print(f"{args.data.name}, fold {args.fold}: {len(rows)} claims")

    def pairs_of(indices: list[int]) -> tuple[list[str], list[str], list[str]]:
        premises = [e["evidence"] for i in indices for e in rows[i]["evidences"]]
        hyps = [claims[i].text for i in indices for _ in rows[i]["evidences"]]
        labels = [PAIR_LABELS[e["evidence_label"]] for i in indices for e in rows[i]["evidences"]]
        return premises, hyps, labels

    def judged(
        calibration: dict, indices: list[int], threshold: float
    ) -> list[list[JudgedPassage]]:
        model = CalibratedStanceModel(base, StanceCalibration.from_dict(calibration))
        verifier = StanceVerifier(
            model,
            quantity_parser=quantity_parser,
            support_threshold=threshold,
            refute_threshold=threshold,
        )
        return [
            [j.passage for j in verifier.judge(claims[i], given_passages(rows[i], sims[i]))]
            for i in indices
        ]

    everyone = list(range(len(rows)))
    premises, hyps, _ = pairs_of(everyone)
    base.predict(premises, hyps)  # one batched pass of the stance model
    # Per fold and calibration power: the judged passages of the fold's train and test claims.
    results: dict[tuple[float, float, float, float], list[str]] = {}
    for test in claim_folds(len(rows), args.k):
        held = set(test.tolist())
        train = [i for i in everyone if i not in held]
        premises, hyps, labels = pairs_of(train)
        for power in CALIBRATION_POWERS:
            calibration = fit_calibration(base.predict(premises, hyps), labels, 1.0, power)
            for threshold in THRESHOLDS:
                j_train = judged(calibration, train, threshold)
                j_test = judged(calibration, test.tolist(), threshold)
                x_train = np.array([features(j) for j in j_train])
                for c, agg_power in AGGREGATOR_GRID:
                    weights = fit_aggregator(x_train, [gold[i] for i in train], c, agg_power)
                    aggregator = LogisticAggregator.from_dict(weights)
                    preds = [final_decision(aggregator, j).label for j in j_test]
                    key = (power, threshold, c, agg_power)
                    results.setdefault(key, [""] * len(rows))
                    for i, label in zip(test.tolist(), preds, strict=True):
                        results[key][i] = label
    scored = []
    for (power, threshold, c, agg_power), pred in results.items():
        acc, f1 = accuracy(gold, pred), macro_f1(gold, pred, LABELS)
        scored.append((acc + f1, power, threshold, c, agg_power, acc, f1))
        print(
            f"  calibration^{power} threshold {threshold} aggregator C={c} weight^{agg_power}: ",
            end="",
        )
        print(f"cv accuracy={acc:.3f} macro-F1={f1:.3f}")
    _, power, threshold, c, agg_power, acc, f1 = max(scored)
    fitted_on = {
        "file": args.data.name,
        "fold": args.fold,
        "claims": len(rows),
        "seed": SEED,
        "cv_folds": args.k,
        "stance_threshold": threshold,
        "cv_accuracy": round(acc, 4),
        "cv_macro_f1": round(f1, 4),
    }
    premises, hyps, labels = pairs_of(everyone)
    calibration = fit_calibration(base.predict(premises, hyps), labels, 1.0, power)
    calibration["fitted_on"] |= fitted_on
    final_judged = judged(calibration, everyone, threshold)
    x = np.array([features(j) for j in final_judged])
    agg_weights = fit_aggregator(x, gold, c, agg_power)
    mapping = confidence_map_out_of_fold(final_judged, gold, c, agg_power, args.k)
    agg_weights["confidence_map"] = mapping
    fitted_on["confidence_map"] = True
    agg_weights["fitted_on"] |= fitted_on | {"stance_model": base.name}
    cal_path = model_dir / CALIBRATION_FILE
    cal_path.write_text(json.dumps(calibration, indent=2) + "\n", encoding="utf-8")
    args.aggregator_out.parent.mkdir(parents=True, exist_ok=True)
    args.aggregator_out.write_text(json.dumps(agg_weights, indent=2) + "\n", encoding="utf-8")
    from crosscheck.config import Settings

    default = Settings().support_threshold
    if threshold != default:
        print(f"note: the Settings thresholds default to {default}, not {threshold}")
    print(
        f"chose calibration^{power}, threshold {threshold}, aggregator C={c} weight^{agg_power} "
        f"(cv accuracy {acc:.3f}, macro-F1 {f1:.3f}); wrote {cal_path} and {args.aggregator_out}"
    )


if __name__ == "__main__":
    main()
