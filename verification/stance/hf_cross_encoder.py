"""Pluggable "stronger verifier": any local Hugging Face NLI sequence-classification model.

The model's ``config.id2label`` names (entailment / neutral / contradiction, any case or order)
are mapped to :data:`LABELS` order. Nothing is loaded until the first prediction.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from crosscheck.errors import StanceModelError
from verification.stance.onnx_model import LABELS, check_pairs

_ALIASES: dict[str, str] = {
    "entailment": "entailment",
    "entails": "entailment",
    "entail": "entailment",
    "neutral": "neutral",
    "contradiction": "contradiction",
    "contradicts": "contradiction",
    "contradict": "contradiction",
}


def label_permutation(id2label: dict[Any, str]) -> list[int]:
    """Model output index for each of :data:`LABELS`, from a config's ``id2label``.

    Raises :class:`StanceModelError` if the names do not cover the three NLI labels exactly.
    """
    found: dict[str, int] = {}
    for raw_id, raw_name in id2label.items():
        name = _ALIASES.get(str(raw_name).strip().lower())
        if name is None:
            raise StanceModelError(
                f"unrecognised label {raw_name!r} in id2label {id2label!r}; expected "
                "entailment / neutral / contradiction"
            )
        if name in found:
            raise StanceModelError(f"label {name!r} appears twice in id2label {id2label!r}")
        found[name] = int(raw_id)
    missing = [lab for lab in LABELS if lab not in found]
    if missing or len(id2label) != len(LABELS):
        raise StanceModelError(f"id2label {id2label!r} is not a 3-way NLI head (missing {missing})")
    return [found[lab] for lab in LABELS]


class HFCrossEncoderNLI:
    """NLI cross-encoder backed by transformers; probabilities in :data:`LABELS` order."""

    def __init__(
        self, model_path: str, device: str = "cpu", batch_size: int = 16, max_length: int = 256
    ) -> None:
        self.model_path = str(model_path)
        self.device = device
        self.batch_size = batch_size
        self.max_length = max_length
        self._model: Any = None
        self._tokenizer: Any = None
        self._perm: list[int] = []
        self._lock = threading.Lock()

    def _load(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            from transformers import AutoModelForSequenceClassification, AutoTokenizer

            try:
                tokenizer = AutoTokenizer.from_pretrained(self.model_path, local_files_only=True)
                model = AutoModelForSequenceClassification.from_pretrained(
                    self.model_path, local_files_only=True
                )
            except OSError as exc:
                raise StanceModelError(
                    f"cannot load NLI model {self.model_path!r} (local files only): {exc}"
                ) from exc
            self._perm = label_permutation(model.config.id2label)
            model.to(self.device)
            model.eval()
            self._tokenizer = tokenizer
            self._model = model

    def predict_proba(self, premises: Sequence[str], hypotheses: Sequence[str]) -> np.ndarray:
        """Probabilities of shape ``(n, 3)`` in :data:`LABELS` order, rows in input order."""
        n = check_pairs(premises, hypotheses)
        if n == 0:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        self._load()
        import torch

        order = sorted(range(n), key=lambda i: len(premises[i]) + len(hypotheses[i]))
        out = np.empty((n, len(LABELS)), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, n, self.batch_size):
                idx = order[start : start + self.batch_size]
                enc = self._tokenizer(
                    [premises[i] for i in idx],
                    [hypotheses[i] for i in idx],
                    padding=True,
                    truncation="longest_first",
                    max_length=self.max_length,
                    return_tensors="pt",
                ).to(self.device)
                logits = self._model(**enc).logits.float()
                probs = torch.softmax(logits, dim=-1)[:, self._perm]
                out[idx] = probs.cpu().numpy()
        return out
