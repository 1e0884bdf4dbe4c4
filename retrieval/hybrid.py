"""Hybrid retrieval: dense (Chroma) and lexical (BM25) lists, fused by RRF, then reranked."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from crosscheck.models import Document, Frozen, Passage, ScoredPassage
from retrieval.base import Embedder
from retrieval.embedder import cosine
from retrieval.fusion import reciprocal_rank_fusion
from retrieval.lexical import LexicalIndex
from retrieval.passages import SentenceSplitter, passages_for
from retrieval.vector_store import DenseHit, VectorStore

_NUMBER = re.compile(r"\d[\d,.]*")
# How many candidates each retriever contributes per requested passage.
POOL_FACTOR = 3
# Rerank weights: semantic similarity leads; shared numbers and BM25 break ties.
W_DENSE, W_LEXICAL, W_NUMBERS = 0.75, 0.15, 0.10


class IndexStats(Frozen):
    documents: int
    passages: int
    added: int
    stored: int


class Query(Frozen):
    """What to look for, and the document (the claim's own) whose passages never count."""

    text: str
    exclude_doc_id: str | None = None


class HybridIndex:
    """Indexes a corpus's passages and retrieves evidence for a claim from other documents."""

    name = "hybrid-rrf.v1"

    def __init__(
        self,
        embedder: Embedder,
        persist_dir: Path | None = None,
        splitter: SentenceSplitter | None = None,
    ) -> None:
        self.embedder = embedder
        self.store = VectorStore(embedder, persist_dir)
        self._splitter = splitter
        self._passages: dict[str, Passage] = {}
        self._vectors: dict[str, list[float]] = {}
        self._doc_ids: list[str] = []
        self._lexical = LexicalIndex([])

    def index(self, documents: Sequence[Document]) -> IndexStats:
        """Make ``documents`` the searchable set; embeds only passages not stored yet."""
        passages = passages_for(documents, self._splitter)
        added = self.store.upsert(passages)
        self._passages = {p.passage_id: p for p in passages}
        # Kept in memory to rerank BM25-only hits without a Chroma round trip each.
        self._vectors = self.store.vectors(list(self._passages))
        self._doc_ids = [d.doc_id for d in documents]
        self._lexical = LexicalIndex(list(self._passages.values()))
        return IndexStats(
            documents=len(documents),
            passages=len(self._passages),
            added=added,
            stored=self.store.count(),
        )

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
        vectors = self.embedder.embed([q.text for q in queries])
        by_exclusion: dict[str | None, list[int]] = defaultdict(list)
        for i, q in enumerate(queries):
            by_exclusion[q.exclude_doc_id].append(i)
        dense: list[list[DenseHit]] = [[] for _ in queries]
        for exclude, members in by_exclusion.items():
            hits = self.store.search(
                [vectors[i] for i in members],
                k=pool,
                doc_ids=self._doc_ids,
                exclude_doc_id=exclude,
            )
            for i, found in zip(members, hits, strict=True):
                dense[i] = [h for h in found if h.passage_id in self._passages]
        return [
            self._rerank(q, vectors[i], dense[i], k=k, pool=pool) for i, q in enumerate(queries)
        ]

    def _rerank(
        self, query: Query, vector: Sequence[float], dense: Sequence[DenseHit], *, k: int, pool: int
    ) -> list[ScoredPassage]:
        lexical = self._lexical.search(query.text, k=pool, exclude_doc_id=query.exclude_doc_id)
        fused = reciprocal_rank_fusion(
            [[h.passage_id for h in dense], [h.passage.passage_id for h in lexical]]
        )
        dense_sim = {h.passage_id: h.similarity for h in dense}
        for pid in fused:
            if pid not in dense_sim and pid in self._vectors:
                dense_sim[pid] = cosine(vector, self._vectors[pid])
        lex_score = {h.passage.passage_id: h.score for h in lexical}
        top_lex = max(lex_score.values(), default=0.0) or 1.0
        query_numbers = set(_NUMBER.findall(query.text))
        scored = []
        for pid in fused:
            passage = self._passages[pid]
            numbers = set(_NUMBER.findall(passage.text))
            shared = len(query_numbers & numbers) / len(query_numbers) if query_numbers else 0.0
            dense_part = dense_sim.get(pid, 0.0)
            lexical_part = lex_score.get(pid, 0.0) / top_lex
            score = W_DENSE * dense_part + W_LEXICAL * lexical_part + W_NUMBERS * shared
            scored.append(
                ScoredPassage(
                    passage=passage,
                    score=round(score, 6),
                    dense_score=round(dense_part, 6),
                    lexical_score=round(lex_score.get(pid, 0.0), 6),
                )
            )
        scored.sort(key=lambda s: (-s.score, s.passage.passage_id))
        return scored[:k]
