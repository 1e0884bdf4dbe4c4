"""Retrieval contracts: an embedder and a retriever."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from crosscheck.models import ScoredPassage


class Embedder(Protocol):
    """Maps texts to unit-length vectors (cosine similarity = dot product)."""

    name: str

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


class Retriever(Protocol):
    """Finds passages bearing on a claim, never from ``exclude_doc_id``."""

    def retrieve(
        self, query: str, *, k: int = 8, exclude_doc_id: str | None = None
    ) -> list[ScoredPassage]: ...
