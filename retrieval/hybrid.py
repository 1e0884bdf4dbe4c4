"""Hybrid retrieval: dense (Chroma) and lexical (BM25) lists, fused by RRF, then reranked."""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from pydantic import TypeAdapter

from crosscheck.models import Document, Frozen, Passage, ScoredPassage
from crosscheck.store import KeyValueStore
from retrieval.base import Embedder
from retrieval.embedder import cosine
from retrieval.fusion import reciprocal_rank_fusion
from retrieval.lexical import LexicalHit, LexicalIndex
from retrieval.passages import SentenceSplitter, make_passages, passages_for
from retrieval.vector_store import DenseHit, IndexProgress, VectorStore

_NUMBER = re.compile(r"\d[\d,.]*")
# How many candidates each retriever contributes per requested passage.
POOL_FACTOR = 3
# Rerank weights: semantic similarity leads; shared numbers and BM25 break ties.
W_DENSE, W_LEXICAL, W_NUMBERS = 0.75, 0.15, 0.10
# Bump when passage cutting changes: cached passages of the old rule are then ignored.
PASSAGES_VERSION = "passages.v1"
# Reader comments are shown for context but never decide a verdict: at most this many take
# one of a claim's k places, so they cannot crowd the articles' own passages out (on the
# seeds, five of a claim's eight passages were comments under one article).
MAX_COMMENTS = 2
PassagesAdapter = TypeAdapter(list[Passage])


class IndexStats(Frozen):
    documents: int
    passages: int
    added: int
    stored: int


class Query(Frozen):
    """What to look for, and the document (the claim's own) whose passages never count."""

    text: str
    exclude_doc_id: str | None = None
    #: The text whose vector searches the dense index and scores similarity, when not
    #: ``text``: a figure query widens the words BM25 matches ("killed dead died …") but its
    #: passages are measured against the claim itself (whose vector is already cached).
    dense_text: str | None = None


class HybridIndex:
    """Indexes a corpus's passages and retrieves evidence for a claim from other documents."""

    name = "hybrid-rrf.v1"

    def __init__(
        self,
        embedder: Embedder,
        persist_dir: Path | None = None,
        splitter: SentenceSplitter | None = None,
        *,
        query_embedder: Embedder | None = None,
        chroma_url: str | None = None,
        passage_cache: KeyValueStore | None = None,
    ) -> None:
        self.embedder = embedder
        # Queries are claim texts: a caching embedder spares the model on reruns.
        self.query_embedder = query_embedder or embedder
        self.store = VectorStore(embedder, persist_dir, url=chroma_url)
        self._splitter = splitter
        # Sentence splitting needs spaCy: cut each document once, keep its passages.
        self._passage_cache = passage_cache if splitter is None else None
        self._lexical_dir = persist_dir / "bm25" if persist_dir is not None else None
        self._passages: dict[str, Passage] = {}
        self._passage_numbers: dict[str, frozenset[str]] = {}
        # Passages per document: how many extra neighbours an unfiltered query asks for.
        self._per_doc: Counter[str] = Counter()
        # None: the collection holds exactly the searchable documents (no doc-id list).
        self._doc_ids: list[str] | None = []
        self._lexical = LexicalIndex([])

    def index(
        self, documents: Sequence[Document], progress: IndexProgress | None = None
    ) -> IndexStats:
        """Make ``documents`` the searchable set; embeds only passages not stored yet."""
        passages = self.cut(documents)
        added = self.store.upsert(passages, progress=progress)
        self._passages = {p.passage_id: p for p in passages}
        self._passage_numbers = {}
        self._per_doc = Counter(p.doc_id for p in passages)
        stored = self.store.count()
        exact = stored == len(self._passages)
        self._doc_ids = None if exact else [d.doc_id for d in documents]
        self._lexical = LexicalIndex.cached(list(self._passages.values()), self._lexical_dir)
        return IndexStats(
            documents=len(documents),
            passages=len(self._passages),
            added=added,
            stored=stored,
        )

    def cut(self, documents: Sequence[Document]) -> list[Passage]:
        """The documents' passages (each document cut once when a passage cache is set)."""
        cache = self._passage_cache
        if cache is None:
            return passages_for(documents, self._splitter)
        out: list[Passage] = []
        for document in documents:
            key = hashlib.sha256(
                "\x1f".join(
                    [
                        PASSAGES_VERSION,
                        document.doc_id,
                        document.sha256,
                        document.title or "",
                        str(document.published),
                    ]
                ).encode()
            ).hexdigest()
            raw = cache.get(key)
            if raw is not None:
                out.extend(PassagesAdapter.validate_json(raw))
                continue
            made = make_passages(document)
            cache.put(key, PassagesAdapter.dump_json(made).decode("utf-8"))
            out.extend(made)
        return out

    @property
    def passages(self) -> list[Passage]:
        return list(self._passages.values())

    def retrieve(
        self, query: str, *, k: int = 8, exclude_doc_id: str | None = None
    ) -> list[ScoredPassage]:
        return self.retrieve_many([Query(text=query, exclude_doc_id=exclude_doc_id)], k=k)[0]

    def retrieve_many(self, queries: Sequence[Query], *, k: int = 8) -> list[list[ScoredPassage]]:
        """Batched retrieval: one embedding call, one Chroma query per excluded document."""
        if not self._passages or not queries:
            return [[] for _ in queries]
        pool = k * POOL_FACTOR
        vectors = self.query_embedder.embed([q.dense_text or q.text for q in queries])
        by_exclusion: dict[str | None, list[int]] = defaultdict(list)
        for i, q in enumerate(queries):
            by_exclusion[q.exclude_doc_id].append(i)
        dense: list[list[DenseHit]] = [[] for _ in queries]
        for exclude, members in by_exclusion.items():
            hits = self._dense_hits([vectors[i] for i in members], pool, exclude)
            for i, found in zip(members, hits, strict=True):
                dense[i] = [h for h in found if h.passage_id in self._passages]
        lexical = [self._lexical_hits(q.text, pool, q.exclude_doc_id) for q in queries]
        # BM25-only hits need their vectors for the rerank: one Chroma fetch per batch.
        seen = [{h.passage_id for h in hits} for hits in dense]
        wanted = {
            h.passage.passage_id
            for hits, have in zip(lexical, seen, strict=True)
            for h in hits
            if h.passage.passage_id not in have
        }
        stored = self._stored_vectors(sorted(wanted)) if wanted else {}
        return [
            self._rerank(q, vectors[i], dense[i], lexical[i], stored, k=k)
            for i, q in enumerate(queries)
        ]

    # Where hits come from; an archive adds a second, read-only source (retrieval.archive).
    def _dense_hits(
        self, vectors: Sequence[Sequence[float]], pool: int, exclude: str | None
    ) -> list[list[DenseHit]]:
        return self.store.search(
            vectors,
            k=pool,
            doc_ids=self._doc_ids,
            exclude_doc_id=exclude,
            exclude_size=self._per_doc.get(exclude or "", 0),
            doc_of=self._doc_of,
        )

    def _doc_of(self, passage_id: str) -> str | None:
        passage = self._passages.get(passage_id)
        return passage.doc_id if passage is not None else None

    def _lexical_hits(self, text: str, pool: int, exclude: str | None) -> list[LexicalHit]:
        return self._lexical.search(text, k=pool, exclude_doc_id=exclude)

    def _stored_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        return self.store.vectors(ids)

    def _numbers(self, pid: str) -> frozenset[str]:
        """The numbers written in a passage: read once, asked for by every query it meets."""
        found = self._passage_numbers.get(pid)
        if found is None:
            found = frozenset(_NUMBER.findall(self._passages[pid].text))
            self._passage_numbers[pid] = found
        return found

    def _rerank(
        self,
        query: Query,
        vector: Sequence[float],
        dense: Sequence[DenseHit],
        lexical: Sequence[LexicalHit],
        stored: dict[str, np.ndarray],
        *,
        k: int,
    ) -> list[ScoredPassage]:
        fused = reciprocal_rank_fusion(
            [[h.passage_id for h in dense], [h.passage.passage_id for h in lexical]]
        )
        dense_sim = {h.passage_id: h.similarity for h in dense}
        for pid in fused:
            if pid not in dense_sim and pid in stored:
                dense_sim[pid] = cosine(vector, stored[pid])
        lex_score = {h.passage.passage_id: h.score for h in lexical}
        top_lex = max(lex_score.values(), default=0.0) or 1.0
        query_numbers = set(_NUMBER.findall(query.text))
        ranked = []
        for pid in fused:
            shared = (
                len(query_numbers & self._numbers(pid)) / len(query_numbers)
                if query_numbers
                else 0.0
            )
            dense_part = dense_sim.get(pid, 0.0)
            lexical_part = lex_score.get(pid, 0.0) / top_lex
            score = W_DENSE * dense_part + W_LEXICAL * lexical_part + W_NUMBERS * shared
            ranked.append((round(score, 6), pid, dense_part))
        ranked.sort(key=lambda r: (-r[0], r[1]))
        # Only the kept few become ScoredPassages: most fused candidates are dropped.
        kept: list[ScoredPassage] = []
        comments = 0
        for score, pid, dense_part in ranked:
            passage = self._passages[pid]
            if passage.zone == "comment":
                if comments >= MAX_COMMENTS:
                    continue
                comments += 1
            kept.append(
                ScoredPassage(
                    passage=passage,
                    score=score,
                    dense_score=round(dense_part, 6),
                    lexical_score=round(lex_score.get(pid, 0.0), 6),
                )
            )
            if len(kept) == k:
                break
        return kept
