"""A small trained check-worthiness model: logistic regression over TF-IDF word n-grams
and the rule features, its weights shipped as JSON and read in plain Python.

Trained on the ClaimBuster / CheckThat! ``train`` split only (``python -m bench.checkworthiness
--fit``); scikit-learn is needed to fit, never to score.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from crosscheck.errors import ModelError

WEIGHTS = Path(__file__).resolve().parent / "models" / "checkworthiness.json"
_TOKEN = re.compile(r"[a-z]+|\d+(?:[.,]\d+)*%?|[$€£%]")


def tokens(text: str) -> list[str]:
    """Lower-case words; every number becomes ``0`` (its value is not what matters)."""
    return ["0" if t[0].isdigit() else t for t in _TOKEN.findall(text.lower())]


def ngrams(text: str) -> Counter[str]:
    words = tokens(text)
    grams = Counter(words)
    grams.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return grams


def dense_features(found: Any) -> list[float]:
    """The rule features (``claims.checkworthiness.Features``) as numbers."""
    return [
        float(found.quantities > 0),
        float(found.durations > 0),
        min(found.entities, 4) / 4,
        float(found.has_date),
        float(found.factual_verb),
        float(found.hedged),
        float(found.first_person),
        float(found.question),
        float(found.imperative),
        float(found.vague_subject),
        float(found.words < 6),
        math.log1p(found.words) / 4,
    ]


@dataclass(frozen=True)
class CheckworthyModel:
    vocabulary: dict[str, int]
    idf: list[float]
    coef: list[float]  # one per vocabulary term, then one per dense feature
    intercept: float

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CheckworthyModel:
        try:
            return cls(
                vocabulary={t: i for i, t in enumerate(data["terms"])},
                idf=[float(v) for v in data["idf"]],
                coef=[float(v) for v in data["coef"]],
                intercept=float(data["intercept"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"check-worthiness weights are malformed: {exc}") from exc

    def probability(self, text: str, found: Any) -> float:
        """P(check-worthy) of a sentence (sublinear TF-IDF, L2-normalised, as fitted)."""
        weights: dict[int, float] = {}
        for gram, count in ngrams(text).items():
            index = self.vocabulary.get(gram)
            if index is not None:
                weights[index] = (1.0 + math.log(count)) * self.idf[index]
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        z = self.intercept + sum(self.coef[i] * w / norm for i, w in weights.items())
        offset = len(self.vocabulary)
        z += sum(self.coef[offset + j] * x for j, x in enumerate(dense_features(found)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=2)
def load_model(path: Path = WEIGHTS) -> CheckworthyModel | None:
    """The shipped model, or None when the weights file is absent (rules alone then)."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read check-worthiness weights {path}: {exc}") from exc
    return CheckworthyModel.from_json(data)
