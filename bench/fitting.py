"""Fitting the two small learned parts of the offline verifier (scikit-learn, bench-time only).

* the stance calibration (:mod:`verification.calibration`): multinomial logistic regression
  from a stance model's log-probabilities to CLIMATE-FEVER's pair labels;
* the verdict aggregator (:mod:`verification.aggregate`): multinomial logistic regression
  from :func:`verification.aggregate.features` to claim labels.

Both return the JSON the runtime reads, so inference needs no scikit-learn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from crosscheck.models import StanceScores
from verification.aggregate import FEATURE_NAMES, LABELS, Decision, JudgedPassage
from verification.calibration import ORDER, log_probs

SEED = 13


def class_weights(y: np.ndarray, n_classes: int, power: float) -> dict[int, float]:
    """``(n / (k * count)) ** power``: 0 = unweighted, 1 = fully balanced."""
    counts = np.bincount(y, minlength=n_classes)
    return {
        k: float((len(y) / (n_classes * counts[k])) ** power) if counts[k] else 1.0
        for k in range(n_classes)
    }


def fit_calibration(
    scores: Sequence[StanceScores], labels: Sequence[str], c: float, weight_power: float
) -> dict[str, Any]:
    """Calibration weights (``labels`` are supports / refutes / neutral per pair)."""
    from sklearn.linear_model import LogisticRegression

    x = np.array([log_probs(s) for s in scores])
    y = np.array([ORDER.index(lab) for lab in labels])
    model = LogisticRegression(C=c, class_weight=class_weights(y, 3, weight_power), max_iter=3000)
    model.fit(x, y)
    if list(model.classes_) != [0, 1, 2]:
        raise ValueError("calibration data must contain all three stances")
    return {
        "version": "v1",
        "order": list(ORDER),
        "coef": model.coef_.round(6).tolist(),
        "intercept": model.intercept_.round(6).tolist(),
        "fitted_on": {"pairs": len(y), "C": c, "class_weight_power": weight_power},
    }


def fit_aggregator(
    x: np.ndarray, labels: Sequence[str], c: float, weight_power: float
) -> dict[str, Any]:
    """Aggregator weights from a feature matrix and claim labels (verdict names)."""
    from sklearn.linear_model import LogisticRegression

    y = np.array([LABELS.index(lab) for lab in labels])  # type: ignore[arg-type]
    model = LogisticRegression(C=c, class_weight=class_weights(y, 4, weight_power), max_iter=3000)
    model.fit(x, y)
    if len(model.classes_) < 3:
        # scikit-learn fits one row for two classes; the runtime needs one row per label.
        raise ValueError("aggregator data must contain at least three verdict labels")
    return {
        "version": "v2",
        "labels": [LABELS[i] for i in model.classes_],
        "coef": model.coef_.round(6).tolist(),
        "intercept": model.intercept_.round(6).tolist(),
        "features": list(FEATURE_NAMES),
        "fitted_on": {"claims": len(y), "C": c, "class_weight_power": weight_power},
    }


def claim_folds(n: int, k: int, seed: int = SEED) -> list[np.ndarray]:
    """``k`` disjoint test folds of claim indices (a fixed shuffle)."""
    order = np.random.RandomState(seed).permutation(n)
    return [order[i::k] for i in range(k)]


def fit_confidence_map(
    confidences: Sequence[float], changed: Sequence[bool], correct: Sequence[bool]
) -> dict[str, float]:
    """Platt scaling of final confidences (see ``verification.aggregate.ConfidenceMap``)."""
    from sklearn.linear_model import LogisticRegression

    c = np.clip(np.asarray(confidences, dtype=float), 1e-4, 1 - 1e-4)
    x = np.column_stack([np.log(c / (1 - c)), np.asarray(changed, dtype=float)])
    y = np.asarray(correct, dtype=int)
    if len(set(y.tolist())) < 2:
        raise ValueError("confidence map needs right and wrong verdicts to learn from")
    model = LogisticRegression(C=100.0, max_iter=2000).fit(x, y)
    return {
        "slope": round(float(model.coef_[0][0]), 6),
        "changed": round(float(model.coef_[0][1]), 6),
        "intercept": round(float(model.intercept_[0]), 6),
    }


def out_of_fold_decisions(
    judged: Sequence[Sequence[JudgedPassage]],
    labels: Sequence[str],
    c: float,
    weight_power: float,
    k: int,
) -> list[tuple[Decision, Decision]]:
    """(aggregator decision, final decision) per claim, each from an aggregator not fitted on it."""
    from verification.aggregate import LogisticAggregator, backed, features

    x = np.array([features(j) for j in judged])
    out: list[tuple[Decision, Decision] | None] = [None] * len(judged)
    for test in claim_folds(len(judged), k):
        held = set(test.tolist())
        train = [i for i in range(len(judged)) if i not in held]
        weights = fit_aggregator(x[train], [labels[i] for i in train], c, weight_power)
        aggregator = LogisticAggregator.from_dict(weights)
        for i in test.tolist():
            raw = aggregator.decide(judged[i])
            out[i] = (raw, backed(raw, judged[i]))
    return [d for d in out if d is not None]


def confidence_map_out_of_fold(
    judged: Sequence[Sequence[JudgedPassage]],
    labels: Sequence[str],
    c: float,
    weight_power: float,
    k: int,
) -> dict[str, float]:
    """Fit the confidence map on out-of-fold final verdicts of these claims."""
    pairs = out_of_fold_decisions(judged, labels, c, weight_power, k)
    return fit_confidence_map(
        [final.confidence for _, final in pairs],
        [final.label != raw.label for raw, final in pairs],
        [final.label == gold for (_, final), gold in zip(pairs, labels, strict=True)],
    )
