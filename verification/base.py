"""Verification contracts: per-passage stance, and a verdict per claim."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from crosscheck.models import Claim, Document, ScoredPassage, StanceScores, Verdict


class StanceModel(Protocol):
    """Scores whether each premise (evidence) supports, refutes or ignores its hypothesis."""

    name: str

    def predict(self, premises: Sequence[str], hypotheses: Sequence[str]) -> list[StanceScores]: ...


class Verifier(Protocol):
    """Judges one claim against retrieved passages; cites only passages it was given.

    ``documents`` (by doc id) lets a verifier read a passage's setting and name its article.
    """

    name: str

    def verify(
        self,
        claim: Claim,
        passages: Sequence[ScoredPassage],
        documents: Mapping[str, Document] | None = None,
    ) -> Verdict: ...


def verify_all(
    verifier: Verifier,
    items: Sequence[tuple[Claim, Sequence[ScoredPassage]]],
    documents: Mapping[str, Document] | None = None,
) -> list[Verdict]:
    """Verdicts for a batch, in order: in one call when the verifier takes batches
    (``verify_many`` reads the batch's claims in one pass), else one by one."""
    many = getattr(verifier, "verify_many", None)
    if many is not None:
        return list(many(items, documents))
    return [verifier.verify(claim, passages, documents) for claim, passages in items]
