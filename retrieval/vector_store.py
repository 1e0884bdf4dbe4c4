"""The persistent Chroma collection of passage vectors, through ``langchain-chroma``."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from crosscheck.errors import ConfigError
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


def chroma_client(persist_dir: Path | None, url: str | None = None) -> Any:
    """A Chroma client with telemetry off: a server when ``url`` is given, else on disk
    under ``persist_dir``, else in memory."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    if url:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ConfigError(f"--chroma-url must look like http://HOST:PORT, got {url!r}")
        port = parsed.port or (443 if parsed.scheme == "https" else 8000)
        try:
            return chromadb.HttpClient(
                host=parsed.hostname,
                port=port,
                ssl=parsed.scheme == "https",
                settings=settings,
            )
        except Exception as exc:  # chromadb raises plain ValueError/ConnectionError
            raise ConfigError(f"cannot reach the Chroma server at {url}: {exc}") from exc
    if persist_dir is None:
        return chromadb.EphemeralClient(settings=settings)
    persist_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(persist_dir), settings=settings)


IndexProgress = Callable[[int, int], None]


class VectorStore:
    """Passages upserted by content-hash ID: re-indexing the same text embeds nothing.

    The Chroma client is opened on first use, so building a pipeline imports no Chroma.
    """

    def __init__(
        self, embedder: Embedder, persist_dir: Path | None = None, *, url: str | None = None
    ) -> None:
        self.embedder = embedder
        self._persist_dir = persist_dir
        self._url = url
        self._store: Any = None

    @property
    def store(self) -> Any:
        if self._store is None:
            from langchain_chroma import Chroma

            # Our own embedding function is always passed, so Chroma's default (which
            # downloads a model) is never constructed.
            self._store = Chroma(
                collection_name=_collection_name(self.embedder),
                embedding_function=LangChainEmbeddings(self.embedder),
                client=chroma_client(self._persist_dir, self._url),
                collection_configuration={"hnsw": {"space": "cosine"}},
            )
        return self._store

    @property
    def collection(self) -> Any:
        return self.store._collection

    def count(self) -> int:
        return int(self.collection.count())

    def missing(self, ids: Sequence[str]) -> set[str]:
        present: set[str] = set()
        for i in range(0, len(ids), _BATCH):
            got = self.collection.get(ids=list(ids[i : i + _BATCH]), include=[])
            present.update(got["ids"])
        return set(ids) - present

    def upsert(self, passages: Sequence[Passage], progress: IndexProgress | None = None) -> int:
        """Embed and add the passages not stored yet; returns how many were added."""
        unique = {p.passage_id: p for p in passages}
        todo = [unique[i] for i in sorted(self.missing(list(unique)))]
        if progress is not None:
            progress(0, len(todo))
        for i in range(0, len(todo), _BATCH):
            batch = todo[i : i + _BATCH]
            self.store.add_texts(
                texts=[p.text for p in batch],
                metadatas=[_metadata(p) for p in batch],
                ids=[p.passage_id for p in batch],
            )
            if progress is not None:
                progress(i + len(batch), len(todo))
        return len(todo)

    def search(
        self,
        vectors: Sequence[Sequence[float]],
        *,
        k: int,
        doc_ids: Sequence[str] | None,
        exclude_doc_id: str | None,
        exclude_size: int | None = None,
        doc_of: Callable[[str], str | None] | None = None,
    ) -> list[list[DenseHit]]:
        """Per query vector, the nearest passages (one Chroma query), never from
        ``exclude_doc_id``; within ``doc_ids`` when given, else the whole collection.
        ``doc_of``: the caller's own passage-to-document lookup (then Chroma is not asked
        for the hits' metadata, 70% of a query's time on 200 articles).

        When the collection holds just the searchable documents (the usual case, and
        always for an archive) the filter is one ``$ne``, not a list of every document.
        With ``exclude_size`` (how many passages the excluded document has) there is no
        filter at all: a filtered query scans the collection's metadata (48 ms a query on
        600 articles, 18 ms on 200), an unfiltered one walks the vector index; that many
        more neighbours are asked for and the excluded document's are dropped here.
        """
        if doc_ids is None and exclude_size is not None:
            return self._search_unfiltered(vectors, k, exclude_doc_id, exclude_size, doc_of)
        if doc_ids is not None:
            allowed = [d for d in doc_ids if d != exclude_doc_id]
            if not allowed:
                return [[] for _ in vectors]
            where: dict[str, Any] | None = {"doc_id": {"$in": allowed}}
        else:
            where = {"doc_id": {"$ne": exclude_doc_id}} if exclude_doc_id else None
        if k <= 0 or not vectors:
            return [[] for _ in vectors]
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

    def _search_unfiltered(
        self,
        vectors: Sequence[Sequence[float]],
        k: int,
        exclude_doc_id: str | None,
        exclude_size: int,
        doc_of: Callable[[str], str | None] | None,
    ) -> list[list[DenseHit]]:
        if k <= 0 or not vectors:
            return [[] for _ in vectors]
        extra = exclude_size if exclude_doc_id else 0
        n = min(k + extra, self.count())
        if n <= 0:
            return [[] for _ in vectors]
        result = self.collection.query(
            query_embeddings=[list(v) for v in vectors],
            n_results=n,
            include=["distances"] if doc_of is not None else ["distances", "metadatas"],
        )
        metas = result.get("metadatas") or [None] * len(result["ids"])
        out: list[list[DenseHit]] = []
        for ids, distances, meta in zip(result["ids"], result["distances"], metas, strict=True):
            if doc_of is not None:
                docs = [doc_of(pid) for pid in ids]
            else:
                docs = [(m or {}).get("doc_id") for m in meta or [None] * len(ids)]
            hits = [
                DenseHit(passage_id=pid, similarity=1.0 - float(dist))
                for pid, dist, doc in zip(ids, distances, docs, strict=True)
                if not exclude_doc_id or doc != exclude_doc_id
            ]
            out.append(hits[:k])
        return out

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored vectors of ``ids`` (those present) as float32 arrays, fetched in batches
        (as stored: a list of Python floats per vector cost more than the fetch)."""
        out: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(ids))
        for i in range(0, len(unique), _BATCH):
            got = self.collection.get(ids=unique[i : i + _BATCH], include=["embeddings"])
            for pid, vec in zip(got["ids"], got["embeddings"], strict=True):
                out[pid] = np.asarray(vec, dtype=np.float32)
        return out


def _metadata(passage: Passage) -> dict[str, str | int]:
    return {
        "doc_id": passage.doc_id,
        "start": passage.start,
        "end": passage.end,
        "zone": passage.zone,
        "published": passage.published.isoformat() if passage.published else "",
    }
