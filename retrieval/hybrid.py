"""Hybrid retrieval: dense (Chroma) and lexical (BM25) lists, fused by RRF, then reranked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from crosscheck.models import Document, Frozen, Passage, ScoredPassage
from retrieval.base import Embedder
from retrieval.embedder import cosine
from retrieval.fusion import reciprocal_rank_fusion
from retrieval.lexical import LexicalIndex
from retrieval.passages import SentenceSplitter, passages_for
from retrieval.vector_store import VectorStore

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
        self._doc_ids: list[str] = []
        self._lexical = LexicalIndex([])

    def index(self, documents: Sequence[Document]) -> IndexStats:
        """Make ``documents`` the searchable set; embeds only passages not stored yet."""
        passages = passages_for(documents, self._splitter)
        added = self.store.upsert(passages)
        self._passages = {p.passage_id: p for p in passages}
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
        if not self._passages:
            return []
        pool = k * POOL_FACTOR
        query_vec = self.embedder.embed([query])[0]
        dense = [
            (pid, sim)
            for pid, sim in self.store.search(
                query_vec, k=pool, doc_ids=self._doc_ids, exclude_doc_id=exclude_doc_id
            )
            if pid in self._passages
        ]
        lexical = self._lexical.search(query, k=pool, exclude_doc_id=exclude_doc_id)
        fused = reciprocal_rank_fusion(
            [[pid for pid, _ in dense], [p.passage_id for p, _ in lexical]]
        )
        dense_sim = dict(dense)
        missing = [pid for pid in fused if pid not in dense_sim]
        for pid, vec in self.store.vectors(missing).items():
            dense_sim[pid] = cosine(query_vec, vec)
        lex_score = {p.passage_id: s for p, s in lexical}
        top_lex = max(lex_score.values(), default=0.0) or 1.0
        query_numbers = set(_NUMBER.findall(query))
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
