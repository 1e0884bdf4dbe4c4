"""Bounded work per input: the hostile corpora of issue 14, generated here.

Each corpus is two ordinary articles beside one bad file; the run must go on, the bad file
must cost bounded work, and nothing it holds may become a giant claim or a passage.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from claims.offline import MAX_CLAIM_CHARS, OfflineClaimExtractor
from corpus.loader import load_bytes, load_corpus
from corpus.prose import is_prose
from corpus.sentences import MAX_SENTENCE_CHARS, split_text
from corpus.zones import detect_zones
from crosscheck.config import Settings
from crosscheck.models import Corpus
from crosscheck.pipeline import Pipeline
from crosscheck.store import KeyValueStore
from retrieval.embedder import HashingEmbedder
from retrieval.hybrid import HybridIndex
from retrieval.passages import make_passages
from tests.fakes import blank_reader
from verification.engine import StanceVerifier
from verification.stance_models import OverlapStanceModel

ARTICLE_A = (
    "Harbour strike ends after nine days\n\n"
    "Dock workers in Port Alba voted on Tuesday to end a strike that lasted nine days. "
    "The union said 1,200 members took part in the vote. "
    "Shipping companies reported losses of about 4 million euros.\n"
)
ARTICLE_B = (
    "Port Alba returns to work\n\n"
    "The strike at Port Alba lasted eleven days, according to the port authority. "
    "About 1,200 dock workers voted to return to work on Tuesday. "
    "The mayor said the city lost tourism revenue during the dispute.\n"
)
_WORDS = [
    "harbour",
    "strike",
    "union",
    "vote",
    "port",
    "workers",
    "ship",
    "cargo",
    "crane",
    "quay",
    "tide",
    "pier",
]


def _words(chars: int, seed: int = 0) -> str:
    """Lowercase words separated by spaces, no sentence punctuation, ``chars`` long."""
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < chars:
        word = rng.choice(_WORDS)
        out.append(word)
        size += len(word) + 1
    return " ".join(out)[:chars]


def _corpus_with(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    (folder / name).write_bytes(data)
    return folder


def _code_block_markdown(lines: int) -> str:
    code = "\n".join(
        f"    value_{i} = compute(value_{i - 1}, {i}) + offset"
        f"  # step {i} of the harbour schedule, see docs"
        for i in range(lines)
    )
    return (
        "# Release notes\n\n"
        "The new version of the harbour scheduler was released on Monday. "
        "It handles 40 ships a day.\n\n"
        f"```python\n{code}\n```\n\n"
        "The port authority said the scheduler cut waiting times by 12 percent.\n"
    )


def _pipeline(tmp_path: Path, extractor: object, **settings: object) -> Pipeline:
    embedder = HashingEmbedder()
    return Pipeline(
        settings=Settings(data_dir=tmp_path / "data", **settings),  # type: ignore[arg-type]
        extractor=extractor,  # type: ignore[arg-type]
        embedder=embedder,
        index=HybridIndex(embedder, tmp_path / "data" / "chroma"),
        verifier=StanceVerifier(OverlapStanceModel(), reader=blank_reader()),
        cache=KeyValueStore(tmp_path / "data" / "cache.sqlite3"),
    )


# --- non-prose is set aside -------------------------------------------------------------


def test_a_long_line_without_punctuation_is_set_aside_not_one_sentence() -> None:
    text = "A short opening sentence about the port. " + _words(1_100_000) + "\n\nThe end came."
    zones = detect_zones(text)
    run = next(z for z in zones if z.end - z.start > 1_000_000)
    assert run.zone == "boilerplate"
    sentences = split_text(text, doc_id="d", zones=zones)
    assert max(s.end - s.start for s in sentences) <= MAX_SENTENCE_CHARS
    assert all(s.text == text[s.start : s.end] for s in sentences)


def test_sentences_are_bounded_even_when_lines_merge() -> None:
    # Lowercase lines continue the sentence above: without a bound this is one sentence.
    text = "\n".join(_words(70, seed=i) for i in range(3_000))
    sentences = split_text(text, doc_id="d")
    assert len(sentences) > 50
    assert max(len(s.text) for s in sentences) <= MAX_SENTENCE_CHARS
    assert all(s.text == text[s.start : s.end] for s in sentences)


def test_a_file_that_is_only_a_long_line_is_skipped_with_a_reason(tmp_path: Path) -> None:
    folder = _corpus_with(tmp_path, "line.txt", _words(1_100_000).encode())
    corpus = load_corpus(folder)
    assert [d.path for d in corpus.documents] == ["a.txt", "b.txt"]
    [skipped] = corpus.skipped
    assert skipped.path == "line.txt"
    assert "no prose" in skipped.reason


@pytest.mark.model
def test_long_line_inside_an_article_does_not_crash_extraction(tmp_path: Path) -> None:
    """spaCy raised E088 on the 1.1 MB "sentence"; now it is set aside before parsing."""
    text = ARTICLE_A + "\n" + _words(1_100_000) + "\n\n" + ARTICLE_B
    folder = _corpus_with(tmp_path, "mixed.txt", text.encode())
    corpus = load_corpus(folder)
    extractor = OfflineClaimExtractor()
    claims = [c for d in corpus.documents for c in extractor.extract(d)]
    assert claims
    assert max(len(c.source.quote) for c in claims if c.source) <= MAX_CLAIM_CHARS
    mixed = next(d for d in corpus.documents if d.path == "mixed.txt")
    assert any(c.doc_id == mixed.doc_id for c in claims)


@pytest.mark.model
@pytest.mark.slow
def test_two_megabyte_code_block_is_neither_parsed_nor_a_claim(tmp_path: Path) -> None:
    text = _code_block_markdown(20_000)
    assert len(text.encode()) > 2_000_000
    folder = _corpus_with(tmp_path, "notes.md", text.encode())
    corpus = load_corpus(folder)
    notes = next(d for d in corpus.documents if d.path == "notes.md")
    started = time.perf_counter()
    claims = OfflineClaimExtractor().extract(notes)
    assert time.perf_counter() - started < 60
    assert claims, "the prose around the code block still yields claims"
    assert all(len(c.text) <= MAX_CLAIM_CHARS + 200 for c in claims)
    assert all("compute(" not in c.text for c in claims)
    assert all("compute(" not in p.text for p in make_passages(notes))


@pytest.mark.model
def test_200_kb_code_block_is_not_a_claim(tmp_path: Path) -> None:
    text = _code_block_markdown(1_800)
    assert 150_000 < len(text) < 250_000
    document = load_bytes("notes.md", text.encode())
    claims = OfflineClaimExtractor().extract(document)
    assert claims
    assert max(len(c.text) for c in claims) < 400
    assert all("compute(" not in c.text for c in claims)


def _figures_table(rows: int) -> str:
    rng = random.Random(3)
    lines = ["2015-11-13  130  368  89  1,500"]
    for i in range(rows):
        lines.append(
            f"2016-{1 + i % 12:02d}-{1 + i % 28:02d}  {rng.randint(1, 999)}  "
            f"{rng.randint(1, 9999)}  {rng.randint(1, 99)}  {rng.randint(1, 99_999):,}"
        )
    return "\n".join(lines) + "\n"


def test_numbers_only_file_is_skipped_and_changes_no_verdict(tmp_path: Path) -> None:
    """A 20 KB table of figures was one claim and refuted another article's claim."""
    table = _figures_table(700)
    assert len(table) > 20_000
    assert not is_prose(table)
    folder = _corpus_with(tmp_path, "figures.txt", table.encode())
    corpus = load_corpus(folder)
    assert [s.path for s in corpus.skipped] == ["figures.txt"]
    assert "no prose" in corpus.skipped[0].reason
    plain = Corpus(documents=corpus.documents)
    from tests.test_pipeline import SentenceExtractor

    with_table = _pipeline(tmp_path / "one", SentenceExtractor()).run(corpus)
    without = _pipeline(tmp_path / "two", SentenceExtractor()).run(plain)
    assert [(c.claim_id, c.verdict) for c in with_table.claims] == [
        (c.claim_id, c.verdict) for c in without.claims
    ]
    assert [s.path for s in with_table.skipped] == ["figures.txt"]


def test_a_table_inside_an_article_is_never_a_passage() -> None:
    text = ARTICLE_A + "\n" + _figures_table(40) + "\n" + ARTICLE_B
    document = load_bytes("a.txt", text.encode())
    passages = make_passages(document)
    assert passages
    assert all("2016-" not in p.text for p in passages)
    assert any("1,200 members" in p.text for p in passages)


# --- a document that would yield an absurd number of claims -----------------------------


def _prose(chars: int) -> str:
    rng = random.Random(5)
    places = ["Port Alba", "Calder", "Norwick", "Easthaven", "Brill"]
    out: list[str] = []
    size = 0
    while size < chars:
        n = rng.randint(2, 9_000)
        sentence = (
            f"In {rng.choice(places)} the council said {n:,} residents signed the petition "
            f"on day {rng.randint(1, 300)}. "
        )
        out.append(sentence)
        size += len(sentence)
        if len(out) % 8 == 0:
            out.append("\n\n")
    return "".join(out)[:chars]


def test_claims_per_document_are_capped_with_a_warning(tmp_path: Path) -> None:
    from tests.test_pipeline import SentenceExtractor

    many = "\n".join(f"Item {i} cost {i} euros." for i in range(60))
    corpus = Corpus(documents=(load_bytes("many.txt", many.encode()),))
    report = _pipeline(tmp_path, SentenceExtractor(), max_claims_per_document=25).run(corpus)
    assert len(report.claims) == 25
    assert any("many.txt" in w and "only the first 25" in w for w in report.warnings)
    from reports.html_export import report_to_html
    from reports.markdown_export import report_to_markdown

    assert "only the first 25" in report_to_markdown(report)
    assert "only the first 25" in report_to_html(report)


@pytest.mark.model
@pytest.mark.slow
def test_five_megabyte_prose_file_costs_bounded_work(tmp_path: Path) -> None:
    """4,999,999 bytes of prose: 52,632 claims and a SIGSEGV before; now capped."""
    text = _prose(4_999_999)
    assert len(text.encode()) == 4_999_999
    document = load_bytes("long.txt", text.encode())
    extractor = OfflineClaimExtractor()
    pipeline = _pipeline(tmp_path, extractor)
    started = time.perf_counter()
    claims = pipeline.extract(document)
    elapsed = time.perf_counter() - started
    assert len(claims) == pipeline.settings.max_claims_per_document
    warnings = pipeline._warnings
    assert any("only the first 2,000 were read" in w for w in warnings), warnings
    assert any("only the first 1,000 are checked" in w for w in warnings), warnings
    assert elapsed < 120


def test_vectors_of_a_huge_document_are_read_in_batches(tmp_path: Path) -> None:
    """A 5 MB article has ~50,000 passages: one Chroma get of them all failed with
    "too many SQL variables" (exit 1 after minutes of embedding)."""
    from retrieval.vector_store import VectorStore

    store = VectorStore(HashingEmbedder(), tmp_path / "chroma")
    document = load_bytes("a.txt", ARTICLE_A.encode())
    passages = make_passages(document)
    store.upsert(passages)
    wanted = [p.passage_id for p in passages] + [f"psg-missing-{i}" for i in range(40_000)]
    vectors = store.vectors(wanted)
    assert set(vectors) == {p.passage_id for p in passages}
