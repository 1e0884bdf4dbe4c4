"""OfflineClaimExtractor behaviour on small texts, with a blank spaCy pipeline (no model)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import spacy

from claims import nlp as nlp_module
from claims.offline import OfflineClaimExtractor
from crosscheck.models import Claim, Document, ZoneSpan


@pytest.fixture(scope="module")
def blank() -> Any:
    return spacy.blank("en")


@pytest.fixture
def extractor(blank: Any) -> OfflineClaimExtractor:
    return OfflineClaimExtractor(blank)


def document(
    text: str, *, published: date | None = None, zones: tuple[ZoneSpan, ...] = ()
) -> Document:
    return Document.create(path="t.txt", text=text, published=published, zones=zones)


def claims_for(extractor: OfflineClaimExtractor, doc: Document) -> list[Claim]:
    found = extractor.extract(doc)
    for claim in found:
        assert claim.source is not None
        assert doc.text[claim.source.start : claim.source.end] == claim.source.quote
        assert claim.claim_id == Claim.make_id(
            doc.doc_id, claim.source.start, claim.source.end, claim.text
        )
        assert 0.0 <= claim.checkworthiness <= 1.0
        assert claim.doc_id == doc.doc_id
        assert claim.published == doc.published
    return found


def test_name_and_lazy_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("spaCy loaded at construction")

    monkeypatch.setattr(nlp_module, "load_nlp", refuse)
    extractor = OfflineClaimExtractor()
    assert extractor.name.startswith(extractor.version + "-")


def test_atomic_split_gives_one_claim_per_number(extractor: OfflineClaimExtractor) -> None:
    doc = document(
        "The city was attacked by gunmen on Friday. "
        "And now the city counts at least 129 dead and over 300 seriously injured."
    )
    found = [c for c in claims_for(extractor, doc) if c.quantities]
    assert len(found) == 2
    dead, injured = found
    assert (dead.quantities[0].low, dead.quantities[0].high) == (129, None)
    assert (injured.quantities[0].low, injured.quantities[0].low_inclusive) == (300, False)
    assert dead.source is not None and injured.source is not None
    assert dead.source.end <= injured.source.start
    assert "129" in dead.source.quote and "300" not in dead.source.quote
    assert "300" in injured.source.quote
    # Each half can be read alone: the shared opening travels with the second one.
    assert "the city counts over 300 seriously injured" in injured.text
    assert all(c.types[0] == "numeric" for c in found)


def test_reported_speech_records_speaker_and_content(extractor: OfflineClaimExtractor) -> None:
    doc = document(
        "Kerry said that some 2,000 coalition air strikes had halted the advance of the group. "
        "“The northern border has been closed to all traffic since Monday,” Hammond asserted. "
        "The bridge was destroyed in the night, according to Le Monde."
    )
    by_speaker = {c.speaker: c for c in claims_for(extractor, doc)}
    kerry = by_speaker["Kerry"]
    assert kerry.attributed
    assert kerry.text.startswith("Some 2,000 coalition air strikes had halted")
    assert kerry.quantities[0].low == 1800
    hammond = by_speaker["Hammond"]
    assert hammond.text.startswith("The northern border has been closed")
    assert "Hammond" not in hammond.text
    monde = by_speaker["Le Monde"]
    assert monde.text == "The bridge was destroyed in the night"


def test_opinions_and_rhetorical_questions_are_typed_opinion(
    extractor: OfflineClaimExtractor,
) -> None:
    doc = document(
        "What cause could possibly justify such a barbaric crime against the city? "
        "We must remake the world on the basis of solidarity. "
        "The ministry closed the northern border crossing at Kilis in October."
    )
    found = claims_for(extractor, doc)
    question, normative, fact = found
    assert question.types[0] == "opinion" and question.is_opinion
    assert normative.types[0] == "opinion"
    assert not fact.is_opinion
    assert fact.checkworthiness > max(question.checkworthiness, normative.checkworthiness)


def test_question_keeps_the_fact_it_takes_for_granted(extractor: OfflineClaimExtractor) -> None:
    doc = document(
        "What cause could the killers have served when they massacred 130 or more people?"
    )
    found = claims_for(extractor, doc)
    assert found[0].is_opinion and not found[0].quantities
    fact = found[1]
    assert not fact.is_opinion
    assert (fact.quantities[0].low, fact.quantities[0].high) == (130, None)
    assert fact.source is not None and "massacred 130" in fact.source.quote


def test_comment_claims_rank_below_body_claims(extractor: OfflineClaimExtractor) -> None:
    sentence = "Police said 31 people died in the explosion at the metro station in Brussels."
    text = f"{sentence}\n\nComments\n\n{sentence}"
    split = text.index("Comments")
    zones = (
        ZoneSpan(start=0, end=split, zone="body"),
        ZoneSpan(start=split, end=len(text), zone="comment"),
    )
    found = claims_for(extractor, document(text, zones=zones))
    body = [c for c in found if c.source and c.source.zone == "body"]
    comment = [c for c in found if c.source and c.source.zone == "comment"]
    assert len(body) == 1 and len(comment) == 1
    assert comment[0].quantities[0].low == 31
    assert comment[0].checkworthiness < body[0].checkworthiness


def test_boilerplate_yields_no_claims(extractor: OfflineClaimExtractor) -> None:
    text = (
        "Share this article on Facebook and Twitter to tell 200 friends about it.\n\n"
        "Troops seized the airport at Mosul on Tuesday."
    )
    cut = text.index("Troops")
    zones = (
        ZoneSpan(start=0, end=cut, zone="boilerplate"),
        ZoneSpan(start=cut, end=len(text), zone="body"),
    )
    found = claims_for(extractor, document(text, zones=zones))
    assert [c.source.zone for c in found if c.source] == ["body"]


@pytest.mark.parametrize(
    "sentence", ["And wait.", "This is not something new.", "So that is OK then.", "1. Jim said,"]
)
def test_non_checkworthy_sentences_give_no_claim(
    extractor: OfflineClaimExtractor, sentence: str
) -> None:
    assert claims_for(extractor, document(sentence)) == []


def test_relative_dates_are_anchored_but_the_quote_is_verbatim(
    extractor: OfflineClaimExtractor,
) -> None:
    doc = document("Last Friday, gunmen killed 129 people in Paris.", published=date(2015, 11, 16))
    (claim,) = claims_for(extractor, doc)
    assert claim.text.startswith("On 13 November 2015, gunmen killed 129 people")
    assert claim.source is not None and claim.source.quote.startswith("Last Friday")


def test_on_weekday_uses_the_most_recent_one(extractor: OfflineClaimExtractor) -> None:
    doc = document(
        "Kerry joined 20 coalition states in London on Thursday for crisis talks.",
        published=date(2015, 1, 23),
    )
    (claim,) = claims_for(extractor, doc)
    assert "on 22 January 2015" in claim.text


def test_no_date_no_anchoring(extractor: OfflineClaimExtractor) -> None:
    (claim,) = claims_for(extractor, document("Last Friday, gunmen killed 129 people in Paris."))
    assert claim.text.startswith("Last Friday")
