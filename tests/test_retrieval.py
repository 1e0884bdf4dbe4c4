from __future__ import annotations

from pathlib import Path

import pytest

from crosscheck.models import Document, ZoneSpan
from retrieval.embedder import HashingEmbedder, MiniLMEmbedder, cosine
from retrieval.fusion import reciprocal_rank_fusion
from retrieval.hybrid import MAX_COMMENTS, HybridIndex, Query
from retrieval.lexical import LexicalIndex
from retrieval.passages import make_passages
from tests.fakes import FLOODS_QUERY, floods_articles, regex_splitter


def _docs() -> list[Document]:
    a = Document.create(
        path="a.txt",
        text="Gunmen killed 130 people in Paris on 13 November.\u00a0The city mourned.\n"
        "Islamic State claimed the attacks on Friday night.",
    )
    b = Document.create(
        path="b.txt",
        text="At least 129 people died in the Paris attacks.\nThe Bataclan was the worst hit.",
    )
    text_c = "Rain fell over the Scottish highlands all week long.\nBoilerplate Share Tweet"
    c = Document.create(
        path="c.txt",
        text=text_c,
        zones=(
            ZoneSpan(start=0, end=53, zone="body"),
            ZoneSpan(start=53, end=len(text_c), zone="boilerplate"),
        ),
    )
    return [a, b, c]


def test_passages_keep_exact_offsets_and_skip_boilerplate() -> None:
    for doc in _docs():
        passages = make_passages(doc, regex_splitter)
        assert passages, doc.path
        for p in passages:
            assert doc.text[p.start : p.end] == p.text
            assert p.zone != "boilerplate"
    # The short "The city mourned." is merged with a neighbour rather than standing alone.
    a = make_passages(_docs()[0], regex_splitter)
    assert all(len(p.text) >= 30 for p in a[:-1])


def test_rrf_rewards_agreement() -> None:
    scores = reciprocal_rank_fusion([["x", "y", "z"], ["y", "x"]])
    assert scores["x"] == pytest.approx(scores["y"])
    assert scores["x"] > scores["z"]


def test_lexical_excludes_own_document() -> None:
    docs = _docs()
    passages = [p for d in docs for p in make_passages(d, regex_splitter)]
    index = LexicalIndex(passages)
    hits = index.search("Paris attacks people killed", k=5, exclude_doc_id=docs[1].doc_id)
    assert hits
    assert all(h.passage.doc_id != docs[1].doc_id for h in hits)


def test_hybrid_retrieves_from_other_documents_only(tmp_path: Path) -> None:
    docs = _docs()
    index = HybridIndex(HashingEmbedder(), tmp_path / "chroma", splitter=regex_splitter)
    index.index(docs)
    hits = index.retrieve("130 people killed in Paris", k=3, exclude_doc_id=docs[0].doc_id)
    assert hits
    assert all(h.passage.doc_id != docs[0].doc_id for h in hits)
    assert "129" in hits[0].passage.text
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_reindexing_is_idempotent_and_persists(tmp_path: Path) -> None:
    docs = _docs()
    first = HybridIndex(HashingEmbedder(), tmp_path / "chroma", splitter=regex_splitter)
    stats = first.index(docs)
    assert stats.added == stats.passages > 0
    again = first.index(docs)
    assert again.added == 0
    assert again.stored == stats.stored
    reopened = HybridIndex(HashingEmbedder(), tmp_path / "chroma", splitter=regex_splitter)
    third = reopened.index(docs)
    assert third.added == 0 and third.stored == stats.stored
    # One changed document adds only its own passages.
    changed = Document.create(path="b.txt", text=docs[1].text + "\nA new sentence about Raqqa.")
    fourth = reopened.index([docs[0], changed, docs[2]])
    assert 0 < fourth.added <= 2


def test_retrieval_stays_within_current_corpus(tmp_path: Path) -> None:
    docs = _docs()
    index = HybridIndex(HashingEmbedder(), tmp_path / "chroma", splitter=regex_splitter)
    index.index(docs)
    index.index(docs[:1])  # a smaller corpus in the same store
    hits = index.retrieve("Paris attacks", k=5)
    assert {h.passage.doc_id for h in hits} <= {docs[0].doc_id}


@pytest.mark.model
def test_minilm_embeds_meaning() -> None:
    embedder = MiniLMEmbedder()
    a, b, c = embedder.embed(
        [
            "130 people were murdered in Paris.",
            "The Paris attacks killed at least 129 people.",
            "The recipe needs two cups of flour.",
        ]
    )
    assert len(a) == 384
    assert cosine(a, a) == pytest.approx(1.0, abs=1e-4)
    assert cosine(a, b) > cosine(a, c) + 0.2


def test_embedding_cache_eviction_within_a_batch_loses_no_vector() -> None:
    """A batch of cached and new texts: storing the new ones evicts cached ones (a KeyError
    at 2,000 articles); every text still gets its own vector, in order."""
    import numpy as np

    from retrieval.embedder import MiniLMEmbedder

    embedder = MiniLMEmbedder(cache_size=4)
    calls: list[list[str]] = []

    def encode(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return np.array([[float(len(t)), 1.0] for t in texts])

    embedder._encode = encode  # type: ignore[method-assign]
    embedder.embed(["a", "bb", "ccc"])
    out = embedder.embed(["a", "dddd", "eeeee", "bb"])
    assert [v[0] for v in out] == [1.0, 4.0, 5.0, 2.0]
    assert calls[-1] == ["dddd", "eeeee"]


def test_a_passage_never_spans_the_header_furniture() -> None:
    from corpus.loader import load_bytes

    text = (
        "Toll rises to 18\nNorthern Wire\n4 March 2024\n\n"
        "The death toll rose to 18 on Monday, the governor said."
    )
    doc = load_bytes("toll.txt", text.encode("utf-8"))
    quotes = [p.text for p in make_passages(doc)]
    assert quotes == ["Toll rises to 18", "The death toll rose to 18 on Monday, the governor said."]
    assert all(doc.text[p.start : p.end] == p.text for p in make_passages(doc))


def test_reader_comments_never_crowd_out_the_articles_passages(tmp_path: Path) -> None:
    # Comments repeating the query's words outrank the article's own sentence, but they never
    # decide a verdict: at most MAX_COMMENTS of them take one of the k places.
    body = "Officials said 130 people were killed in the Paris attacks on Friday night.\n"
    comments = "".join(
        f"Comment {i}: 130 people killed in the Paris attacks, a terrible night for Paris.\n"
        for i in range(6)
    )
    text = body + comments
    doc = Document.create(
        path="story.txt",
        text=text,
        zones=(
            ZoneSpan(start=0, end=len(body), zone="body"),
            ZoneSpan(start=len(body), end=len(text), zone="comment"),
        ),
    )
    other = Document.create(path="asker.txt", text="Rain fell over Paris.")
    index = HybridIndex(HashingEmbedder(), tmp_path / "chroma", splitter=regex_splitter)
    index.index([doc, other])
    hits = index.retrieve("130 people killed in the Paris attacks", k=3)
    zones = [h.passage.zone for h in hits]
    assert zones.count("comment") == MAX_COMMENTS
    assert "body" in zones
    assert len(hits) == 3


def test_the_asking_articles_own_passages_never_take_the_places_of_others(
    tmp_path: Path,
) -> None:
    # The asking article's sentences are the claim's nearest neighbours; the dense query is
    # unfiltered (a filtered one scans the collection), so it must fetch past all of them.
    own, other = floods_articles()
    index = HybridIndex(HashingEmbedder(), tmp_path / "chroma", splitter=regex_splitter)
    index.index([own, other])
    dense = index._dense_hits(
        index.query_embedder.embed([FLOODS_QUERY]),
        2,
        own.doc_id,
    )[0]
    assert len(dense) == 2
    assert {index._passages[h.passage_id].doc_id for h in dense} == {other.doc_id}


def test_a_figure_query_is_scored_against_the_claim_itself(tmp_path: Path) -> None:
    # BM25 reads the widened words; similarity (the verifier's relevance) is the claim's.
    docs = _docs()
    embedder = HashingEmbedder()
    index = HybridIndex(embedder, tmp_path / "chroma", splitter=regex_splitter)
    index.index(docs)
    claim = "130 people killed in Paris"
    widened = claim + " dead died deaths murdered victims toll"
    hits = index.retrieve_many(
        [Query(text=widened, exclude_doc_id=docs[0].doc_id, dense_text=claim)], k=3
    )[0]
    assert hits
    want = embedder.embed([claim])[0]
    for h in hits:
        vec = embedder.embed([h.passage.text])[0]
        assert h.dense_score == pytest.approx(cosine(want, vec), abs=1e-4)
