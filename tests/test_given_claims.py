"""Claims someone asks about (``--claims``, the Ask box) are always checked (issue 11, point 8).

A pipeline of fakes around the real StanceVerifier (with a fixed fake stance model): an
opinion-looking typed claim is checked like any other, while an opinion extracted from an
article is still kept unchecked.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from claims.given import claim_from_text
from crosscheck.config import Settings
from crosscheck.models import Claim, Corpus, Document, SourceSpan, StanceScores
from crosscheck.pipeline import Pipeline
from crosscheck.store import KeyValueStore
from retrieval.embedder import HashingEmbedder
from retrieval.hybrid import HybridIndex
from tests.fakes import regex_splitter
from verification.engine import StanceVerifier

pytestmark = pytest.mark.model  # the real verifier reads names with spaCy

OPINION = "I think the bridge is a waste of money"
STORY = (
    "Fairview town council met on Tuesday evening. "
    "The council voted 7 to 2 to approve the bridge over the Fair river. "
    "The bridge will cost 95 million dollars, the mayor said. "
    "Some residents called the bridge a waste of money."
)


class FixedStanceModel:
    name = "fixed-stance.v1"

    def __init__(self) -> None:
        self.calls = 0

    def predict(self, premises: Sequence[str], hypotheses: Sequence[str]) -> list[StanceScores]:
        self.calls += len(premises)
        return [StanceScores(supports=0.1, refutes=0.1, neutral=0.8) for _ in premises]


class NoExtractor:
    """Given claims only: extraction must never be asked."""

    name = "no-extractor.v1"

    def extract(self, document: Document) -> list[Claim]:
        raise AssertionError("given claims are not extracted")


def _corpus() -> Corpus:
    return Corpus(
        documents=(
            Document.create(
                path="fairview-council.txt",
                text=STORY,
                title="Fairview council approves bridge",
                published=date(2021, 3, 4),
            ),
        )
    )


def _pipeline(
    tmp_path: Path, model: FixedStanceModel | None = None
) -> tuple[Pipeline, FixedStanceModel]:
    """Given claims through the real pipeline, with ``model`` as the stance signal."""
    embedder = HashingEmbedder()
    model = model or FixedStanceModel()
    pipeline = Pipeline(
        settings=Settings(data_dir=tmp_path),
        extractor=NoExtractor(),
        embedder=embedder,
        index=HybridIndex(embedder, tmp_path / "chroma", splitter=regex_splitter),
        verifier=StanceVerifier(model, embedder=None),
        cache=KeyValueStore(tmp_path / "cache.sqlite3"),
    )
    return pipeline, model


def test_the_typed_text_reads_as_an_opinion() -> None:
    # The premise of every test below: this text is typed "opinion" by the claim typer.
    claim = claim_from_text(OPINION)
    assert "opinion" in claim.types
    assert claim.doc_id is None
    assert not claim.is_opinion  # asked about, so checked


def test_ask_box_opinion_is_checked(tmp_path: Path) -> None:
    pipeline, model = _pipeline(tmp_path)
    row = pipeline.check_text(OPINION, _corpus())
    assert row.verdict != "not_checked"
    assert model.calls > 0  # the passages were actually judged
    assert row.evidence


def test_given_opinion_with_passages_is_checked(tmp_path: Path) -> None:
    pipeline, model = _pipeline(tmp_path)
    claim = claim_from_text(
        OPINION,
        claim_id="c1",
        passages=["Some residents called the bridge a waste of money.", "The weather was fine."],
    )
    report = pipeline.run(Corpus(), claims=[claim])
    row = report.claims[0]
    assert row.claim_id == "c1"
    assert row.verdict != "not_checked"
    assert model.calls > 0
    assert {e.doc_id for e in row.evidence} <= {"input:0", "input:1"}
    assert row.evidence


def test_given_opinion_without_passages_is_checked_against_the_corpus(tmp_path: Path) -> None:
    pipeline, _ = _pipeline(tmp_path)
    corpus = _corpus()
    report = pipeline.run(corpus, claims=[claim_from_text(OPINION, claim_id="c2")])
    row = report.claims[0]
    assert row.verdict != "not_checked"
    assert row.evidence
    assert {e.doc_id for e in row.evidence} == {corpus.documents[0].doc_id}


def test_opinion_framed_typed_figure_is_decided(tmp_path: Path) -> None:
    # Checked, not just labelled otherwise: an opinion-framed figure gets a real verdict.
    pipeline, _ = _pipeline(tmp_path)
    claim = claim_from_text(
        "I think the bridge will cost 48 million dollars",
        claim_id="c3",
        passages=["The bridge will cost 95 million dollars, the mayor said."],
    )
    assert "opinion" in claim.types
    row = pipeline.run(Corpus(), claims=[claim]).claims[0]
    assert row.verdict == "refuted"
    assert any(e.stance == "refutes" for e in row.evidence)


def test_an_extracted_opinion_is_still_not_checked(tmp_path: Path) -> None:
    pipeline, model = _pipeline(tmp_path)
    corpus = _corpus()
    doc = corpus.documents[0]
    quote = "Some residents called the bridge a waste of money."
    start = doc.text.index(quote)
    extracted = Claim(
        claim_id=Claim.make_id(doc.doc_id, start, start + len(quote), quote),
        doc_id=doc.doc_id,
        text=quote,
        source=SourceSpan(start=start, end=start + len(quote), quote=quote, zone="body"),
        types=("opinion",),
    )
    row = pipeline.run(corpus, claims=[extracted]).claims[0]
    assert row.verdict == "not_checked"
    assert model.calls == 0
