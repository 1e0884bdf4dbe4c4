"""Runtime NLI stance model: int8 ONNX MiniLM cross-encoder, onnxruntime + tokenizers only.

Nothing is loaded at import time; the session and tokenizer are created on first use.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from crosscheck.config import onnx_threads
from crosscheck.errors import StanceModelError

if TYPE_CHECKING:
    from tokenizers import Tokenizer

LABELS: tuple[str, str, str] = ("entailment", "neutral", "contradiction")
DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "stance-minilm"
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"


def check_pairs(premises: Sequence[str], hypotheses: Sequence[str]) -> int:
    """The number of pairs; raises on a bare string or mismatched lengths."""
    if isinstance(premises, str) or isinstance(hypotheses, str):
        raise TypeError("premises and hypotheses must be sequences of strings, not str")
    if len(premises) != len(hypotheses):
        raise ValueError(f"{len(premises)} premises but {len(hypotheses)} hypotheses")
    return len(premises)


def encode_pairs(
    tokenizer: Tokenizer,
    premises: Sequence[str],
    hypotheses: Sequence[str],
    max_length: int = 128,
) -> tuple[list[list[int]], list[list[int]]]:
    """Encode pairs as ``[CLS] premise [SEP] hypothesis [SEP]`` (ids, token type ids).

    Over-long pairs lose premise tokens first; the hypothesis keeps at most half of
    ``max_length`` so that some premise always remains. Shared by training and inference.
    """
    if len(premises) != len(hypotheses):
        raise ValueError(f"{len(premises)} premises but {len(hypotheses)} hypotheses")
    if max_length < 8:
        raise ValueError(f"max_length must be at least 8, got {max_length}")
    cls_id = tokenizer.token_to_id("[CLS]")
    sep_id = tokenizer.token_to_id("[SEP]")
    if cls_id is None or sep_id is None:
        raise StanceModelError("tokenizer has no [CLS]/[SEP] tokens")
    prem_enc = tokenizer.encode_batch(list(premises), add_special_tokens=False)
    hyp_enc = tokenizer.encode_batch(list(hypotheses), add_special_tokens=False)
    budget = max_length - 3
    all_ids: list[list[int]] = []
    all_types: list[list[int]] = []
    for p_enc, h_enc in zip(prem_enc, hyp_enc, strict=True):
        p_ids, h_ids = p_enc.ids, h_enc.ids
        if len(p_ids) + len(h_ids) > budget:
            h_ids = h_ids[: max(budget // 2, budget - len(p_ids))]
            p_ids = p_ids[: budget - len(h_ids)]
        all_ids.append([cls_id, *p_ids, sep_id, *h_ids, sep_id])
        all_types.append([0] * (len(p_ids) + 2) + [1] * (len(h_ids) + 1))
    return all_ids, all_types


def pad_batch(
    ids: Sequence[Sequence[int]], types: Sequence[Sequence[int]], pad_id: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Right-pad a batch to its longest row: (input_ids, attention_mask, token_type_ids)."""
    width = max(len(row) for row in ids)
    input_ids = np.full((len(ids), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(ids), width), dtype=np.int64)
    type_ids = np.zeros((len(ids), width), dtype=np.int64)
    for i, (row, trow) in enumerate(zip(ids, types, strict=True)):
        input_ids[i, : len(row)] = row
        mask[i, : len(row)] = 1
        type_ids[i, : len(trow)] = trow
    return input_ids, mask, type_ids


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax in float64 for stable probabilities."""
    z = logits.astype(np.float64)
    z -= z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


class OnnxNLIModel:
    """3-way NLI cross-encoder served by onnxruntime; probabilities in :data:`LABELS` order."""

    def __init__(
        self, model_dir: Path | None = None, batch_size: int = 32, max_length: int = 128
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        self.model_dir = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
        self.batch_size = batch_size
        self.max_length = max_length
        self._session: Any = None
        self._tokenizer: Tokenizer | None = None
        self._input_names: set[str] = set()
        self._lock = threading.Lock()

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            model_path = self.model_dir / MODEL_FILE
            tok_path = self.model_dir / TOKENIZER_FILE
            missing = [p.name for p in (model_path, tok_path) if not p.is_file()]
            if missing:
                raise StanceModelError(
                    f"stance model files missing in {self.model_dir}: {', '.join(missing)}. "
                    "Export one with `python -m verification.stance.export_onnx` "
                    "or pass model_dir pointing at a folder with model.onnx and tokenizer.json."
                )
            import onnxruntime as ort
            from tokenizers import Tokenizer

            opts = ort.SessionOptions()
            opts.intra_op_num_threads = onnx_threads()
            opts.inter_op_num_threads = 1
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            try:
                tokenizer = Tokenizer.from_file(str(tok_path))
                tokenizer.no_padding()
                tokenizer.no_truncation()
                session = ort.InferenceSession(
                    str(model_path), sess_options=opts, providers=["CPUExecutionProvider"]
                )
            except Exception as exc:  # onnxruntime raises several unrelated types
                raise StanceModelError(
                    f"cannot load stance model from {self.model_dir}: {exc}"
                ) from exc
            self._input_names = {i.name for i in session.get_inputs()}
            self._tokenizer = tokenizer
            self._session = session

    def predict_proba(self, premises: Sequence[str], hypotheses: Sequence[str]) -> np.ndarray:
        """Probabilities of shape ``(n, 3)`` in :data:`LABELS` order, rows in input order."""
        n = check_pairs(premises, hypotheses)
        if n == 0:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        self._load()
        if self._tokenizer is None:
            raise StanceModelError("stance tokenizer failed to load")
        ids, types = encode_pairs(self._tokenizer, premises, hypotheses, self.max_length)
        order = sorted(range(n), key=lambda i: len(ids[i]))
        out = np.empty((n, len(LABELS)), dtype=np.float32)
        for start in range(0, n, self.batch_size):
            idx = order[start : start + self.batch_size]
            input_ids, mask, type_ids = pad_batch([ids[i] for i in idx], [types[i] for i in idx])
            feeds = {"input_ids": input_ids, "attention_mask": mask}
            if "token_type_ids" in self._input_names:
                feeds["token_type_ids"] = type_ids
            (logits,) = self._session.run(["logits"], feeds)
            out[idx] = softmax(logits)
        return out
