from __future__ import annotations

from datetime import date

import pytest

from claims.quantities import parse_quantities
from crosscheck.models import (
    Claim,
    Evidence,
    Passage,
    ScoredPassage,
    StanceScores,
    Verdict,
)
from tests.fakes import ScriptedStanceModel
from verification.citations import enforce_citations
from verification.engine import StanceVerifier
from verification.statements import StatementReader
from verification.temporal import time_relation

SUPPORT = StanceScores(supports=0.9, refutes=0.05, neutral=0.05)
REFUTE = StanceScores(supports=0.05, refutes=0.9, neutral=0.05)


def claim(text: str, **kw: object) -> Claim:
    return Claim(
        claim_id=Claim.make_id("doc-a", 0, len(text), text),
        doc_id="doc-a",
        text=text,
        quantities=tuple(parse_quantities(text)),
        published=kw.pop("published", date(2015, 11, 16)),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def passage(
    text: str,
    doc: str = "doc-b",
    *,
    zone: str = "body",
    published: date | None = date(2015, 11, 16),
    dense: float = 0.7,
) -> ScoredPassage:
    return ScoredPassage(
        passage=Passage(
            passage_id=Passage.make_id(doc, 0, len(text)),
            doc_id=doc,
            start=0,
            end=len(text),
            text=text,
            zone=zone,  # type: ignore[arg-type]
            published=published,
            title=f"Title of {doc}",
        ),
        score=dense,
        dense_score=dense,
    )


# -- time -----------------------------------------------------------------------------------
def test_time_relation() -> None:
    assert time_relation(date(2015, 1, 23), date(2016, 3, 25)) == "later"
    assert time_relation(date(2016, 3, 25), date(2015, 1, 23)) == "earlier"
    assert time_relation(date(2015, 11, 16), date(2015, 11, 20)) == "same_period"
    assert time_relation(None, date(2015, 11, 20)) == "unknown"


# -- citations ------------------------------------------------------------------------------
def _evidence(quote: str, start: int, doc: str = "doc-b", stance: str = "supports") -> Evidence:
    return Evidence(
        doc_id=doc,
        start=start,
        end=start + len(quote),
        quote=quote,
        zone="body",
        stance=stance,
        score=0.9,
    )  # type: ignore[arg-type]


def test_citation_integrity_drops_misquotes_and_downgrades() -> None:
    texts = {"doc-b": "Police said 130 people died."}
    good = _evidence("130 people died", 12)
    bad = _evidence("131 people died", 12)
    verdict = Verdict(label="supported", confidence=0.9, rationale="r", evidence=(good, bad))
    fixed = enforce_citations(verdict, texts.get)
    assert fixed.evidence == (good,)
    assert fixed.label == "supported"
    assert "1 citation" in fixed.rationale
    only_bad = verdict.model_copy(update={"evidence": (bad,)})
    downgraded = enforce_citations(only_bad, texts.get)
    assert downgraded.label == "not_enough_evidence" and downgraded.evidence == ()


def test_citation_from_own_document_is_removed() -> None:
    texts = {"doc-a": "130 people died."}
    own = _evidence("130 people died", 0, doc="doc-a")
    verdict = Verdict(label="supported", confidence=0.9, rationale="r", evidence=(own,))
    assert enforce_citations(verdict, texts.get, own_doc_id="doc-a").label == "not_enough_evidence"


# -- the engine -----------------------------------------------------------------------------
_READER: StatementReader | None = None


def _reader() -> StatementReader:
    # One reader (spaCy loaded once) for the module: texts are read once per run anyway.
    global _READER
    if _READER is None:
        _READER = StatementReader()
    return _READER


def _verifier(script: dict[str, StanceScores]) -> StanceVerifier:
    return StanceVerifier(ScriptedStanceModel(script), reader=_reader())


def test_opinion_is_not_checked_and_no_model_call() -> None:
    model = ScriptedStanceModel({})
    verdict = StanceVerifier(model, reader=_reader()).verify(
        claim("This is a disgrace.", types=("opinion",)), [passage("x")]
    )
    assert verdict.label == "not_checked" and verdict.evidence == ()
    assert model.calls == []


def test_support_needs_a_cited_passage() -> None:
    p = passage("Officials confirmed the attack on the stadium.")
    verdict = _verifier({p.passage.text: SUPPORT}).verify(claim("The stadium was attacked."), [p])
    assert verdict.label == "supported"
    assert verdict.evidence[0].stance == "supports"
    assert verdict.evidence[0].quote == p.passage.text
    nothing = _verifier({}).verify(claim("The stadium was attacked."), [])
    assert nothing.label == "not_enough_evidence" and nothing.evidence == ()


def test_both_sides_credible_is_conflicting() -> None:
    a = passage("Officials confirmed the stadium was attacked on Friday.", "doc-b")
    b = passage("Officials said the stadium was not attacked on Friday.", "doc-c")
    verdict = _verifier({a.passage.text: SUPPORT}).verify(
        claim("The stadium was attacked on Friday."), [a, b]
    )
    assert verdict.label == "conflicting"
    assert {e.stance for e in verdict.evidence[:2]} == {"supports", "refutes"}


def test_reader_comment_never_decides_alone() -> None:
    c = passage("Only 31 people were killed in the attack, trust me.", zone="comment")
    verdict = _verifier({c.passage.text: REFUTE}).verify(
        claim("The attack killed 130 people."), [c]
    )
    assert verdict.label == "not_enough_evidence"
    assert "comment" in (verdict.evidence[0].note or "")


def test_later_article_does_not_refute_earlier_state_by_negation() -> None:
    later = passage(
        "ISIS no longer controls most of eastern Syria.", published=date(2016, 3, 25), dense=0.9
    )
    c = claim("ISIS controls most of eastern Syria.", published=date(2015, 1, 23))
    verdict = _verifier({later.passage.text: REFUTE}).verify(c, [later])
    assert verdict.label != "refuted"
    assert verdict.evidence[0].time_relation == "later"
    assert "another period" in (verdict.evidence[0].note or "")


def test_passage_about_another_place_does_not_refute() -> None:
    c = claim("The jihadists struck Paris on November 13.")
    beirut = passage("On 12 November, two suicide bombers struck Beirut, killing 43.")
    verdict = _verifier({beirut.passage.text: REFUTE}).verify(c, [beirut])
    assert verdict.label == "not_enough_evidence"
    assert "another place" in (verdict.evidence[0].note or "")
    assert "Beirut" in (verdict.evidence[0].note or "")
    # Nor does it confirm it.
    assert _verifier({beirut.passage.text: SUPPORT}).verify(c, [beirut]).label == (
        "not_enough_evidence"
    )
    # The same date slot on a passage about the same place refutes.
    same = passage("The jihadists struck Paris on 12 November, officials said.")
    assert _verifier({}).verify(c, [same]).label == "refuted"


def test_figure_is_supported_only_by_a_passage_stating_one() -> None:
    c = claim("Up to 5,000 European Union citizens have joined ISIS.")
    vague = passage("Many young European Union citizens have travelled to join ISIS.")
    verdict = _verifier({vague.passage.text: SUPPORT}).verify(c, [vague])
    assert verdict.label == "not_enough_evidence"
    assert "figure" in (verdict.evidence[0].note or "")
    stated = passage("Europol says 5,000 European Union citizens have joined ISIS.")
    assert _verifier({}).verify(c, [stated]).label == "supported"


def test_matching_figure_confirms_among_many_silent_passages() -> None:
    c = claim("In Paris at least 129 people were killed.")
    stated = passage("In Paris the terrorists would murder 130 people.", "doc-b")
    silent = [passage(f"Paris woke to grief on day {i}.", f"doc-{i}") for i in range(7)]
    verdict = _verifier({}).verify(c, [*silent, stated])
    assert verdict.label == "supported"
    assert verdict.evidence[0].quote == stated.passage.text
    assert "at least 129" in verdict.rationale and "130" in verdict.rationale


def test_overlapping_figure_about_another_event_does_not_confirm() -> None:
    c = claim("A bomb brought down a Russian airliner over Sinai, killing all 224 people on board.")
    paris = passage("Gunmen killed 130 or more people in Paris, officials said.")
    verdict = _verifier({paris.passage.text: SUPPORT}).verify(c, [paris])
    assert verdict.label == "not_enough_evidence"


@pytest.mark.parametrize(
    ("claim_text", "passage_text", "flipped"),
    [
        ("The border is controlled by the YPG.", "The border is not controlled by the YPG.", True),
        ("Global temperatures rose last year.", "Global temperatures fell last year.", True),
        ("The plot was not hatched in Syria.", "The plot wasn't hatched in Syria at all.", False),
        ("Storms did not increase.", "Storms did not decrease.", True),  # antonym, both negated
        ("The border is controlled by the YPG.", "The YPG did not take Raqqa.", True),
        ("The mayor praised the library.", "The mayor criticised the library.", True),
        ("The mayor praised the library.", "The library was praised by the mayor.", False),
        # A negation of something else does not cancel the antonym.
        (
            "Baghdad praised Washington for doing enough.",
            "Baghdad criticised Washington for not doing enough.",
            True,
        ),
        ("Hollande called it an act of war.", "Hollande called it an act of peace.", True),
        ("5,000 EU citizens have joined ISIS.", "5,000 EU citizens have left ISIS.", True),
    ],
)
def test_polarity_negation_and_antonyms(claim_text: str, passage_text: str, flipped: bool) -> None:
    from verification.polarity import polarity

    assert polarity(claim_text, passage_text).flipped is flipped


def test_repeated_statement_with_flipped_sense_refutes() -> None:
    c = claim("Much of the border is controlled by the YPG.")
    denial = passage("Much of the border is not controlled by the YPG.", dense=0.9)
    # The scripted model misses the negation and reads the denial as support.
    verdict = _verifier({denial.passage.text: SUPPORT}).verify(c, [denial])
    assert verdict.label == "refuted"
    assert "negation" in (verdict.evidence[0].note or "")


def test_same_referent_different_number_refutes() -> None:
    c = claim("Gunmen in Paris killed 130 people.")
    p = passage("Gunmen in Paris killed 200 people.")
    verdict = _verifier({}).verify(c, [p])
    assert verdict.label == "refuted"
    assert "130" in verdict.rationale and "200" in verdict.rationale


def test_number_with_other_scope_does_not_refute() -> None:
    c = claim("89 people were murdered in the Bataclan theater.")
    p = passage("In total, the terrorists would murder 130 people in Paris.")
    verdict = _verifier({p.passage.text: REFUTE}).verify(c, [p])
    assert verdict.label == "not_enough_evidence"


def test_different_referents_never_refute() -> None:
    c = claim("5,000 European Union citizens joined ISIS.")
    p = passage("An estimated 25,000 fighters travelled to Iraq and Syria.")
    verdict = _verifier({p.passage.text: REFUTE}).verify(c, [p])
    assert verdict.label != "refuted"


def test_attributed_claim_is_checked_as_speech() -> None:
    model = ScriptedStanceModel({})
    c = claim("air strikes were effective", speaker="Obama", attributed=True)
    StanceVerifier(model, reader=_reader()).verify(
        c, [passage("Obama insisted air strikes were effective.")]
    )
    assert model.calls[0][1] == "Obama said that air strikes were effective"


def test_speech_is_confirmed_only_by_a_passage_naming_the_speaker() -> None:
    c = claim("air strikes were effective", speaker="Barack Obama", attributed=True)
    unnamed = passage("The air strikes were effective, officials in Baghdad said.")
    verdict = _verifier({unnamed.passage.text: SUPPORT}).verify(c, [unnamed])
    assert verdict.label == "not_enough_evidence"
    assert "does not report what Barack Obama said" in (verdict.evidence[0].note or "")
    named = passage("Obama insisted that the air strikes were effective.")
    assert _verifier({named.passage.text: SUPPORT}).verify(c, [named]).label == "supported"
    # A speaker with no name to look for ("witnesses") is not held to this.
    anon = claim("air strikes were effective", speaker="witnesses", attributed=True)
    assert _verifier({unnamed.passage.text: SUPPORT}).verify(anon, [unnamed]).label == "supported"


def test_own_document_passages_are_ignored() -> None:
    own = passage("The stadium was attacked.", doc="doc-a")
    verdict = _verifier({own.passage.text: SUPPORT}).verify(
        claim("The stadium was attacked."), [own]
    )
    assert verdict.label == "not_enough_evidence"


def test_before_for_after_is_a_time_relation_reversed_not_a_negation() -> None:
    from verification.polarity import polarity

    reversed_time = polarity("They met nine days after the attacks", "They met nine days before")
    assert reversed_time.flipped and reversed_time.temporal
    denied = polarity("The border is open", "The border is closed")
    assert denied.flipped and not denied.temporal


@pytest.mark.parametrize(
    ("text", "hedged"),
    [
        ("Apple is reportedly buying Path.", True),
        ("A video purports to show the beheading.", True),
        ("The minister is said to have resigned.", True),
        ("According to unconfirmed reports, the bridge collapsed.", True),
        ("ISIS claims to have downed the airliner.", True),
        ("Its Sinai affiliate claimed to have brought down a Russian airliner.", True),
        ("IS claimed responsibility for the attacks.", False),
        ("The police reported two arrests.", False),
        ("According to the police, two men were arrested.", False),
    ],
)
def test_reported_only_finds_hedges_not_reports(text: str, hedged: bool) -> None:
    from verification.hedges import reported_only

    assert reported_only(text) is hedged


@pytest.mark.parametrize(
    ("claim_text", "passage_text", "agree"),
    [
        # One more negation, of something the claim never says: the "not" both give agrees.
        (
            'Gordon Brown would not be distracted by "gossip".',
            'Blair did no deals, while Mr Brown says he will not let "gossip" distract him.',
            True,
        ),
        ("The border is controlled by the YPG.", "The YPG did not take Raqqa.", True),
        # A negation of the shared statement itself is a flip in scope.
        ("IS claimed responsibility for the attacks.", "No group claimed responsibility.", False),
        ("The council approved the bridge.", "The council did not approve the bridge.", False),
    ],
)
def test_a_negation_of_what_only_one_text_says_leaves_the_shared_negations_agreeing(
    claim_text: str, passage_text: str, agree: bool
) -> None:
    from verification.polarity import polarity

    got = polarity(claim_text, passage_text)
    assert got.flipped  # it still blocks support
    assert got.shared_negations_agree is agree
