"""MiniLM through onnxruntime: sentence-transformers' vectors without importing torch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from crosscheck.errors import ModelError
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.model

TEXTS = [
    "130 people were murdered in Paris.",
    "The Paris attacks killed at least 129 people.",
    "The recipe needs two cups of flour.",
    "short",
    "",
    "Islamic State claimed the attacks, calling them “the first of the storm”.",
    "Élysée officials said 3,000 troops—and 1,500 more police—would patrol Paris.",
    # Longer than the model's 256 tokens: truncated the same way.
    " ".join(["The coalition carried out 2,000 air strikes against the group in Syria."] * 30),
]


def test_onnx_vectors_match_sentence_transformers() -> None:
    from retrieval.embedder import MiniLMEmbedder
    from retrieval.onnx_embedder import OnnxMiniLMEmbedder

    onnx = OnnxMiniLMEmbedder(batch_size=3)  # padded batches of mixed lengths
    assert onnx.name == MiniLMEmbedder.name
    got = np.asarray(onnx.embed(TEXTS))
    want = np.asarray(MiniLMEmbedder().embed(TEXTS))
    assert got.shape == want.shape == (len(TEXTS), 384)
    cosines = (got * want).sum(axis=1)
    assert cosines.min() > 1 - 1e-4
    assert np.abs(got - want).max() < 1e-4
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    # Batching never changes a vector: one text alone gives the same numbers.
    alone = np.asarray(OnnxMiniLMEmbedder().embed([TEXTS[1]]))[0]
    assert np.abs(alone - got[1]).max() < 1e-5


def test_onnx_embedding_imports_no_torch() -> None:
    from retrieval.onnx_embedder import ensure_exported

    ensure_exported()  # a fresh machine exports here (the Makefile does it at install)
    code = (
        "import sys; from retrieval.onnx_embedder import OnnxMiniLMEmbedder; "
        "v = OnnxMiniLMEmbedder().embed(['130 people died']); "
        "print(len(v[0]), 'torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["384", "False", "False"]


def test_export_of_missing_weights_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from retrieval.onnx_embedder import ensure_exported

    monkeypatch.setenv("CROSSCHECK_MODEL_CACHE", str(tmp_path / "cache"))
    (tmp_path / "weights").mkdir()
    with pytest.raises(ModelError, match="cannot export"):
        ensure_exported(tmp_path / "weights")
    assert not list((tmp_path / "cache" / "models").glob("all-MiniLM*"))
