"""Claim and query vectors kept on disk by content hash, so a rerun embeds nothing twice.

Passage vectors live in Chroma; this holds the texts the pipeline embeds on every run
(claims for clustering, claims as retrieval queries). float32 blobs in one SQLite file.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from crosscheck.store import open_sqlite
from retrieval.base import Embedder

# SQLite's default limit on ``?`` parameters is 999 on older builds.
_LOOKUP_BATCH = 500


def text_key(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\x1f{text}".encode()).hexdigest()


class VectorCache:
    """Vectors by key in one SQLite file (in memory when ``path`` is None)."""

    def __init__(self, path: Path | None) -> None:
        self._conn = open_sqlite(
            path, "CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB)"
        )
        self._lock = threading.Lock()

    def get_many(self, keys: Sequence[str]) -> dict[str, list[float]]:
        found: dict[str, list[float]] = {}
        unique = list(dict.fromkeys(keys))
        with self._lock:
            for i in range(0, len(unique), _LOOKUP_BATCH):
                chunk = unique[i : i + _LOOKUP_BATCH]
                marks = ",".join("?" * len(chunk))
                rows = self._conn.execute(
                    f"SELECT key, v FROM vec WHERE key IN ({marks})", chunk
                ).fetchall()
                for key, blob in rows:
                    found[str(key)] = np.frombuffer(blob, dtype=np.float32).tolist()
        return found

    def put_many(self, items: Mapping[str, Sequence[float]]) -> None:
        rows = [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()]
        with self._lock, self._conn:
            self._conn.executemany("INSERT OR REPLACE INTO vec (key, v) VALUES (?, ?)", rows)

    def __len__(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM vec").fetchone()[0])


class CachedEmbedder:
    """An :class:`Embedder` that asks ``inner`` only for texts it has never stored.

    MiniLM's vectors are float32, so storing them as float32 changes no value.
    """

    def __init__(self, inner: Embedder, cache: VectorCache) -> None:
        self.inner = inner
        self.cache = cache
        self.name = inner.name

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        keys = [text_key(self.name, t) for t in texts]
        found = self.cache.get_many(keys)
        todo = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in found))
        if todo:
            vectors = self.inner.embed(todo)
            fresh = {text_key(self.name, t): v for t, v in zip(todo, vectors, strict=True)}
            self.cache.put_many(fresh)
            # Read back through float32 so cached and fresh runs see the very same numbers.
            found.update(self.cache.get_many(list(fresh)))
        return [found[k] for k in keys]
