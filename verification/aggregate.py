"""Turn per-passage stances into one verdict with a confidence.

Two aggregators share one contract: rules with fixed thresholds, and a multinomial
logistic model fitted on CLIMATE-FEVER's train fold (``bench/fit_aggregator.py``) whose
weights ship as JSON, so inference needs numpy only.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from crosscheck.errors import ModelError
from crosscheck.models import Frozen, Stance, VerdictLabel

AGGREGATOR_PATH = Path(__file__).resolve().parent / "models" / "aggregator.json"
LABELS: tuple[VerdictLabel, ...] = ("supported", "refuted", "conflicting", "not_enough_evidence")
#: Names of :func:`features`, in order (recorded with fitted weights).
FEATURE_NAMES = (
    "max_supports",
    "max_refutes",
    "top2_mean_supports",
    "top2_mean_refutes",
    "share_supports",
    "share_refutes",
    "max_supports_x_max_refutes",
    "max_relevance",
    "top2_mean_relevance",
)


class JudgedPassage(Frozen):
    """One passage's stance after numeric, temporal and zone adjustments."""

    supports: float
    refutes: float
    neutral: float
    relevance: float
    credible: bool
    stance: Stance
    #: The passage states a figure consistent with the claim's (same referent and unit).
    figure_match: bool = False


class Decision(Frozen):
    label: VerdictLabel
    confidence: float
    probabilities: dict[str, float]


def features(passages: Sequence[JudgedPassage]) -> list[float]:
    """Order-free, count-normalised features: the same for 5 or 8 passages."""
    credible = [p for p in passages if p.credible]
    sup = sorted((p.supports for p in credible), reverse=True) or [0.0]
    ref = sorted((p.refutes for p in credible), reverse=True) or [0.0]
    n = max(len(credible), 1)
    top2_s = sum(sup[:2]) / min(2, len(sup))
    top2_r = sum(ref[:2]) / min(2, len(ref))
    frac_s = sum(1 for p in credible if p.stance == "supports") / n
    frac_r = sum(1 for p in credible if p.stance == "refutes") / n
    # How close the best passages are to the claim at all, whatever their stance.
    rel = sorted((p.relevance for p in credible), reverse=True) or [0.0]
    return [
        sup[0],
        ref[0],
        top2_s,
        top2_r,
        frac_s,
        frac_r,
        sup[0] * ref[0],
        rel[0],
        sum(rel[:2]) / min(2, len(rel)),
    ]


class Aggregator(Protocol):
    name: str

    def decide(self, passages: Sequence[JudgedPassage]) -> Decision: ...


class RuleAggregator:
    """Supported/refuted when a credible passage clears its threshold; both sides: conflicting."""

    name = "rules.v1"

    def __init__(self, support: float = 0.5, refute: float = 0.5) -> None:
        self.support = support
        self.refute = refute

    def decide(self, passages: Sequence[JudgedPassage]) -> Decision:
        credible = [p for p in passages if p.credible]
        s = max((p.supports for p in credible if p.stance == "supports"), default=0.0)
        r = max((p.refutes for p in credible if p.stance == "refutes"), default=0.0)
        if s >= self.support and r >= self.refute:
            label: VerdictLabel = "conflicting"
            confidence = min(s, r)
        elif s >= self.support:
            label, confidence = "supported", s
        elif r >= self.refute:
            label, confidence = "refuted", r
        else:
            label, confidence = "not_enough_evidence", 1.0 - max(s, r)
        probs: dict[str, float] = {lab: 0.0 for lab in LABELS}
        probs[label] = confidence
        return Decision(label=label, confidence=round(confidence, 4), probabilities=probs)


class ConfidenceMap(Frozen):
    """Platt scaling of a final verdict's confidence: ``sigmoid(a*logit(c) + b + d*changed)``.

    The aggregator's class weights (for macro-F1) flatten its probabilities, and falling back
    to a backed label (:func:`constrain`) renormalises them upwards; fitted out of fold on
    whether final verdicts were right, this maps both back to observed accuracy.
    """

    slope: float
    intercept: float
    changed: float

    def apply(self, confidence: float, changed: bool) -> float:
        c = min(max(confidence, 1e-4), 1 - 1e-4)
        z = self.slope * math.log(c / (1 - c)) + self.intercept + self.changed * float(changed)
        return 1.0 / (1.0 + math.exp(-z))


class LogisticAggregator:
    """Multinomial logistic regression over :func:`features`, weights from JSON."""

    def __init__(self, path: Path = AGGREGATOR_PATH) -> None:
        try:
            raw = path.read_bytes()
            data = json.loads(raw.decode("utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot read aggregator weights {path}: {exc}") from exc
        self._setup(data, hashlib.sha256(raw).hexdigest()[:8], str(path))

    @classmethod
    def from_dict(cls, data: dict) -> LogisticAggregator:
        """Weights given in memory (cross-validation fits them per fold)."""
        self = cls.__new__(cls)
        digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:8]
        self._setup(data, digest, "weights given in memory")
        return self

    def _setup(self, data: dict, digest: str, where: str) -> None:
        try:
            self.labels: list[VerdictLabel] = list(data["labels"])
            self.coef: list[list[float]] = data["coef"]
            self.intercept: list[float] = data["intercept"]
            self.temperature: float = float(data.get("temperature", 1.0))
            names = tuple(data.get("features", FEATURE_NAMES))
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"malformed aggregator weights ({where}): {exc}") from exc
        if not len(self.labels) == len(self.coef) == len(self.intercept):
            raise ModelError(
                f"aggregator weights ({where}) need one coefficient row and intercept per label"
            )
        if names != FEATURE_NAMES or any(len(row) != len(FEATURE_NAMES) for row in self.coef):
            raise ModelError(f"aggregator weights ({where}) do not match this code's features")
        mapping = data.get("confidence_map")
        try:
            self.confidence_map = ConfidenceMap(**mapping) if mapping else None
        except (TypeError, ValueError) as exc:
            raise ModelError(f"malformed confidence map ({where}): {exc}") from exc
        # The weights' hash is in the name, so a refit invalidates cached verdicts.
        self.name = f"logistic.{data.get('version', 'v1')}-{digest}"

    def decide(self, passages: Sequence[JudgedPassage]) -> Decision:
        x = features(passages)
        logits = [
            (sum(w * v for w, v in zip(row, x, strict=True)) + b) / self.temperature
            for row, b in zip(self.coef, self.intercept, strict=True)
        ]
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        total = sum(exps)
        probs: dict[str, float] = {lab: e / total for lab, e in zip(self.labels, exps, strict=True)}
        label = self.labels[exps.index(max(exps))]
        return Decision(label=label, confidence=round(probs[label], 4), probabilities=probs)


def constrain(decision: Decision, passages: Sequence[JudgedPassage]) -> Decision:
    """Keep only verdicts the credible passages back: a label needs its side cited.

    ``supported`` needs a credible supporting passage, ``refuted`` a refuting one,
    ``conflicting`` both; reader comments never count. Otherwise the most probable
    allowed label wins, its probability renormalised over the allowed labels.
    """
    credible = [p for p in passages if p.credible]
    has_s = any(p.stance == "supports" for p in credible)
    has_r = any(p.stance == "refutes" for p in credible)
    allowed: list[VerdictLabel] = ["not_enough_evidence"]
    if has_s:
        allowed.append("supported")
    if has_r:
        allowed.append("refuted")
    if has_s and has_r:
        allowed.append("conflicting")
    if decision.label in allowed:
        return decision
    probs: dict[str, float] = {k: decision.probabilities.get(k, 0.0) for k in allowed}
    total = sum(probs.values())
    label = max(allowed, key=lambda k: probs[k])
    confidence = probs[label] / total if total > 0 else 0.5
    return Decision(label=label, confidence=round(confidence, 4), probabilities=probs)


def figure_confirmed(decision: Decision, passages: Sequence[JudgedPassage]) -> Decision:
    """A matching figure in a credible supporting passage, with nothing credible against it,
    confirms a numeric claim, however many other passages say nothing about it.

    The aggregator is fitted on claims with five evidence sentences each and no structured
    number check; it reads one supporting passage among eight neutral ones as too little.
    The verdict takes the matching passage's support as its confidence when that is higher.
    """
    credible = [p for p in passages if p.credible]
    if decision.label not in ("not_enough_evidence", "supported") or any(
        p.stance == "refutes" for p in credible
    ):
        return decision
    matches = [p.supports for p in credible if p.figure_match and p.stance == "supports"]
    if not matches:
        return decision
    confidence = max(matches)
    if decision.label == "supported" and decision.confidence >= confidence:
        return decision
    return Decision(
        label="supported",
        confidence=round(confidence, 4),
        probabilities={"supported": confidence, "not_enough_evidence": 1.0 - confidence},
    )


def backed(raw: Decision, passages: Sequence[JudgedPassage]) -> Decision:
    """The aggregator's verdict restricted to what the passages back, figures confirming."""
    return figure_confirmed(constrain(raw, passages), passages)


def final_decision(aggregator: Aggregator, passages: Sequence[JudgedPassage]) -> Decision:
    """The backed verdict with its confidence mapped (when the aggregator ships a map)."""
    raw = aggregator.decide(passages)
    final = backed(raw, passages)
    mapping: ConfidenceMap | None = getattr(aggregator, "confidence_map", None)
    if mapping is None:
        return final
    confidence = round(mapping.apply(final.confidence, final.label != raw.label), 4)
    return final.model_copy(update={"confidence": confidence})


def default_aggregator(support: float = 0.5, refute: float = 0.5) -> Aggregator:
    """The fitted logistic aggregator when its weights ship, else the rules."""
    if AGGREGATOR_PATH.is_file():
        return LogisticAggregator(AGGREGATOR_PATH)
    return RuleAggregator(support, refute)
