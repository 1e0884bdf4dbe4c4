"""StanceModel implementations: the shipped ONNX model, any local HF NLI model, and a fake."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from crosscheck.errors import ModelError
from crosscheck.models import StanceScores

SHIPPED_MODEL_DIR = Path(__file__).resolve().parent / "models" / "stance-minilm"
_NEGATION = re.compile(r"\b(not|no|never|none|nobody|neither|nor|n't|denied|false)\b", re.I)
_WORD = re.compile(r"\w+")


def _to_scores(rows: Any) -> list[StanceScores]:
    # Rows are (entailment, neutral, contradiction) probabilities.
    return [
        StanceScores(supports=float(r[0]), neutral=float(r[1]), refutes=float(r[2])) for r in rows
    ]


class OnnxStanceModel:
    """The shipped int8 MiniLM cross-encoder, run by onnxruntime (loaded on first use)."""

    name = "stance-minilm-onnx.v1"

    def __init__(self, model_dir: Path | None = None, batch_size: int = 32) -> None:
        self.model_dir = model_dir or SHIPPED_MODEL_DIR
        self._batch_size = batch_size
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                from verification.stance.onnx_model import OnnxNLIModel
            except ImportError as exc:  # pragma: no cover - broken install
                raise ModelError(f"stance model code missing: {exc}") from exc
            try:
                self._model = OnnxNLIModel(self.model_dir, batch_size=self._batch_size)
            except Exception as exc:
                raise ModelError(
                    f"cannot load the stance model from {self.model_dir}: {exc}"
                ) from exc
        return self._model

    def predict(self, premises: Sequence[str], hypotheses: Sequence[str]) -> list[StanceScores]:
        if not premises:
            return []
        return _to_scores(self._load().predict_proba(list(premises), list(hypotheses)))


class HFStanceModel:
    """Any local sequence-classification NLI model (a stronger, pluggable cross-encoder)."""

    def __init__(self, model_path: str) -> None:
        self.model_path = model_path
        self.name = f"hf-nli:{Path(model_path).name}.v1"
        self._model: Any = None

    def predict(self, premises: Sequence[str], hypotheses: Sequence[str]) -> list[StanceScores]:
        if not premises:
            return []
        if self._model is None:
            from verification.stance.hf_cross_encoder import HFCrossEncoderNLI

            self._model = HFCrossEncoderNLI(self.model_path)
        return _to_scores(self._model.predict_proba(list(premises), list(hypotheses)))


class OverlapStanceModel:
    """A deterministic fake: word overlap means support, a negation mismatch means refute."""

    name = "overlap-fake.v1"

    def predict(self, premises: Sequence[str], hypotheses: Sequence[str]) -> list[StanceScores]:
        out = []
        for premise, hypothesis in zip(premises, hypotheses, strict=True):
            p = {w.lower() for w in _WORD.findall(premise)}
            h = {w.lower() for w in _WORD.findall(hypothesis)}
            overlap = len(p & h) / max(len(h), 1)
            negated = bool(_NEGATION.search(premise)) != bool(_NEGATION.search(hypothesis))
            if overlap >= 0.6 and negated:
                out.append(StanceScores(supports=0.1, refutes=0.8, neutral=0.1))
            elif overlap >= 0.6:
                out.append(StanceScores(supports=0.8, refutes=0.05, neutral=0.15))
            else:
                out.append(StanceScores(supports=0.1, refutes=0.05, neutral=0.85))
        return out
