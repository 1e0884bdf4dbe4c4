"""The persistent Chroma collection of passage vectors, through ``langchain-chroma``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma

from crosscheck.models import Frozen, Passage
from retrieval.base import Embedder
from retrieval.embedder import LangChainEmbeddings

_BATCH = 256


class DenseHit(Frozen):
    passage_id: str
    similarity: float


def _collection_name(embedder: Embedder) -> str:
    # One collection per embedding model: vectors of different models never mix.
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", embedder.name).strip("-._")
    return f"passages-{slug}"[:63]


def chroma_client(persist_dir: Path | None) -> Any:
    """A local Chroma client with telemetry off; in memory when no directory is given."""
    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    if persist_dir is None:
        return chromadb.EphemeralClient(settings=settings)
    persist_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(persist_dir), settings=settings)


class VectorStore:
    """Passages upserted by content-hash ID: re-indexing the same text embeds nothing."""

    def __init__(self, embedder: Embedder, persist_dir: Path | None = None) -> None:
        self.embedder = embedder
        self._client = chroma_client(persist_dir)
        # Our own embedding function is always passed, so Chroma's default (which
        # downloads a model) is never constructed.
        self._store = Chroma(
            collection_name=_collection_name(embedder),
            embedding_function=LangChainEmbeddings(embedder),
            client=self._client,
            collection_configuration={"hnsw": {"space": "cosine"}},
        )

    @property
    def collection(self) -> Any:
        return self._store._collection

    def count(self) -> int:
        return int(self.collection.count())

    def missing(self, ids: Sequence[str]) -> set[str]:
        present: set[str] = set()
        for i in range(0, len(ids), _BATCH):
            got = self.collection.get(ids=list(ids[i : i + _BATCH]), include=[])
            present.update(got["ids"])
        return set(ids) - present

    def upsert(self, passages: Sequence[Passage]) -> int:
        """Embed and add the passages not stored yet; returns how many were added."""
        unique = {p.passage_id: p for p in passages}
        todo = [unique[i] for i in sorted(self.missing(list(unique)))]
        for i in range(0, len(todo), _BATCH):
            batch = todo[i : i + _BATCH]
            self._store.add_texts(
                texts=[p.text for p in batch],
                metadatas=[_metadata(p) for p in batch],
                ids=[p.passage_id for p in batch],
            )
        return len(todo)

    def search(
        self,
        vectors: Sequence[Sequence[float]],
        *,
        k: int,
        doc_ids: Sequence[str],
        exclude_doc_id: str | None,
    ) -> list[list[DenseHit]]:
        """Per query vector, the nearest passages within ``doc_ids`` (one Chroma query)."""
        allowed = [d for d in doc_ids if d != exclude_doc_id]
        if not allowed or k <= 0 or not vectors:
            return [[] for _ in vectors]
        where: dict[str, Any] = {"doc_id": {"$in": allowed}}
        result = self.collection.query(
            query_embeddings=[list(v) for v in vectors],
            n_results=k,
            where=where,
            include=["distances"],
        )
        return [
            [
                DenseHit(passage_id=pid, similarity=1.0 - float(dist))
                for pid, dist in zip(ids, distances, strict=True)
            ]
            for ids, distances in zip(result["ids"], result["distances"], strict=True)
        ]

    def vectors(self, ids: Sequence[str]) -> dict[str, list[float]]:
        # Batched: one get with ~33k IDs exceeds SQLite's variable limit (a 5 MB article).
        out: dict[str, list[float]] = {}
        for i in range(0, len(ids), _BATCH):
            got = self.collection.get(ids=list(ids[i : i + _BATCH]), include=["embeddings"])
            for pid, vec in zip(got["ids"], got["embeddings"], strict=True):
                out[pid] = [float(x) for x in vec]
        return out


def _metadata(passage: Passage) -> dict[str, str | int]:
    return {
        "doc_id": passage.doc_id,
        "start": passage.start,
        "end": passage.end,
        "zone": passage.zone,
        "published": passage.published.isoformat() if passage.published else "",
    }
