"""Calibrate a stance model's probabilities to real evidence (matrix scaling of log-probabilities).

NLI models trained on crowd-written pairs are over-sure that a real evidence sentence says
nothing about a claim. A 3x3 linear map of the log-probabilities plus a bias, fitted on
CLIMATE-FEVER claim-evidence pairs the stance model never trained on
(``bench/fit_aggregator.py``), re-weighs them; the weights ship as JSON beside the model.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from pathlib import Path

from crosscheck.errors import ModelError
from crosscheck.models import StanceScores
from verification.base import StanceModel

#: Order of the rows and columns of the weights: supports, refutes, neutral.
ORDER = ("supports", "refutes", "neutral")
_FLOOR = 1e-6


def log_probs(scores: StanceScores) -> list[float]:
    """The calibration's input: log-probabilities in :data:`ORDER`, floored."""
    return [math.log(max(getattr(scores, k), _FLOOR)) for k in ORDER]


class StanceCalibration:
    """``softmax(W @ log p + b)``, with ``W`` and ``b`` read from JSON."""

    def __init__(self, coef: Sequence[Sequence[float]], intercept: Sequence[float], tag: str):
        if len(coef) != 3 or any(len(row) != 3 for row in coef) or len(intercept) != 3:
            raise ModelError("stance calibration needs a 3x3 matrix and 3 intercepts")
        self.coef = [list(map(float, row)) for row in coef]
        self.intercept = list(map(float, intercept))
        self.tag = tag

    @classmethod
    def load(cls, path: Path) -> StanceCalibration:
        try:
            raw = path.read_bytes()
            data = json.loads(raw.decode("utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot read stance calibration {path}: {exc}") from exc
        try:
            return cls.from_dict(data, hashlib.sha256(raw).hexdigest()[:8])
        except ModelError as exc:
            raise ModelError(f"{exc} ({path})") from exc

    @classmethod
    def from_dict(cls, data: dict, tag: str | None = None) -> StanceCalibration:
        try:
            if list(data["order"]) != list(ORDER):
                raise ValueError(f"order must be {list(ORDER)}, got {data['order']}")
            tag = tag or hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:8]
            return cls(data["coef"], data["intercept"], tag)
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"malformed stance calibration: {exc}") from exc

    def apply(self, scores: StanceScores) -> StanceScores:
        x = log_probs(scores)
        logits = [
            sum(w * v for w, v in zip(row, x, strict=True)) + b
            for row, b in zip(self.coef, self.intercept, strict=True)
        ]
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        total = sum(exps)
        s, r, n = (e / total for e in exps)
        return StanceScores(supports=s, refutes=r, neutral=n)


class CalibratedStanceModel:
    """A stance model whose probabilities pass through a :class:`StanceCalibration`."""

    def __init__(self, model: StanceModel, calibration: StanceCalibration) -> None:
        self.model = model
        self.calibration = calibration
        # The calibration's hash is in the name, so a refit invalidates cached verdicts.
        self.name = f"{model.name}+cal-{calibration.tag}"

    def predict(self, premises: Sequence[str], hypotheses: Sequence[str]) -> list[StanceScores]:
        return [self.calibration.apply(s) for s in self.model.predict(premises, hypotheses)]


def rebased(model: StanceModel, base: StanceModel) -> StanceModel:
    """``model``'s calibration, if it has one, over another base model (e.g. a cache)."""
    if isinstance(model, CalibratedStanceModel):
        return CalibratedStanceModel(base, model.calibration)
    return base
