"""End to end through StanceVerifier with a deterministic fake stance model.

The texts are written for these tests: a Fairview town-council story, and short news items
about an attack in Paris and events elsewhere. Passages are cut from Document objects passed
as the ``documents`` mapping, so each carries its article's title, date and setting.

Most cases use a *gullible* model that reads every pair as entailment (as the small NLI model
did on the examples the issue measured): the slot rules, not the model, must decide.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

import pytest

from claims.given import claim_from_text
from claims.quantities import parse_quantities
from crosscheck.models import (
    Claim,
    Document,
    Passage,
    ScoredPassage,
    SourceSpan,
    StanceScores,
    Verdict,
)
from verification.engine import StanceVerifier, speaker_named
from verification.statements import StatementReader

pytestmark = pytest.mark.model  # spaCy's small English model reads the names

GULLIBLE = StanceScores(supports=0.8, refutes=0.1, neutral=0.1)
NEUTRAL = StanceScores(supports=0.05, refutes=0.05, neutral=0.9)
CONTRARY = StanceScores(supports=0.02, refutes=0.95, neutral=0.03)


class FixedStanceModel:
    """The same scores for every pair; records what it was asked."""

    name = "fixed-stance.v1"

    def __init__(self, scores: StanceScores = GULLIBLE) -> None:
        self.scores = scores
        self.calls: list[tuple[str, str]] = []

    def predict(self, premises: Sequence[str], hypotheses: Sequence[str]) -> list[StanceScores]:
        self.calls.extend(zip(premises, hypotheses, strict=True))
        return [self.scores for _ in premises]


@pytest.fixture(scope="module")
def reader() -> StatementReader:
    return StatementReader()


def verifier(reader: StatementReader, scores: StanceScores = GULLIBLE) -> StanceVerifier:
    return StanceVerifier(FixedStanceModel(scores), embedder=None, reader=reader)


def article(
    text: str,
    *,
    title: str | None,
    published: date | None = None,
    path: str | None = None,
) -> Document:
    name = path or re.sub(r"[^a-z0-9]+", "-", (title or text[:30]).lower()).strip("-") + ".txt"
    return Document.create(path=f"corpus/{name}", text=text, title=title, published=published)


def passage(doc: Document, sentence: str, relevance: float = 0.8) -> ScoredPassage:
    start = doc.text.index(sentence)
    end = start + len(sentence)
    return ScoredPassage(
        passage=Passage(
            passage_id=Passage.make_id(doc.doc_id, start, end),
            doc_id=doc.doc_id,
            start=start,
            end=end,
            text=sentence,
            zone=doc.zone_at(start),
            published=doc.published,
            title=doc.title,
        ),
        score=relevance,
        dense_score=relevance,
    )


def mapping(*docs: Document) -> dict[str, Document]:
    return {d.doc_id: d for d in docs}


def check(
    v: StanceVerifier,
    claim: Claim | str,
    passages: Sequence[ScoredPassage],
    documents: Mapping[str, Document],
) -> Verdict:
    c = claim_from_text(claim) if isinstance(claim, str) else claim
    return v.verify(c, passages, documents)


def stances(verdict: Verdict) -> list[str]:
    return [e.stance for e in verdict.evidence]


def assert_cites_its_stance(verdict: Verdict) -> None:
    """A decisive verdict cites at least one passage whose stance matches it."""
    wanted = {
        "supported": {"supports"},
        "refuted": {"refutes"},
        "conflicting": {"refutes"},
    }.get(verdict.label, set())
    assert wanted <= set(stances(verdict)), (verdict.label, stances(verdict))
    if verdict.label in ("supported", "refuted"):
        assert not re.search(r"\bdoc-[0-9a-f]{6,}", verdict.rationale)


def town_story(*sentences: str, published: date = date(2021, 3, 4)) -> Document:
    body = "Fairview town council met on Tuesday evening. " + " ".join(sentences)
    return article(
        body, title="Fairview council meeting", published=published, path="fairview-council.txt"
    )


# --- the town-council examples the issue measured -------------------------------------------
def test_stadium_closed_not_supported_by_opened(reader: StatementReader) -> None:
    sentence = "The Fairview stadium opened in 2019."
    doc = town_story(sentence)
    got = check(
        verifier(reader),
        "The Fairview stadium closed in 2019",
        [passage(doc, sentence, 0.8)],
        mapping(doc),
    )
    assert got.label != "supported"
    assert "supports" not in stances(got)


def test_stadium_closed_refuted_by_opened_when_the_overlap_is_high(
    reader: StatementReader,
) -> None:
    sentence = "The Fairview stadium opened in 2019."
    doc = town_story(sentence)
    got = check(
        verifier(reader),
        "The Fairview stadium closed in 2019",
        [passage(doc, sentence, 0.95)],
        mapping(doc),
    )
    assert got.label == "refuted"


def test_stadium_closed_refuted_by_opened_in_a_longer_near_copy(reader: StatementReader) -> None:
    sentence = "The Fairview stadium on Main Street opened its doors to the public in 2019"
    doc = town_story(sentence + ".")
    got = check(
        verifier(reader),
        "The Fairview stadium on Main Street closed its doors to the public in 2019",
        [passage(doc, sentence, 0.9)],
        mapping(doc),
    )
    assert got.label == "refuted"
    assert_cites_its_stance(got)


def test_stadium_closed_in_2019_refuted_by_closed_in_2021(reader: StatementReader) -> None:
    sentence = "The Fairview stadium closed in 2021."
    doc = town_story(sentence)
    got = check(
        verifier(reader),
        "The Fairview stadium closed in 2019",
        [passage(doc, sentence, 0.8)],
        mapping(doc),
    )
    assert got.label == "refuted"


def test_stadium_closed_in_2019_not_supported_by_closed_in_2021(
    reader: StatementReader,
) -> None:
    sentence = "The Fairview stadium closed in 2021."
    doc = town_story(sentence)
    got = check(
        verifier(reader),
        "The Fairview stadium closed in 2019.",
        [passage(doc, sentence, 0.8)],
        mapping(doc),
    )
    assert got.label != "supported"
    assert "supports" not in stances(got)


def test_stadium_closed_in_2019_refuted_by_closed_in_2021_mid_sentence(
    reader: StatementReader,
) -> None:
    # The date slot itself works when the year is not followed by punctuation.
    sentence = "The Fairview stadium closed in 2021 after a long dispute"
    doc = town_story(sentence + ".")
    got = check(
        verifier(reader),
        "The Fairview stadium closed in 2019",
        [passage(doc, sentence, 0.8)],
        mapping(doc),
    )
    assert got.label == "refuted"
    assert_cites_its_stance(got)
    assert "2021" in got.rationale and "2019" in got.rationale


def test_council_vote_7_to_2_to_approve_not_supported_by_2_to_7_against(
    reader: StatementReader,
) -> None:
    sentence = "The council voted 2 to 7 against the bridge."
    doc = town_story(sentence)
    got = check(
        verifier(reader),
        "The council voted 7 to 2 to approve the bridge",
        [passage(doc, sentence, 0.85)],
        mapping(doc),
    )
    assert got.label == "refuted"  # "voted 2 to 7" is a tally, so 'against' is the slot
    assert "supports" not in stances(got)
    assert "against" in got.rationale


def test_cost_of_250_thousand_dollars_not_supported_by_1500_thousand(
    reader: StatementReader,
) -> None:
    sentence = "The new park will open next spring at a cost of 1500 thousand dollars."
    doc = town_story(sentence)
    got = check(
        verifier(reader),
        "The new park will open next spring at a cost of 250 thousand dollars",
        [passage(doc, sentence, 0.9)],
        mapping(doc),
    )
    assert got.label != "supported"
    assert "supports" not in stances(got)


def test_bridge_cost_48_million_refuted_by_95_million(reader: StatementReader) -> None:
    sentence = "The bridge will cost 95 million dollars, the mayor said."
    doc = town_story(sentence)
    got = check(
        verifier(reader),
        "The bridge will cost 48 million dollars",
        [passage(doc, sentence, 0.85)],
        mapping(doc),
    )
    assert got.label == "refuted"
    assert_cites_its_stance(got)


def test_bridge_cost_48_million_supported_by_48_million(reader: StatementReader) -> None:
    sentence = "The bridge will cost 48 million dollars, the mayor said."
    doc = town_story(sentence)
    got = check(
        verifier(reader, NEUTRAL),
        "The bridge will cost 48 million dollars",
        [passage(doc, sentence, 0.85)],
        mapping(doc),
    )
    assert got.label == "supported"
    assert_cites_its_stance(got)


def test_cost_of_another_thing_does_not_support_the_bridge_cost(
    reader: StatementReader,
) -> None:
    sentence = "The new school will cost 48 million dollars."
    doc = town_story(sentence)
    got = check(
        verifier(reader, NEUTRAL),
        "The bridge will cost 48 million dollars",
        [passage(doc, sentence, 0.7)],
        mapping(doc),
    )
    assert got.label != "supported"


def _other_costs() -> list[str]:
    out = []
    for n in range(50, 75):
        out.append(f"The bridge will cost {n} million dollars, one estimate says.")
    for n in range(20, 30):
        out.append(f"An earlier plan put the bridge cost at {n} million dollars.")
    out += [f"The bridge will cost more than {n} million dollars." for n in (48, 50, 60, 70, 80)]
    out += [f"The bridge will cost at least {n} million dollars in all." for n in (30, 40, 45)]
    out += [f"The bridge will cost about {n} million dollars." for n in (60, 70, 80, 90)]
    out += [
        "The bridge will cost between 60 and 70 million dollars.",
        "The bridge will cost up to 90 million dollars.",
        "The bridge will cost nearly 100 million dollars.",
    ]
    return out


def test_fifty_passages_stating_other_costs_never_support(reader: StatementReader) -> None:
    sentences = _other_costs()
    assert len(sentences) == 50
    doc = town_story(*sentences)
    got = check(
        verifier(reader),
        "The bridge will cost 48 million dollars",
        [passage(doc, s, 0.85) for s in sentences],
        mapping(doc),
    )
    assert len(got.evidence) == 50
    assert "supports" not in stances(got)
    assert got.label != "supported"


# --- other places and events ----------------------------------------------------------------
PARIS_CLAIM = "At least 129 people were killed in the Paris attacks"


@pytest.mark.parametrize("scores", [GULLIBLE, CONTRARY])
def test_paris_claim_not_decided_by_a_bomb_attack_in_beirut(
    reader: StatementReader, scores: StanceScores
) -> None:
    sentence = "A bomb attack in south Beirut killed 43 people."
    same_toll = "The twin suicide bombings in Beirut killed 130 people."
    doc = article(
        f"{sentence} {same_toll}", title="Bombings in Beirut", published=date(2015, 11, 13)
    )
    got = check(
        verifier(reader, scores),
        PARIS_CLAIM,
        [passage(doc, sentence, 0.7), passage(doc, same_toll, 0.75)],
        mapping(doc),
    )
    assert got.label == "not_enough_evidence"
    assert set(stances(got)) == {"neutral"}
    assert "Beirut" in got.rationale


def test_paris_claim_not_decided_by_a_passage_set_in_beirut_by_its_article(
    reader: StatementReader,
) -> None:
    sentence = "The attack killed 130 people, officials said."
    doc = article(
        f"Twin suicide bombings hit south Beirut on Thursday. {sentence}",
        title="Bombings in Beirut",
        published=date(2015, 11, 13),
    )
    got = check(verifier(reader), PARIS_CLAIM, [passage(doc, sentence, 0.8)], mapping(doc))
    assert got.label == "not_enough_evidence"
    assert "supports" not in stances(got)


@pytest.mark.parametrize("scores", [GULLIBLE, CONTRARY])
def test_224_on_board_sinai_says_nothing_about_paris_toll(
    reader: StatementReader, scores: StanceScores
) -> None:
    sentence = "All 224 people on board were killed when the Russian airliner crashed in Sinai."
    doc = article(sentence, title="Airliner crash", published=date(2015, 11, 1))
    got = check(verifier(reader, scores), PARIS_CLAIM, [passage(doc, sentence, 0.6)], mapping(doc))
    assert got.label == "not_enough_evidence"
    assert set(stances(got)) == {"neutral"}


# --- entity aliases -------------------------------------------------------------------------
def test_isis_is_and_islamic_state_are_one_name(reader: StatementReader) -> None:
    names = ("ISIS", "IS", "ISIL", "Islamic State", "Daesh")
    keys = [reader.read(f"{name} claimed the attacks.").name_keys("agent") for name in names]
    assert keys[0] == {"islamic state"}
    assert all(k == keys[0] for k in keys)


def test_co2_and_carbon_dioxide_are_one_name(reader: StatementReader) -> None:
    texts = ("CO2 levels rose.", "Carbon dioxide levels rose.", "The lifetime of CO 2 is long.")
    keys = [{n.key for n in reader.read(t).names} for t in texts]
    assert keys == [{"carbon dioxide"}] * 3


@pytest.mark.parametrize(
    ("claim", "sentence"),
    [
        (
            "ISIS claimed responsibility for the Paris attacks",
            "Islamic State (IS) took responsibility for the attacks in Paris.",
        ),
        (
            "Islamic State claimed responsibility for the Paris attacks",
            "IS claimed responsibility for the attacks in Paris on Saturday.",
        ),
        (
            "Marine LePen's Front National is expected to make gains in the regional elections",
            "Marine Le Pen's National Front is expected to make gains in the regional elections.",
        ),
    ],
)
def test_alias_matching_lets_a_paraphrase_support(
    reader: StatementReader, claim: str, sentence: str
) -> None:
    doc = article(sentence, title="After the attacks", published=date(2015, 11, 15))
    got = check(verifier(reader), claim, [passage(doc, sentence, 0.8)], mapping(doc))
    assert got.label == "supported"
    assert_cites_its_stance(got)


def test_a_passage_naming_another_group_does_not_support(reader: StatementReader) -> None:
    sentence = "Boko Haram took responsibility for the attacks in Paris."
    doc = article(sentence, title="After the attacks", published=date(2015, 11, 15))
    got = check(
        verifier(reader),
        "ISIS claimed responsibility for the Paris attacks",
        [passage(doc, sentence, 0.8)],
        mapping(doc),
    )
    assert got.label != "supported"


def test_acronym_defined_in_a_document_matches_its_long_form() -> None:
    # A fresh reader: acronyms are learnt from the documents a verify call is given.
    defining = article(
        "The Fairview Transit Authority (FTA) runs the town's buses. It met on Monday.",
        title="Who runs the buses",
        published=date(2021, 3, 1),
    )
    sentence = "The FTA approved the new bridge on Monday."
    doc = town_story(sentence)
    claim = "The Fairview Transit Authority approved the new bridge"
    with_definition = check(
        verifier(StatementReader(), NEUTRAL),
        claim,
        [passage(doc, sentence, 0.8)],
        mapping(defining, doc),
    )
    assert with_definition.label == "supported"
    without = check(
        verifier(StatementReader(), NEUTRAL), claim, [passage(doc, sentence, 0.8)], mapping(doc)
    )
    assert without.label != "supported"


def test_sohr_defined_in_a_document_matches_syrian_observatory_for_human_rights() -> None:
    fresh = StatementReader()
    defining = article(
        "The Syrian Observatory for Human Rights (SOHR) monitors the war from Britain.",
        title="The war monitor",
        published=date(2015, 11, 15),
    )
    sentence = "The SOHR reported air strikes on Raqqa on Sunday."
    doc = article(
        f"Raids continued overnight. {sentence}", title="Raids", published=date(2015, 11, 16)
    )
    got = check(
        verifier(fresh, NEUTRAL),
        "The Syrian Observatory for Human Rights reported air strikes on Raqqa",
        [passage(doc, sentence, 0.8)],
        mapping(defining, doc),
    )
    long_form = fresh.read("The Syrian Observatory for Human Rights reported air strikes.")
    short_form = fresh.read(sentence)
    assert long_form.name_keys("agent") & short_form.name_keys("agent")
    assert got.label == "supported"


# --- agents ---------------------------------------------------------------------------------
@pytest.mark.parametrize("scores", [GULLIBLE, NEUTRAL])
def test_agent_swap_refutes(reader: StatementReader, scores: StanceScores) -> None:
    sentence = "IS claimed responsibility for the attacks in Paris on Saturday."
    doc = article(sentence, title="Who is behind the attacks", published=date(2015, 11, 14))
    got = check(
        verifier(reader, scores),
        "Al-Qaeda claimed responsibility for the attacks",
        [passage(doc, sentence, 0.8)],
        mapping(doc),
    )
    assert got.label == "refuted"
    assert_cites_its_stance(got)


# --- conflicting reports --------------------------------------------------------------------
DAY = date(2015, 11, 16)


def _claim_in(doc: Document, text: str) -> Claim:
    start = doc.text.index(text)
    return Claim(
        claim_id=Claim.make_id(doc.doc_id, start, start + len(text), text),
        doc_id=doc.doc_id,
        text=text,
        types=("numeric",),
        quantities=tuple(parse_quantities(text)),
        published=doc.published,
    )


def _toll_articles() -> tuple[Document, Document, Document, str, str]:
    own = article(
        "Gunmen killed 130 people in the Paris attacks. The city is in mourning.",
        title="The night Paris was attacked",
        published=DAY,
    )
    for_s = "The attacks in Paris killed 130 people, officials said."
    against_s = "The attacks in Paris killed 120 people, police said."
    pro = article(f"Paris mourns. {for_s}", title="Paris mourns its dead", published=DAY)
    con = article(f"A night of terror. {against_s}", title="A night of terror", published=DAY)
    return own, pro, con, for_s, against_s


def test_conflicting_when_two_articles_disagree_on_a_figure_for_the_same_event(
    reader: StatementReader,
) -> None:
    own, pro, con, for_s, against_s = _toll_articles()
    claim = _claim_in(own, "Gunmen killed 130 people in the Paris attacks.")
    got = check(
        verifier(reader, NEUTRAL),
        claim,
        [passage(pro, for_s), passage(con, against_s)],
        mapping(own, pro, con),
    )
    assert got.label == "conflicting"
    by_doc = {e.doc_id: e.stance for e in got.evidence}
    assert by_doc == {pro.doc_id: "supports", con.doc_id: "refutes"}
    assert "Paris mourns its dead" in got.rationale
    assert "A night of terror" in got.rationale
    assert "16 November 2015" in got.rationale
    assert pro.doc_id not in got.rationale and con.doc_id not in got.rationale
    assert not re.search(r"\bdoc-[0-9a-f]{6,}", got.rationale)
    assert "120" in got.rationale


def test_a_later_article_with_another_toll_is_a_later_report(reader: StatementReader) -> None:
    own = article(
        "Gunmen killed 127 people in the Paris attacks. The city is in shock.",
        title="Attacks in Paris",
        published=date(2015, 11, 14),
    )
    sentence = "The attacks in Paris killed 130 people, officials said."
    later = article(
        f"A week on. {sentence}", title="A week after the attacks", published=date(2015, 11, 21)
    )
    claim = _claim_in(own, "Gunmen killed 127 people in the Paris attacks.")
    got = check(verifier(reader, NEUTRAL), claim, [passage(later, sentence)], mapping(own, later))
    assert got.label == "conflicting"
    assert "later report" in got.rationale
    assert "A week after the attacks" in got.rationale
    assert "21 November 2015" in got.rationale
    assert_cites_its_stance(got)


def test_the_claims_own_article_is_never_evidence(reader: StatementReader) -> None:
    own, pro, _, for_s, _ = _toll_articles()
    sentence = "The city is in mourning."
    claim = _claim_in(own, "Gunmen killed 130 people in the Paris attacks.")
    got = check(
        verifier(reader, NEUTRAL),
        claim,
        [passage(own, sentence), passage(pro, for_s)],
        mapping(own, pro),
    )
    assert {e.doc_id for e in got.evidence} == {pro.doc_id}


# --- rationales -----------------------------------------------------------------------------
def test_rationale_names_an_untitled_article_by_its_file_name(reader: StatementReader) -> None:
    sentence = "The bridge will cost 95 million dollars, the mayor said."
    doc = article(
        f"Budget night in Fairview. {sentence}", title=None, path="fairview-budget-2021.txt"
    )
    got = check(
        verifier(reader),
        "The bridge will cost 48 million dollars",
        [passage(doc, sentence)],
        mapping(doc),
    )
    assert got.label == "refuted"
    assert "fairview-budget-2021.txt" in got.rationale
    assert doc.doc_id not in got.rationale


def test_rationale_states_intervals_in_words(reader: StatementReader) -> None:
    sentence = "In total, the terrorists murdered 130 people in Paris."
    doc = article(f"A city in mourning. {sentence}", title="Paris counts its dead", published=DAY)
    got = check(verifier(reader, NEUTRAL), PARIS_CLAIM, [passage(doc, sentence)], mapping(doc))
    assert got.label == "supported"
    assert "at least 129" in got.rationale
    assert "130" in got.rationale
    assert "“Paris counts its dead”, 16 November 2015" in got.rationale


def test_rationale_of_an_unsettled_figure_states_it_in_words(reader: StatementReader) -> None:
    sentence = "At least 129 people were killed in the Paris attacks."
    doc = article(sentence, title="The toll", published=DAY)
    got = check(
        verifier(reader),
        "200 people were killed in the Paris attacks",
        [passage(doc, sentence)],
        mapping(doc),
    )
    assert got.label == "not_enough_evidence"
    assert "supports" not in stances(got)
    assert "200" in got.rationale


# --- every decisive verdict cites a passage of its stance ----------------------------------
def test_every_decisive_verdict_cites_a_passage_whose_stance_matches(
    reader: StatementReader,
) -> None:
    own, pro, con, for_s, against_s = _toll_articles()
    claim = _claim_in(own, "Gunmen killed 130 people in the Paris attacks.")
    cases = [
        (claim, [passage(pro, for_s)], mapping(own, pro)),
        (claim, [passage(con, against_s)], mapping(own, con)),
        (claim, [passage(pro, for_s), passage(con, against_s)], mapping(own, pro, con)),
    ]
    labels = []
    for c, ps, docs in cases:
        got = check(verifier(reader, NEUTRAL), c, ps, docs)
        labels.append(got.label)
        assert_cites_its_stance(got)
        if got.label == "conflicting":
            assert {"supports", "refutes"} <= set(stances(got))
    assert labels == ["supported", "refuted", "conflicting"]


# --- the Ask-box examples the issue measured, on texts of our own ---------------------------
def test_paris_attacks_killing_250000_not_supported_by_a_cumulative_syrian_toll(
    reader: StatementReader,
) -> None:
    sentence = "More than 250,000 people have been killed in Syria since the war began in 2011."
    doc = article(sentence, title="Syria's long war", published=date(2015, 11, 15))
    got = check(
        verifier(reader),
        "The Paris attacks killed more than 250,000 people",
        [passage(doc, sentence, 0.6)],
        mapping(doc),
    )
    assert got.label != "supported"
    assert "supports" not in stances(got)


def test_up_to_2000_militants_not_supported_by_up_to_5000_eu_citizens(
    reader: StatementReader,
) -> None:
    sentence = "Up to 5,000 EU citizens have travelled to fight in Syria, Europol said."
    doc = article(sentence, title="Europol warning", published=date(2015, 11, 20))
    got = check(
        verifier(reader),
        "Up to 2,000 militants were in place across Europe",
        [passage(doc, sentence, 0.7)],
        mapping(doc),
    )
    assert got.label != "supported"
    assert "supports" not in stances(got)


def test_last_friday_in_an_article_of_16_november_dates_the_attacks_13_november(
    reader: StatementReader,
) -> None:
    sentence = "Last Friday, Paris was the scene of mass slaughter."
    doc = article(f"Three days on. {sentence}", title="Three days on", published=DAY)
    right = check(
        verifier(reader, NEUTRAL),
        "The Paris attacks took place on 13 November 2015",
        [passage(doc, sentence, 0.7)],
        mapping(doc),
    )
    assert right.label == "supported"
    assert "13 November 2015" in right.rationale
    wrong = check(
        verifier(reader, NEUTRAL),
        "The Paris attacks took place on 12 November 2015",
        [passage(doc, sentence, 0.7)],
        mapping(doc),
    )
    assert wrong.label == "refuted"
    assert_cites_its_stance(wrong)


def test_friday_the_13th_in_an_article_of_16_november_dates_the_attacks_13_november(
    reader: StatementReader,
) -> None:
    from verification.statements import find_dates

    found = find_dates("On Friday the 13th, gunmen attacked Paris.", DAY)
    assert [(d.year, d.month, d.day) for d in found] == [(2015, 11, 13)]
    sentence = "On Friday the 13th, gunmen and suicide bombers attacked Paris."
    doc = article(f"Three days on. {sentence}", title="Three days on", published=DAY)
    got = check(
        verifier(reader, NEUTRAL),
        "The Paris attacks took place on 13 November 2015",
        [passage(doc, sentence, 0.7)],
        mapping(doc),
    )
    assert got.label == "supported"


def test_the_january_charlie_hebdo_attack_does_not_refute_the_november_attacks(
    reader: StatementReader,
) -> None:
    sentence = "Gunmen attacked the offices of Charlie Hebdo in Paris on 7 January 2015."
    doc = article(sentence, title="Charlie Hebdo", published=date(2015, 1, 8))
    got = check(
        verifier(reader, CONTRARY),
        "Gunmen attacked Paris on 13 November 2015",
        [passage(doc, sentence, 0.7)],
        mapping(doc),
    )
    assert got.label == "not_enough_evidence"


def test_explicit_negation_refutes(reader: StatementReader) -> None:
    sentence = "The council did not approve the bridge."
    doc = town_story(sentence)
    got = check(
        verifier(reader),
        "The council approved the bridge on Tuesday evening",
        [passage(doc, sentence, 0.8)],
        mapping(doc),
    )
    assert got.label == "refuted"
    assert_cites_its_stance(got)
    assert "negation" in got.rationale


def test_a_reader_comment_never_decides(reader: StatementReader) -> None:
    from crosscheck.models import ZoneSpan

    body = "Fairview town council met on Tuesday evening. "
    comment = "A reader writes: the bridge will cost 48 million dollars."
    text = body + comment
    doc = Document.create(
        path="corpus/with-comments.txt",
        text=text,
        title="Council meeting, with comments",
        published=date(2021, 3, 4),
        zones=(
            ZoneSpan(start=0, end=len(body), zone="body"),
            ZoneSpan(start=len(body), end=len(text), zone="comment"),
        ),
    )
    got = check(
        verifier(reader),
        "The bridge will cost 48 million dollars",
        [passage(doc, comment, 0.9)],
        mapping(doc),
    )
    assert got.label == "not_enough_evidence"
    assert [e.zone for e in got.evidence] == ["comment"]
    assert set(stances(got)) == {"neutral"}
    # Why the comment did not decide is no reason a reader can use for the claim.
    assert "reader comment" not in got.rationale


# --- roles, nationalities, floors and a claim's own setting ------------------------------------
@pytest.mark.parametrize("scores", [GULLIBLE, NEUTRAL])
def test_another_headliner_for_the_same_festival_refutes(
    reader: StatementReader, scores: StanceScores
) -> None:
    sentence = (
        "On Saturday night the headliner at the Riverside festival, in front of 40,000 fans, "
        "was Radiohead."
    )
    doc = article(sentence, title="Riverside festival review", published=date(2019, 7, 8))
    got = check(
        verifier(reader, scores),
        "The headliner at the Riverside festival was Coldplay.",
        [passage(doc, sentence, 0.7)],
        mapping(doc),
    )
    assert got.label == "refuted"
    assert_cites_its_stance(got)
    assert "Radiohead" in got.rationale


def test_the_same_headliner_is_not_refuted(reader: StatementReader) -> None:
    sentence = "On Saturday night the headliner at the Riverside festival was Radiohead."
    doc = article(sentence, title="Riverside festival review", published=date(2019, 7, 8))
    got = check(
        verifier(reader, GULLIBLE),
        "The headliner at the Riverside festival was Radiohead.",
        [passage(doc, sentence, 0.8)],
        mapping(doc),
    )
    assert got.label == "supported"


@pytest.mark.parametrize("scores", [GULLIBLE, NEUTRAL])
def test_a_french_trawler_refutes_a_spanish_trawler(
    reader: StatementReader, scores: StanceScores
) -> None:
    sentence = "A French trawler sank off the coast of Cornwall on Monday, the coastguard said."
    doc = article(sentence, title="Trawler sinks", published=date(2020, 2, 4))
    got = check(
        verifier(reader, scores),
        "A Spanish trawler sank off the coast of Cornwall on Monday.",
        [passage(doc, sentence, 0.8)],
        mapping(doc),
    )
    assert got.label == "refuted"
    assert_cites_its_stance(got)


def test_trawlers_of_two_nations_in_the_plural_are_not_a_contradiction(
    reader: StatementReader,
) -> None:
    sentence = "French trawlers fished off the coast of Cornwall on Monday."
    doc = article(sentence, title="Fishing season", published=date(2020, 2, 4))
    got = check(
        verifier(reader, NEUTRAL),
        "Spanish trawlers fished off the coast of Cornwall on Monday.",
        [passage(doc, sentence, 0.8)],
        mapping(doc),
    )
    assert got.label != "refuted"


def test_130_or_more_supports_130_in_total(reader: StatementReader) -> None:
    sentence = "The gunmen massacred 130 or more people in Paris."
    doc = article(sentence, title="After the attacks", published=DAY)
    got = check(
        verifier(reader, NEUTRAL),
        "The gunmen murdered 130 people in Paris in total.",
        [passage(doc, sentence, 0.7)],
        mapping(doc),
    )
    assert got.label == "supported"
    assert_cites_its_stance(got)
    more = check(
        verifier(reader, NEUTRAL),
        "The gunmen murdered 150 people in Paris in total.",
        [passage(doc, sentence, 0.7)],
        mapping(doc),
    )
    assert more.label == "not_enough_evidence"


def _floods(own_text: str) -> tuple[Claim, ScoredPassage, dict[str, Document]]:
    own = article(own_text, title=None, published=date(2022, 3, 2), path="own.txt")
    text = "In total, the floods would kill 14 people."
    start = own.text.index(text)
    span = SourceSpan(start=start, end=start + len(text), quote=text, zone="body")
    claim = _claim_in(own, text).model_copy(update={"source": span})
    sentence = "Flooding in Leeds killed 14 people this week, officials said."
    other = article(sentence, title="Week of floods", published=date(2022, 3, 4))
    return claim, passage(other, sentence, 0.45), mapping(own, other)


def test_a_placeless_figure_is_tied_to_the_place_its_own_article_speaks_of(
    reader: StatementReader,
) -> None:
    claim, sp, docs = _floods(
        "Floods struck Leeds on Monday. In total, the floods would kill 14 people."
    )
    assert verifier(reader, NEUTRAL).verify(claim, [sp], docs).label == "supported"


def test_a_placeless_figure_in_an_article_about_two_places_is_not_tied(
    reader: StatementReader,
) -> None:
    claim, sp, docs = _floods(
        "Floods struck Leeds on Monday and storms hit Dublin on Tuesday. "
        "In total, the floods would kill 14 people."
    )
    assert verifier(reader, NEUTRAL).verify(claim, [sp], docs).label == "not_enough_evidence"


def test_a_ringleader_named_in_apposition_refutes_another_ringleader(
    reader: StatementReader,
) -> None:
    sentence = "Police said their ringleader, the Dutchman Pieter de Vries, had fled to Spain."
    doc = article(sentence, title="Bank robbery in Utrecht", published=date(2021, 5, 6))
    got = check(
        verifier(reader, GULLIBLE),
        "Police said the ringleader of the robbers was John Smith.",
        [passage(doc, sentence, 0.7)],
        mapping(doc),
    )
    assert got.label == "refuted"
    assert "Pieter de Vries" in got.rationale


@pytest.mark.parametrize(
    ("scores", "label"), [(CONTRARY, "refuted"), (NEUTRAL, "not_enough_evidence")]
)
def test_talks_held_in_york_refute_leeds_only_with_the_models_contradiction(
    reader: StatementReader, scores: StanceScores, label: str
) -> None:
    # (A place tied to an act of the lexicon, "opened … in York", is another event instead.)
    sentence = "The mayor joined business leaders in York on Monday for talks on rail fares."
    doc = article(sentence, title="Rail fares", published=date(2023, 9, 12))
    got = check(
        verifier(reader, scores),
        "The mayor joined business leaders in Leeds on Monday for talks on rail fares.",
        [passage(doc, sentence, 0.8)],
        mapping(doc),
    )
    assert got.label == label


@pytest.mark.parametrize("scores", [GULLIBLE, NEUTRAL])
def test_half_of_the_hostages_refutes_all_of_them(
    reader: StatementReader, scores: StanceScores
) -> None:
    sentence = "The night raid in Mali freed half of the hostages, the army said on Sunday."
    doc = article(sentence, title="Raid in Mali", published=date(2019, 5, 12))
    got = check(
        verifier(reader, scores),
        "The night raid in Mali freed all of the hostages.",
        [passage(doc, sentence, 0.75)],
        mapping(doc),
    )
    assert got.label == "refuted"
    assert_cites_its_stance(got)


def test_the_claims_own_running_total_with_its_start_added_supports(
    reader: StatementReader,
) -> None:
    sentence = (
        "The army said its air strikes had killed half of the group's commanders since March."
    )
    doc = article(sentence, title="Air campaign", published=date(2016, 9, 1))
    got = check(
        verifier(reader, NEUTRAL),
        "The army said its air strikes had killed half of the group's commanders.",
        [passage(doc, sentence, 0.8)],
        mapping(doc),
    )
    assert got.label == "supported"


def test_a_wars_running_total_still_says_nothing_of_one_bombing(reader: StatementReader) -> None:
    sentence = "More than 300 people have been killed in Aleppo since the war began in 2011."
    doc = article(sentence, title="Aleppo", published=date(2016, 9, 1))
    got = check(
        verifier(reader, GULLIBLE),
        "The bombing in Aleppo killed more than 300 people.",
        [passage(doc, sentence, 0.8)],
        mapping(doc),
    )
    assert got.label == "not_enough_evidence"


def test_the_attack_on_a_named_target_placed_elsewhere_refutes(reader: StatementReader) -> None:
    sentence = (
        "Security was tightened after the attack in York by two gunmen on the newspaper "
        "Hillside Gazette, which killed three people."
    )
    doc = article(sentence, title="Security tightened", published=date(2018, 3, 2))
    got = check(
        verifier(reader, NEUTRAL),
        "The attack on the Hillside Gazette took place in Leeds.",
        [passage(doc, sentence, 0.7)],
        mapping(doc),
    )
    assert got.label == "refuted"
    assert "York" in got.rationale
    other = "Security was tightened after the attack in York by two gunmen killed three people."
    doc2 = article(other, title="Security tightened", published=date(2018, 3, 2))
    got2 = check(
        verifier(reader, NEUTRAL),
        "The attack on the Hillside Gazette took place in Leeds.",
        [passage(doc2, other, 0.7)],
        mapping(doc2),
    )
    assert got2.label == "not_enough_evidence"


def test_a_floor_support_is_worded_as_a_floor(reader: StatementReader) -> None:
    sentence = "The gunmen massacred 130 or more people in Paris."
    doc = article(sentence, title="After the attacks", published=DAY)
    got = check(
        verifier(reader, NEUTRAL),
        "The gunmen murdered 130 people in Paris in total.",
        [passage(doc, sentence, 0.7)],
        mapping(doc),
    )
    assert "no fewer than the claim's 130" in got.rationale
    assert "within" not in got.rationale


def test_a_denial_of_something_else_does_not_refute_the_claim(reader: StatementReader) -> None:
    # What is denied is the speeding; the derailment is presupposed, not denied.
    sentence = (
        "Northern Rail denied on Saturday that its train was speeding when it derailed "
        "near Lyonsville."
    )
    doc = article(
        sentence, title="Northern Rail denies speeding claims", published=date(2024, 3, 3)
    )
    got = check(
        verifier(reader, CONTRARY),
        "A passenger train derailed near Lyonsville on Saturday",
        [passage(doc, sentence, 0.8)],
        mapping(doc),
    )
    assert got.label == "not_enough_evidence"
    assert stances(got) == ["neutral"]


def test_a_denial_of_the_claimed_act_still_refutes(reader: StatementReader) -> None:
    sentence = "Northern Rail denied that its train derailed near Lyonsville."
    doc = article(sentence, title="Northern Rail statement", published=date(2024, 3, 3))
    got = check(
        verifier(reader),
        "Northern Rail's train derailed near Lyonsville",
        [passage(doc, sentence, 0.8)],
        mapping(doc),
    )
    assert got.label == "refuted"
    assert "negation" in got.rationale


def test_a_weekday_claim_is_refuted_by_the_resolved_date_of_another_day(
    reader: StatementReader,
) -> None:
    sentence = "Last Friday, Paris was the scene of mass slaughter."
    doc = article(sentence, title="The Paris massacre", published=date(2015, 11, 16))
    wrong = check(
        verifier(reader),
        "The attacks on Paris took place on a Sunday.",
        [passage(doc, sentence, 0.6)],
        mapping(doc),
    )
    assert wrong.label == "refuted"
    assert "Sunday" in wrong.rationale
    right = check(
        verifier(reader),
        "The attacks on Paris took place on a Friday.",
        [passage(doc, sentence, 0.6)],
        mapping(doc),
    )
    assert right.label != "refuted"


def test_a_weekday_is_a_date_slot_and_a_newspaper_name_is_not() -> None:
    from verification.statements import find_dates

    (sunday,) = find_dates("The attacks took place on a Sunday.")
    assert (sunday.weekday, sunday.day) == (6, None)
    assert sunday.words() == "Sunday"
    (friday,) = find_dates("Last Friday, Paris was struck.", date(2015, 11, 16))
    assert (friday.day, friday.weekday) == (13, 4)
    assert [d.weekday for d in find_dates("The Sunday Times said so on Friday.")] == [4]
    # A clock time is no year.
    assert find_dates("The awards are shown on BBC One from 2010 GMT.") == []


# --- a rail crash told by four outlets (texts written for these tests) ---------------------
def _crash_reports() -> tuple[Document, Document, Document]:
    daily = article(
        "Fifteen dead in Lyonsville rail disaster\n\nFifteen people died when a passenger "
        "train came off the tracks near Lyonsville on Saturday, hospital officials said.",
        title="Fifteen dead in Lyonsville rail disaster",
        published=date(2024, 3, 3),
    )
    gazette = article(
        "Northern Rail denies speeding claims after crash\n\nNorthern Rail denied on Saturday "
        "that its train was speeding when it derailed near Lyonsville. Twelve people were "
        "killed in the crash near Lyonsville, the company said.",
        title="Northern Rail denies speeding claims after crash",
        published=date(2024, 3, 3),
    )
    later = article(
        "Lyonsville derailment toll rises to 18\n\nThe death toll from Saturday's train "
        "derailment near Lyonsville rose to 18 on Monday, the governor said.",
        title="Lyonsville derailment toll rises to 18",
        published=date(2024, 3, 4),
    )
    return daily, gazette, later


def test_a_headline_toll_is_supported_by_a_report_within_it(reader: StatementReader) -> None:
    daily, gazette, later = _crash_reports()
    got = check(
        verifier(reader, NEUTRAL),
        "Train derails near Lyonsville, killing at least 12",
        [
            passage(daily, daily.text.split("\n\n")[1], 0.6),
            passage(gazette, gazette.text.split("\n\n")[1].split(". ")[0] + ".", 0.56),
        ],
        mapping(daily, gazette, later),
    )
    assert got.label == "supported"
    assert "gives 15, within the claim's at least 12" in got.rationale
    assert stances(got) == ["supports", "neutral"]  # the denial is of the speeding


def test_reports_above_and_below_a_toll_make_it_conflicting(reader: StatementReader) -> None:
    daily, gazette, later = _crash_reports()
    claim_doc = article(
        "Fifteen people died when a passenger train derailed near Lyonsville on Saturday.",
        title="Rail crash",
        published=date(2024, 3, 3),
    )
    claim = claim_from_text(claim_doc.text).model_copy(
        update={"doc_id": claim_doc.doc_id, "published": claim_doc.published}
    )
    twelve = "Twelve people were killed in the crash near Lyonsville, the company said."
    got = check(
        verifier(reader, NEUTRAL),
        claim,
        [passage(gazette, twelve, 0.6), passage(later, later.text.split("\n\n")[1], 0.6)],
        mapping(daily, gazette, later, claim_doc),
    )
    assert got.label == "conflicting"
    assert "disagree among themselves" in got.rationale
    assert "gives 18, against the claim's 15 (a later report)" in got.rationale
    assert "gives 12, against the claim's 15" in got.rationale


def test_a_claim_listing_actors_is_not_refuted_by_a_list_sharing_one(
    reader: StatementReader,
) -> None:
    sentence = (
        "British stars Maya Holt and Owen Grady are hoping for awards at the Odeon in "
        "London's Leicester Square."
    )
    doc = article(sentence, title="Gala night", published=date(2021, 2, 1))
    got = check(
        verifier(reader, CONTRARY),
        "Owen Grady, Lena Marsh and Tom Ruiz are also up for awards.",
        [passage(doc, sentence, 0.63)],
        mapping(doc),
    )
    assert got.label != "refuted"


def test_a_surname_written_alone_names_the_person() -> None:
    from verification.align import _surname_written
    from verification.statements import Name

    swank = Name(key="hilary swank", text="Hilary Swank", kind="agent")
    assert _surname_written(swank, "Swank, who previously won the Oscar, paid tribute.")
    assert not _surname_written(swank, "The director paid tribute.")
    bank = Name(key="bank of england", text="Bank of England", kind="agent")
    assert not _surname_written(bank, "England won the match.")


# --- a claim dated by the passage's article --------------------------------------------------
_DATED_ARTICLE = (
    "Gunmen attacked the museum in Lyon on 3 March 2019. "
    "The Red Hand group took responsibility for the attack in Lyon, officials said."
)


@pytest.mark.parametrize(
    ("claimed", "expected"),
    [("3 March 2019", "supported"), ("4 March 2019", "not_enough_evidence")],
)
def test_an_undated_passage_confirms_the_date_its_article_gives_the_event(
    reader: StatementReader, claimed: str, expected: str
) -> None:
    doc = article(_DATED_ARTICLE, title="Lyon museum attack", published=date(2019, 3, 5))
    sentence = "The Red Hand group took responsibility for the attack in Lyon, officials said."
    got = check(
        verifier(reader),
        f"The Red Hand group took responsibility for the attack in Lyon on {claimed}",
        [passage(doc, sentence, 0.8)],
        mapping(doc),
    )
    assert got.label == expected
    if expected == "supported":
        assert_cites_its_stance(got)


def test_an_undated_article_dates_no_claim(reader: StatementReader) -> None:
    doc = article(_DATED_ARTICLE.replace(" on 3 March 2019", ""), title="Lyon museum attack")
    sentence = "The Red Hand group took responsibility for the attack in Lyon, officials said."
    got = check(
        verifier(reader),
        "The Red Hand group took responsibility for the attack in Lyon on 3 March 2019",
        [passage(doc, sentence, 0.8)],
        mapping(doc),
    )
    assert got.label == "not_enough_evidence"


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        # The author gave no date: "of 3 March 2019" was added to name the event.
        ("In claiming responsibility for the attack in Lyon", "supported"),
        # The author dated it: a passage that never states the date does not confirm it.
        (
            "The Red Hand group took responsibility for the attack in Lyon on 3 March 2019",
            "not_enough_evidence",
        ),
    ],
)
def test_a_date_only_added_to_name_the_event_need_not_be_confirmed(
    reader: StatementReader, quote: str, expected: str
) -> None:
    own = article(f"{quote}, officials said.", title="Own story", published=date(2019, 3, 6))
    claim = Claim(
        claim_id="c-added-date",
        doc_id=own.doc_id,
        text="The Red Hand group took responsibility for the attack in Lyon on 3 March 2019",
        source=SourceSpan(start=0, end=len(quote), quote=quote, zone="body"),
        published=own.published,
    )
    other = article(
        "The Red Hand group took responsibility for the attack in Lyon, officials said.",
        title="Undated wire copy",
    )
    sentence = "The Red Hand group took responsibility for the attack in Lyon, officials said."
    model = FixedStanceModel()
    v = StanceVerifier(model, embedder=None, reader=reader)
    got = check(v, claim, [passage(other, sentence, 0.8)], mapping(own, other))
    assert got.label == expected
    if expected == "supported":
        # The model reads the claim as its author put it, without the added date.
        assert model.calls
        assert all(
            h == "The Red Hand group took responsibility for the attack in Lyon"
            for _, h in model.calls
        )


@pytest.mark.parametrize(
    ("speaker", "passage", "named"),
    [
        ("David Cameron", "Cameron announced almost 2,000 more staff.", True),
        ("Kenyan Red Cross", "The Red Cross put the toll at 68.", True),
        ("Kenyan Red Cross", "The Red Crescent put the toll at 68.", False),
        ("Mr Hollande", "Francois Hollande said it was an act of war.", True),
    ],
)
def test_a_speaker_is_named_by_a_shorter_or_longer_form(
    speaker: str, passage: str, named: bool
) -> None:
    reader = StatementReader()
    assert speaker_named(speaker, reader.read(passage), reader) is named
