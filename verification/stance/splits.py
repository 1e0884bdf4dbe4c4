"""Deterministic train / held-out folds for the CLIMATE-FEVER dev split."""

from __future__ import annotations

import hashlib
from typing import Literal

Fold = Literal["train", "heldout"]


def climate_fever_fold(claim_id: str) -> Fold:
    """Return "train" or "heldout" for a claim, from the parity of sha256(claim_id).

    Half of the claims (in expectation) fall in each fold; only the "train" fold may be used to
    train the stance model, and benchmarks report on the "heldout" fold.
    """
    digest = hashlib.sha256(str(claim_id).encode("utf-8")).digest()
    return "train" if digest[0] % 2 == 0 else "heldout"
