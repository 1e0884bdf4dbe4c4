"""Reruns that do nothing twice and memory that does not grow: the caches and filters."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from pytest import approx

from crosscheck.models import Document
from crosscheck.pipeline import Progress
from crosscheck.store import KeyValueStore
from crosscheck.timings import Timings
from retrieval.embedder import HashingEmbedder
from retrieval.hybrid import HybridIndex
from retrieval.lexical import LexicalIndex
from retrieval.passages import make_passages
from retrieval.vector_cache import CachedEmbedder, VectorCache
from tests.conftest import REPO_ROOT
from tests.fakes import regex_splitter


class CountingEmbedder:
    """A hashing embedder that counts the texts it is asked for."""

    def __init__(self) -> None:
        self.inner = HashingEmbedder(dim=64)
        self.name = self.inner.name
        self.asked: list[str] = []

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.asked.extend(texts)
        return self.inner.embed(texts)


def _docs(extra: str = "") -> list[Document]:
    return [
        Document.create(path="a.txt", text="Gunmen killed 130 people in Paris on Friday night."),
        Document.create(
            path="b.txt", text="At least 129 people died in the Paris attacks." + extra
        ),
        Document.create(path="c.txt", text="Rain fell over the Scottish highlands all week long."),
    ]


def test_cached_embedder_embeds_each_text_once_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "vectors.sqlite3"
    first = CountingEmbedder()
    vectors = CachedEmbedder(first, VectorCache(path)).embed(["a claim", "b claim", "a claim"])
    assert first.asked == ["a claim", "b claim"]
    assert vectors[0] == vectors[2]
    again = CountingEmbedder()
    reopened = CachedEmbedder(again, VectorCache(path))
    assert reopened.embed(["b claim", "a claim"]) == [vectors[1], vectors[0]]
    assert again.asked == []  # a rerun never reaches the model
    assert reopened.embed(["c claim", "a claim"])[1] == vectors[0]
    assert again.asked == ["c claim"]
    # float32 storage: the values equal the model's up to float32 rounding.
    expected = np.asarray(HashingEmbedder(dim=64).embed(["a claim"])[0], dtype=np.float32)
    assert np.array_equal(np.asarray(vectors[0], dtype=np.float32), expected)
    assert len(VectorCache(path)) == 3


def test_lexical_index_is_saved_once_and_reloaded(tmp_path: Path) -> None:
    passages = [p for d in _docs() for p in make_passages(d, regex_splitter)]
    built = LexicalIndex.cached(passages, tmp_path / "bm25")
    folders = list((tmp_path / "bm25").iterdir())
    assert len(folders) == 1
    stamp = folders[0].stat().st_mtime_ns
    loaded = LexicalIndex.cached(passages, tmp_path / "bm25")
    assert folders[0].stat().st_mtime_ns == stamp  # reused, not rewritten
    for query in ("people killed in Paris", "Scottish rain"):
        want = [(h.passage.passage_id, h.score) for h in built.search(query, k=3)]
        got = [(h.passage.passage_id, h.score) for h in loaded.search(query, k=3)]
        assert got == want and want
    # Another passage set gets its own index; the old one is kept for switching back.
    other = [p for d in _docs(" More.") for p in make_passages(d, regex_splitter)]
    LexicalIndex.cached(other, tmp_path / "bm25")
    assert len([f for f in (tmp_path / "bm25").iterdir() if f.is_dir()]) == 2


def test_exact_collection_is_searched_without_a_document_list(tmp_path: Path) -> None:
    docs = _docs()
    index = HybridIndex(HashingEmbedder(), tmp_path / "chroma", splitter=regex_splitter)
    index.index(docs)
    assert index._doc_ids is None  # the collection holds just these documents: `$ne` only
    fast = index.retrieve("130 people killed in Paris", k=3, exclude_doc_id=docs[0].doc_id)
    assert fast and all(h.passage.doc_id != docs[0].doc_id for h in fast)
    # The same query with the listed-documents filter finds the very same passages.
    index._doc_ids = [d.doc_id for d in docs]
    listed = index.retrieve("130 people killed in Paris", k=3, exclude_doc_id=docs[0].doc_id)
    assert listed == fast
    index.index(docs[:2])  # a smaller corpus in a bigger store falls back to the list
    assert index._doc_ids == [docs[0].doc_id, docs[1].doc_id]
    assert not hasattr(index, "_vectors")


def test_passages_are_cut_once_per_document(tmp_path: Path) -> None:
    calls: list[str] = []

    def counting(document: Document):  # type: ignore[no-untyped-def]
        calls.append(document.path)
        return regex_splitter(document)

    cache = KeyValueStore(tmp_path / "cache.sqlite3")
    index = HybridIndex(HashingEmbedder(), tmp_path / "chroma", passage_cache=cache)
    import retrieval.hybrid as hybrid

    original = hybrid.make_passages
    hybrid.make_passages = lambda d, s=None: original(d, counting)  # type: ignore[assignment]
    try:
        first = index.index(_docs())
        again = HybridIndex(HashingEmbedder(), tmp_path / "chroma", passage_cache=cache)
        second = again.index(_docs(" A new sentence about Raqqa and its 40 fighters."))
    finally:
        hybrid.make_passages = original
    assert calls == ["a.txt", "b.txt", "c.txt", "b.txt"]  # only the changed one again
    assert second.passages > first.passages and second.added >= 1


def test_index_reports_progress_in_batches(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    text = " ".join(f"Sentence number {i} says that {i} people came." for i in range(300))
    docs = [Document.create(path="big.txt", text=text)]
    index = HybridIndex(HashingEmbedder(), tmp_path / "chroma", splitter=regex_splitter)
    stats = index.index(docs, progress=lambda done, total: seen.append((done, total)))
    assert stats.added == 300
    assert seen == [(0, 300), (256, 300), (300, 300)]


def test_timings_attribute_time_to_stages() -> None:
    now = [0.0]
    timings = Timings(clock=lambda: now[0])
    for t, stage, done in [
        (0.1, "loading", 3),
        (2.0, "extracting", 1),
        (3.0, "extracting", 3),
        (3.5, "clustering", 0),
        (6.0, "clustering", 10),
        (9.0, "verifying", 1),
        (10.0, "verifying", 2),
    ]:
        now[0] = t
        timings(Progress(stage=stage, done=done, total=3))  # type: ignore[arg-type]
    rows = {r.stage: r for r in timings.stages()}
    # A stage starts at the previous event: its first event arrives after a batch.
    assert rows["extracting"].wall_s == approx(2.9) and rows["extracting"].first_batch_s == 1.9
    assert rows["clustering"].wall_s == approx(3.0) and rows["clustering"].first_batch_s == 3.0
    assert rows["verifying"].wall_s == approx(4.0) and rows["verifying"].first_batch_s == 3.0
    timings.span("imports", 0.5)
    text = timings.render(total_s=10.0)
    assert "imports" in text and "first batch 1.90s" in text and "wall" in text
    assert "imported:" in text


@pytest.mark.model
def test_spacy_loads_without_torch_and_torch_still_imports_later() -> None:
    code = (
        "import sys; from claims.nlp import load_nlp; "
        "doc = load_nlp()('Gunmen killed 130 people in Paris.'); "
        "before = 'torch' in sys.modules; import torch; "
        "print([e.text for e in doc.ents], before, torch.tensor([1]).item())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['130', 'Paris'] False 1"


def test_scale_bench_builds_distinct_redated_articles() -> None:
    from datetime import date

    from bench.scale import combined

    source = [Document.create(path=f"{i}.txt", text=f"Title {i}\n\nBody {i}.") for i in range(5)]
    built = combined(source, 12)
    assert len({d.sha256 for d in built}) == 12  # every combination is new
    assert built[0].text.startswith("Title 0\n\nBody 0.") and "Body 1." in built[0].text
    assert built[5].text.startswith("Title 0") and "Body 3." in built[5].text  # 5+1+37 mod 5
    assert built[3].published == date(2005, 1, 4)
