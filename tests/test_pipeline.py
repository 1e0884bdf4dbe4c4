from __future__ import annotations

from pathlib import Path

import pytest

from crosscheck.config import Settings
from crosscheck.errors import InputError
from crosscheck.models import Claim, Corpus, Document, SourceSpan
from crosscheck.pipeline import Pipeline, Progress
from crosscheck.store import KeyValueStore
from retrieval.embedder import HashingEmbedder
from retrieval.hybrid import HybridIndex
from tests.fakes import blank_reader, regex_splitter
from verification.engine import StanceVerifier
from verification.stance_models import OverlapStanceModel


class SentenceExtractor:
    """Every sentence with a digit is a claim: enough to drive the pipeline."""

    name = "fake-sentences.v1"

    def __init__(self) -> None:
        self.calls = 0

    def extract(self, document: Document) -> list[Claim]:
        self.calls += 1
        out = []
        for s in regex_splitter(document):
            if any(ch.isdigit() for ch in s.text):
                out.append(
                    Claim(
                        claim_id=Claim.make_id(document.doc_id, s.start, s.end, s.text),
                        doc_id=document.doc_id,
                        text=s.text,
                        source=SourceSpan(start=s.start, end=s.end, quote=s.text, zone=s.zone),
                        types=("numeric",),
                    )
                )
        return out


def _corpus() -> Corpus:
    return Corpus(
        documents=(
            Document.create(path="a.txt", text="Gunmen killed 130 people in Paris on Friday."),
            Document.create(
                path="b.txt", text="Gunmen killed 130 people in Paris on Friday night."
            ),
            Document.create(path="c.txt", text="The 2 cats slept all afternoon in the sun."),
        )
    )


def _pipeline(tmp_path: Path, extractor: SentenceExtractor | None = None) -> Pipeline:
    embedder = HashingEmbedder()
    return Pipeline(
        settings=Settings(data_dir=tmp_path),
        extractor=extractor or SentenceExtractor(),
        embedder=embedder,
        index=HybridIndex(embedder, tmp_path / "chroma", splitter=regex_splitter),
        verifier=StanceVerifier(OverlapStanceModel(), reader=blank_reader()),
        cache=KeyValueStore(tmp_path / "cache.sqlite3"),
    )


def test_run_produces_cited_verdicts_from_other_documents(tmp_path: Path) -> None:
    corpus = _corpus()
    events: list[Progress] = []
    report = _pipeline(tmp_path).run(corpus, progress=events.append)
    texts = {d.doc_id: d.text for d in corpus.documents}
    assert len(report.claims) == 3
    by_doc = {c.doc_id: c for c in report.claims}
    a = by_doc[corpus.documents[0].doc_id]
    assert a.verdict == "supported"
    assert a.evidence and all(e.doc_id != a.doc_id for e in a.evidence)
    for c in report.claims:
        assert (
            c.source is not None
            and texts[c.doc_id][c.source.start : c.source.end] == c.source.quote
        )
        for e in c.evidence:
            assert texts[e.doc_id][e.start : e.end] == e.quote
        if c.verdict not in ("not_enough_evidence", "not_checked"):
            assert any(e.stance != "neutral" for e in c.evidence)
    assert by_doc[corpus.documents[2].doc_id].verdict == "not_enough_evidence"
    assert {e.stage for e in events} >= {"extracting", "indexing", "verifying", "done"}
    assert report.pipeline["extractor"] == "fake-sentences.v1"


def test_rerun_uses_the_cache(tmp_path: Path) -> None:
    extractor = SentenceExtractor()
    first = _pipeline(tmp_path, extractor).run(_corpus())
    assert extractor.calls == 3
    again = _pipeline(tmp_path, extractor).run(_corpus())
    assert extractor.calls == 3  # nothing re-extracted
    assert [c.verdict for c in again.claims] == [c.verdict for c in first.claims]


def test_given_claims_with_passages_cite_inputs(tmp_path: Path) -> None:
    from claims.given import claim_from_text

    claim = claim_from_text(
        "Gunmen killed 130 people in Paris.",
        claim_id="c1",
        passages=["Weather was fine.", "Gunmen killed 130 people in Paris on Friday."],
    )
    report = _pipeline(tmp_path).run(Corpus(), claims=[claim])
    row = report.claims[0]
    assert row.claim_id == "c1" and row.doc_id is None
    assert row.verdict == "supported"
    cited = {e.doc_id for e in row.evidence if e.stance == "supports"}
    assert cited == {"input:1"}
    for e in row.evidence:
        source = claim.given_passages[int(e.doc_id.split(":")[1])]  # type: ignore[index]
        assert source[e.start : e.end] == e.quote


def test_claims_without_passages_need_a_corpus(tmp_path: Path) -> None:
    from claims.given import claim_from_text

    with pytest.raises(InputError):
        _pipeline(tmp_path).run(Corpus(), claims=[claim_from_text("Something happened.")])
