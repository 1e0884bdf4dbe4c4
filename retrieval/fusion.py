"""Reciprocal rank fusion of ranked lists."""

from __future__ import annotations

from collections.abc import Sequence

# 60 is the constant of Cormack et al. (2009); it damps the head of each list.
RRF_K = 60


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> dict[str, float]:
    """Score each ID by the sum of 1 / (k + rank) over the lists it appears in."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return scores
