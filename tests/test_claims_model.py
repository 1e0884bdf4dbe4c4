"""Extractor behaviour that needs the real spaCy model: pronouns, parsed speakers, events."""

from __future__ import annotations

from datetime import date

import pytest

from claims.given import claim_from_text
from claims.offline import OfflineClaimExtractor
from crosscheck.models import Claim, Document

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def extractor() -> OfflineClaimExtractor:
    return OfflineClaimExtractor()  # loads en_core_web_sm on first extract


def extract(extractor: OfflineClaimExtractor, text: str, **meta: object) -> list[Claim]:
    doc = Document.create(path="m.txt", text=text, **meta)  # type: ignore[arg-type]
    found = extractor.extract(doc)
    for claim in found:
        assert claim.source is not None
        assert doc.text[claim.source.start : claim.source.end] == claim.source.quote
    return found


def test_subject_pronoun_is_resolved_from_the_previous_sentence(
    extractor: OfflineClaimExtractor,
) -> None:
    found = extract(
        extractor,
        "The attackers arrived at the concert hall shortly after nine. "
        "They killed 89 people inside the building.",
    )
    killed = next(c for c in found if c.quantities)
    assert killed.text.startswith("The attackers killed 89 people")
    assert killed.source is not None and killed.source.quote.startswith("They killed")


def test_he_is_the_person_named_before(extractor: OfflineClaimExtractor) -> None:
    found = extract(
        extractor,
        "British Prime Minister David Cameron met President Obama in Washington. "
        "He said the two countries would expand their intelligence sharing.",
    )
    said = found[-1]
    assert said.speaker == "David Cameron"
    assert said.attributed


def test_parsed_speaker_drops_titles(extractor: OfflineClaimExtractor) -> None:
    (claim,) = extract(
        extractor,
        "UK Foreign Secretary Philip Hammond said progress against the group was slow.",
    )
    assert claim.speaker == "Philip Hammond"
    assert claim.text.startswith("Progress against the group was slow")


@pytest.mark.parametrize(
    "sentence",
    [
        "An estimated 25,000 fighters had travelled to Iraq and Syria.",
        "The estimated cost of the bridge rose to 95 million dollars.",
    ],
)
def test_an_estimated_figure_has_no_speaker(sentence: str) -> None:
    # "An estimated 25,000" is a hedged figure, not "An" estimating something.
    claim = claim_from_text(sentence, claim_id="x")
    assert claim.speaker is None and not claim.attributed


def test_a_denial_keeps_its_frame(extractor: OfflineClaimExtractor) -> None:
    # "X denied that Y" does not say Y: the claim keeps "denied", or it would put the
    # opposite of what was said in the company's mouth.
    (claim,) = extract(extractor, "The bus company denied that the driver had been speeding.")
    assert claim.text.startswith("The bus company denied that the driver had been speeding")
    assert claim.speaker == "The bus company" and claim.attributed
    given = claim_from_text("The minister denies that taxes will rise.", claim_id="x")
    assert given.text.startswith("The minister denies")


def test_a_named_estimator_is_the_speaker() -> None:
    claim = claim_from_text("Europol estimates up to 5,000 EU citizens have joined.", claim_id="x")
    assert claim.speaker == "Europol" and claim.attributed


def test_bare_attacks_are_named_after_the_main_event(extractor: OfflineClaimExtractor) -> None:
    found = extract(
        extractor,
        "Last Friday, gunmen attacked Paris and killed 129 people. "
        "The Paris attacks shocked Europe. Officials said the Paris attacks were planned abroad. "
        "The attacks have provoked a wave of panic across the continent.",
        published=date(2015, 11, 16),
    )
    panic = next(c for c in found if "panic" in c.text)
    assert panic.text.startswith("The Paris attacks of 13 November 2015 have provoked")
