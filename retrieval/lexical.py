"""BM25 over the current corpus's passages (bm25s), rebuilt in memory when it changes."""

from __future__ import annotations

from collections.abc import Sequence

import bm25s
import numpy as np

from crosscheck.models import Frozen, Passage


class LexicalHit(Frozen):
    passage: Passage
    score: float


class LexicalIndex:
    """Okapi BM25 with English stopwords; scores are raw BM25 (higher is better)."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = list(passages)
        self._bm25: bm25s.BM25 | None = None
        if self.passages:
            tokens = bm25s.tokenize(
                [p.text for p in self.passages], stopwords="en", show_progress=False
            )
            self._bm25 = bm25s.BM25()
            self._bm25.index(tokens, show_progress=False)

    def search(self, query: str, *, k: int, exclude_doc_id: str | None = None) -> list[LexicalHit]:
        """Top ``k`` passages with positive score, never from ``exclude_doc_id``."""
        if self._bm25 is None or k <= 0:
            return []
        tokens = bm25s.tokenize([query], stopwords="en", show_progress=False)
        if not tokens.ids or not tokens.ids[0]:
            return []
        mask = np.array(
            [0.0 if p.doc_id == exclude_doc_id else 1.0 for p in self.passages], dtype=float
        )
        n = min(k, int(mask.sum()))
        if n == 0:
            return []
        ids, scores = self._bm25.retrieve(tokens, k=n, show_progress=False, weight_mask=mask)
        hits = []
        for index, score in zip(ids[0], scores[0], strict=True):
            if score > 0 and mask[int(index)] > 0:
                hits.append(LexicalHit(passage=self.passages[int(index)], score=float(score)))
        return hits
