"""Archive mode: a newsroom's past articles indexed once, new articles checked against it.

``crosscheck index ARCHIVE_DIR --data-dir D`` embeds the archive's passages into D's Chroma
collection, keeps each document (text for citation checks) and its passages in
``D/archive.sqlite3`` and builds the archive's BM25 index once; indexing again adds only
new or changed articles. ``crosscheck check NEW_DIR --archive D`` searches the archive
read-only and the new articles (an in-memory collection) together.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from pydantic import TypeAdapter

from crosscheck.models import Document, DocumentInfo, Passage
from crosscheck.store import KeyValueStore, open_sqlite
from retrieval.base import Embedder
from retrieval.hybrid import HybridIndex, IndexStats
from retrieval.lexical import LexicalHit, LexicalIndex
from retrieval.passages import SentenceSplitter
from retrieval.vector_store import DenseHit, IndexProgress, VectorStore

PassagesAdapter = TypeAdapter(list[Passage])
ARCHIVE_FILE = "archive.sqlite3"


class Archive:
    """The archive's documents and passages in one SQLite file under the data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / ARCHIVE_FILE
        self._conn = open_sqlite(
            self.path,
            "CREATE TABLE IF NOT EXISTS documents (doc_id TEXT PRIMARY KEY, sha256 TEXT,"
            " info TEXT, text TEXT, passages TEXT)",
        )
        self._lock = threading.Lock()

    def known(self) -> dict[str, str]:
        """doc_id -> sha256 of every archived document."""
        with self._lock:
            rows = self._conn.execute("SELECT doc_id, sha256 FROM documents").fetchall()
        return {str(d): str(s) for d, s in rows}

    def add(self, document: Document, passages: Sequence[Passage]) -> None:
        with self._lock, self._conn:
            self._conn.execute(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?)",
                (
                    document.doc_id,
                    document.sha256,
                    document.info().model_dump_json(),
                    document.text,
                    PassagesAdapter.dump_json(list(passages)).decode("utf-8"),
                ),
            )

    def passages(self) -> list[Passage]:
        with self._lock:
            rows = self._conn.execute("SELECT passages FROM documents ORDER BY doc_id").fetchall()
        return [p for (raw,) in rows for p in PassagesAdapter.validate_json(raw)]

    def text(self, doc_id: str) -> str | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT text FROM documents WHERE doc_id = ?", (doc_id,)
            ).fetchone()
        return None if row is None else str(row[0])

    def info(self, doc_ids: Sequence[str]) -> list[DocumentInfo]:
        out = []
        with self._lock:
            for doc_id in dict.fromkeys(doc_ids):
                row = self._conn.execute(
                    "SELECT info FROM documents WHERE doc_id = ?", (doc_id,)
                ).fetchone()
                if row is not None:
                    out.append(DocumentInfo.model_validate_json(row[0]))
        return out

    def __len__(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])


class ArchiveStats(IndexStats):
    skipped_unchanged: int


def index_archive(
    documents: Sequence[Document],
    data_dir: Path,
    embedder: Embedder,
    *,
    passage_cache: KeyValueStore | None = None,
    splitter: SentenceSplitter | None = None,
    chroma_url: str | None = None,
    progress: IndexProgress | None = None,
) -> ArchiveStats:
    """Add ``documents`` to the archive in ``data_dir``: only new or changed ones are cut
    and embedded; the archive's BM25 index is rebuilt once at the end."""
    archive = Archive(data_dir)
    known = archive.known()
    todo = [d for d in documents if known.get(d.doc_id) != d.sha256]
    cutter = HybridIndex(embedder, None, splitter, passage_cache=passage_cache)
    store = VectorStore(embedder, data_dir / "chroma", url=chroma_url)
    added = 0
    # Per batch of documents: the archive table never lists a passage Chroma lacks.
    batch = 64
    total = len(todo)
    if progress is not None:
        progress(0, total)
    for start in range(0, total, batch):
        chunk = todo[start : start + batch]
        passages = cutter.cut(chunk)
        added += store.upsert(passages)
        by_doc: dict[str, list[Passage]] = {d.doc_id: [] for d in chunk}
        for p in passages:
            by_doc[p.doc_id].append(p)
        for document in chunk:
            archive.add(document, by_doc[document.doc_id])
        if progress is not None:
            progress(start + len(chunk), total)
    everything = archive.passages()
    LexicalIndex.cached(everything, data_dir / "chroma" / "bm25")
    return ArchiveStats(
        documents=len(archive),
        passages=len(everything),
        added=added,
        stored=store.count(),
        skipped_unchanged=len(documents) - len(todo),
    )


class ArchiveIndex(HybridIndex):
    """Searches an indexed archive (read-only) and the articles being checked together."""

    name = "hybrid-rrf.v1+archive"

    def __init__(
        self,
        embedder: Embedder,
        data_dir: Path,
        splitter: SentenceSplitter | None = None,
        *,
        query_embedder: Embedder | None = None,
        chroma_url: str | None = None,
        passage_cache: KeyValueStore | None = None,
    ) -> None:
        # The new articles: an in-memory collection and BM25 of their own.
        super().__init__(
            embedder, None, splitter, query_embedder=query_embedder, passage_cache=passage_cache
        )
        self.archive = Archive(data_dir)
        self.archive_store = VectorStore(embedder, data_dir / "chroma", url=chroma_url)
        self._archive_bm25_dir = data_dir / "chroma" / "bm25"
        self._archive_lexical: LexicalIndex | None = None
        self._archive_ids: set[str] = set()
        self._archive_passages: dict[str, Passage] = {}
        # Passages per archived article: a new article has none there, so the archive's
        # dense query needs no filter at all (see VectorStore.search).
        self._archive_per_doc: Counter[str] = Counter()

    def index(
        self, documents: Sequence[Document], progress: IndexProgress | None = None
    ) -> IndexStats:
        new = super().index(documents, progress=progress)
        if self._archive_lexical is None:
            archived = self.archive.passages()
            self._archive_lexical = LexicalIndex.cached(archived, self._archive_bm25_dir)
            self._archive_ids = {p.passage_id for p in archived}
            self._archive_passages = {p.passage_id: p for p in archived}
            self._archive_per_doc = Counter(p.doc_id for p in archived)
        own = dict(self._passages)
        self._passages = {**self._archive_passages, **own}
        return IndexStats(
            documents=len(documents) + len(self.archive),
            passages=len(self._passages),
            added=new.added,
            stored=new.stored + len(self._archive_ids),
        )

    def _dense_hits(
        self, vectors: Sequence[Sequence[float]], pool: int, exclude: str | None
    ) -> list[list[DenseHit]]:
        local = super()._dense_hits(vectors, pool, exclude)
        if not self._archive_ids:
            return local
        where = self.archive_store.search(
            vectors,
            k=pool,
            doc_ids=None,
            exclude_doc_id=exclude,
            exclude_size=self._archive_per_doc.get(exclude or "", 0),
            doc_of=self._doc_of,
        )
        return [
            sorted(a + b, key=lambda h: (-h.similarity, h.passage_id))[:pool]
            for a, b in zip(local, where, strict=True)
        ]

    def _lexical_hits(self, text: str, pool: int, exclude: str | None) -> list[LexicalHit]:
        # Two BM25 indexes: raw scores merged (their IDFs differ little once the archive is
        # large; the new articles are a handful).
        hits = super()._lexical_hits(text, pool, exclude)
        if self._archive_lexical is not None:
            hits = hits + self._archive_lexical.search(text, k=pool, exclude_doc_id=exclude)
        hits.sort(key=lambda h: (-h.score, h.passage.passage_id))
        return hits[:pool]

    def _stored_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        archived = [i for i in ids if i in self._archive_ids]
        found = self.archive_store.vectors(archived) if archived else {}
        rest = [i for i in ids if i not in found]
        return {**found, **(super()._stored_vectors(rest) if rest else {})}
