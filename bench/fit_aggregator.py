"""Fit the verdict aggregator (multinomial logistic regression) on CLIMATE-FEVER's train fold.

    python bench/fit_aggregator.py [--data ../shared/bench/climate-fever-dev.jsonl]

Features are those of ``verification.aggregate.features`` computed from the shipped stance
model on each claim's five evidence sentences. Only the train fold is used (the fold the
stance model was also trained on); the held-out fold stays untouched for reporting.
Writes ``verification/models/aggregator.json``.
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
    accuracy,
    build_verifier,
    claim_of,
    evidence_similarities,
    given_passages,
    load,
    macro_f1,
)
from retrieval.embedder import MiniLMEmbedder  # noqa: E402
from verification.aggregate import AGGREGATOR_PATH, LABELS, features  # noqa: E402

SEED = 13


def feature_matrix(
    rows: list[dict], embedder: MiniLMEmbedder, model_dir: Path | None = None
) -> np.ndarray:
    # The verifier is only used for per-passage judgements here, not for verdicts.
    verifier = build_verifier("stance", embedder, model_dir)
    claims = [claim_of(row) for row in rows]
    out = []
    for row, claim, sims in zip(
        rows, claims, evidence_similarities(rows, claims, embedder), strict=True
    ):
        judgements = verifier.judge(claim, given_passages(row, sims))
        out.append(features([j.passage for j in judgements]))
    return np.array(out)


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--data", type=Path, default=REPO.parent / "shared/bench/climate-fever-dev.jsonl"
    )
    parser.add_argument("--out", type=Path, default=AGGREGATOR_PATH)
    parser.add_argument("--model-dir", type=Path, help="stance model folder (default: shipped)")
    args = parser.parse_args()
    rows = load(args.data, "train")
    embedder = MiniLMEmbedder()
    x = feature_matrix(rows, embedder, args.model_dir)
    y = np.array([LABELS.index(CLAIM_LABELS[r["claim_label"]]) for r in rows])
    print(f"train fold: {len(rows)} claims, label counts {np.bincount(y, minlength=4).tolist()}")

    # Pick the class weighting by 5-fold CV on the train fold: accuracy + macro-F1.
    best = None
    for weight_power in (0.0, 0.25, 0.5, 0.75, 1.0):
        for c in (0.3, 1.0, 3.0):
            counts = np.bincount(y, minlength=4)
            weights = {k: (len(y) / (4 * counts[k])) ** weight_power for k in range(4)}
            gold, pred = [], []
            for tr, te in StratifiedKFold(5, shuffle=True, random_state=SEED).split(x, y):
                model = LogisticRegression(C=c, class_weight=weights, max_iter=2000)
                model.fit(x[tr], y[tr])
                pred.extend(model.predict(x[te]).tolist())
                gold.extend(y[te].tolist())
            g = [LABELS[i] for i in gold]
            p = [LABELS[i] for i in pred]
            acc, f1 = accuracy(g, p), macro_f1(g, p, LABELS)
            print(f"  weight^{weight_power} C={c}: cv accuracy={acc:.3f} macro-F1={f1:.3f}")
            if best is None or acc + f1 > best[0]:
                best = (acc + f1, weight_power, c, weights, acc, f1)
    if best is None:
        raise SystemExit("no model fitted")
    _, power, c, weights, acc, f1 = best
    model = LogisticRegression(C=c, class_weight=weights, max_iter=2000).fit(x, y)
    classes = [LABELS[i] for i in model.classes_]
    data = {
        "version": "v1",
        "labels": classes,
        "coef": model.coef_.round(6).tolist(),
        "intercept": model.intercept_.round(6).tolist(),
        "features": [
            "max_supports",
            "max_refutes",
            "top2_mean_supports",
            "top2_mean_refutes",
            "share_supports",
            "share_refutes",
            "max_supports_x_max_refutes",
            "max_relevance",
            "top2_mean_relevance",
        ],
        "fitted_on": {
            "file": args.data.name,
            "fold": "train",
            "claims": len(rows),
            "class_weight_power": power,
            "C": c,
            "seed": SEED,
            "cv_accuracy": round(acc, 4),
            "cv_macro_f1": round(f1, 4),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(
        f"chose weight^{power} C={c} (cv accuracy {acc:.3f}, macro-F1 {f1:.3f}); wrote {args.out}"
    )


if __name__ == "__main__":
    main()
