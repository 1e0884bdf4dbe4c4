"""BM25 over the current corpus's passages (bm25s); built once per passage set and kept
on disk (memory-mapped when loaded), so an unchanged corpus is never tokenised again."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np

from crosscheck.models import Frozen, Passage


class LexicalHit(Frozen):
    passage: Passage
    score: float


class LexicalIndex:
    """Okapi BM25 with English stopwords; scores are raw BM25 (higher is better)."""

    def __init__(self, passages: Sequence[Passage], bm25: bm25s.BM25 | None = None) -> None:
        self.passages = list(passages)
        self._bm25: bm25s.BM25 | None = bm25
        # Each document's passage positions, so that leaving the asking article out is a
        # numpy assignment per query, not a Python pass over every passage of the archive.
        positions: dict[str, list[int]] = {}
        for i, p in enumerate(self.passages):
            positions.setdefault(p.doc_id, []).append(i)
        self._positions = {d: np.array(ix, dtype=np.int64) for d, ix in positions.items()}
        if self.passages and bm25 is None:
            tokens = bm25s.tokenize(
                [p.text for p in self.passages], stopwords="en", show_progress=False
            )
            self._bm25 = bm25s.BM25()
            self._bm25.index(tokens, show_progress=False)

    @classmethod
    def cached(cls, passages: Sequence[Passage], cache_dir: Path | None) -> LexicalIndex:
        """The index of ``passages``, loaded from ``cache_dir`` when this exact passage set
        was indexed before, else built and saved there."""
        if cache_dir is None or not passages:
            return cls(passages)
        key = hashlib.sha256("\n".join(p.passage_id for p in passages).encode()).hexdigest()
        folder = cache_dir / key[:32]
        if (folder / "params.index.json").is_file():
            try:
                bm25 = bm25s.BM25.load(str(folder), mmap=True, show_progress=False)
                return cls(passages, bm25=bm25)
            except (OSError, ValueError):
                shutil.rmtree(folder, ignore_errors=True)  # half-written or stale: rebuild
        index = cls(passages)
        if index._bm25 is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            scratch = Path(tempfile.mkdtemp(dir=cache_dir, prefix=".tmp-"))
            index._bm25.save(str(scratch), show_progress=False)
            try:
                os.replace(scratch, folder)  # atomic: readers never see half an index
            except OSError:
                shutil.rmtree(scratch, ignore_errors=True)  # another process won the race
            _prune(cache_dir, keep=folder)
        return index

    def search(self, query: str, *, k: int, exclude_doc_id: str | None = None) -> list[LexicalHit]:
        """Top ``k`` passages with positive score, never from ``exclude_doc_id``."""
        if self._bm25 is None or k <= 0:
            return []
        tokens = bm25s.tokenize([query], stopwords="en", show_progress=False)
        if not tokens.ids or not tokens.ids[0]:
            return []
        mask = np.ones(len(self.passages), dtype=float)
        excluded = self._positions.get(exclude_doc_id or "")
        if excluded is not None:
            mask[excluded] = 0.0
        n = min(k, len(self.passages) - (0 if excluded is None else len(excluded)))
        if n == 0:
            return []
        ids, scores = self._bm25.retrieve(tokens, k=n, show_progress=False, weight_mask=mask)
        hits = []
        for index, score in zip(ids[0], scores[0], strict=True):
            if score > 0 and mask[int(index)] > 0:
                hits.append(LexicalHit(passage=self.passages[int(index)], score=float(score)))
        return hits


# Older passage sets kept besides the current one (switching between corpora in the app).
KEEP_INDEXES = 3


def _prune(cache_dir: Path, keep: Path) -> None:
    folders = sorted(
        (f for f in cache_dir.iterdir() if f.is_dir() and not f.name.startswith(".")),
        key=lambda f: f.stat().st_mtime,
        reverse=True,
    )
    for old in [f for f in folders if f != keep][KEEP_INDEXES:]:
        shutil.rmtree(old, ignore_errors=True)
