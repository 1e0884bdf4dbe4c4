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
    ("sentence", "speaker", "text"),
    [
        # A body speaks of itself as "it"; its whole name is the speaker, hyphen and all.
        (
            "Al-Shabaab, the Somali Islamist group, said it carried out the attack.",
            "Al-Shabaab",
            "Al-Shabaab carried out the attack",
        ),
        (
            "The Brotherhood of Ash said it had planned the raid for months.",
            "The Brotherhood of Ash",
            "The Brotherhood of Ash had planned the raid for months",
        ),
        ("The company said it would cut 500 jobs.", "The company", "The company would cut 500"),
        # An empty "it" stays; a person's "it" is something else.
        ("The ministry said it was too early to give a toll.", "The ministry", "It was too early"),
        ("Cameron said it would take years to defeat the group.", "Cameron", "It would take"),
    ],
)
def test_a_bodys_reported_it_is_the_body(
    extractor: OfflineClaimExtractor, sentence: str, speaker: str, text: str
) -> None:
    (claim,) = extract(extractor, sentence)
    assert claim.speaker == speaker
    assert claim.text.startswith(text)


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


def test_an_opening_participle_is_a_claim_of_its_own(extractor: OfflineClaimExtractor) -> None:
    text = (
        "In claiming responsibility for the bombing, the Red Hand group says the attack "
        "was revenge for the arrests."
    )
    found = extract(extractor, text)
    act = next(c for c in found if c.text.startswith("The Red Hand group claims"))
    assert act.text == "The Red Hand group claims responsibility for the bombing"
    assert act.source is not None
    assert act.source.quote == "In claiming responsibility for the bombing"
    # The article states the act; what the group says after it stays the group's word.
    assert not act.attributed
    said = next(c for c in found if "revenge" in c.text)
    assert said.attributed and said.speaker is not None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "After seizing Mosul in June 2014, the militants declared a caliphate.",
            "The militants seized Mosul in June 2014",
        ),
        ("Despite losing the vote, Mr Blair said he would stay.", "Mr Blair lost the vote"),
    ],
)
def test_the_participle_takes_the_main_verbs_tense_and_subject(
    extractor: OfflineClaimExtractor, sentence: str, expected: str
) -> None:
    assert expected in [c.text for c in extract(extractor, sentence)]


@pytest.mark.parametrize(
    "sentence",
    [
        # The main clause only hopes, or will: the opening act is not said to be done.
        "By cutting interest rates, the Bank of England hopes to boost spending.",
        "After winning the election, the party will form a government.",
        # "Instead of", "without": the act did not happen.
        "Instead of cutting rates, the central bank raised them sharply.",
        "Without consulting parliament, the minister signed the treaty.",
        # Nothing of its own to check, or a pronoun for a subject.
        "In doing so, the company became the largest carmaker in Europe.",
        "After leaving the meeting, he told reporters the talks had failed.",
    ],
)
def test_no_participle_claim_where_the_act_is_not_stated(
    extractor: OfflineClaimExtractor, sentence: str
) -> None:
    found = extract(extractor, sentence)
    assert all(
        c.source is None or c.source.start > 0 or c.source.end > sentence.index(",") for c in found
    )


@pytest.mark.parametrize(
    ("sentence", "second", "speaker"),
    [
        # A contrast clause with a party of its own is not the first speaker's.
        (
            "The interior minister said 62 people had been killed in the attack, while the Red "
            "Cross put the toll at 68.",
            "The Red Cross put the toll at 68",
            None,
        ),
        # Without one, it goes on reporting the same speaker.
        ("The governor said 65 people had died, while 120 were injured.", "120", "The governor"),
    ],
)
def test_a_contrast_clause_with_its_own_party_is_not_the_speakers(
    extractor: OfflineClaimExtractor, sentence: str, second: str, speaker: str | None
) -> None:
    first, other = extract(extractor, sentence)
    assert first.speaker is not None and first.attributed
    assert other.text.startswith(second)
    assert other.speaker == speaker
    assert other.attributed is (speaker is not None)
