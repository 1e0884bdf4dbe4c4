from __future__ import annotations

import json
from datetime import date

import pytest

from crosscheck.models import (
    Claim,
    Evidence,
    Passage,
    Quantity,
    ScoredPassage,
    StanceScores,
    Verdict,
)
from tests.fakes import ScriptedStanceModel, simple_quantities
from verification.aggregate import JudgedPassage, LogisticAggregator, RuleAggregator, features
from verification.citations import enforce_citations
from verification.engine import StanceVerifier
from verification.numbers import (
    compare_quantities,
    counted,
    interval_text,
    overlaps,
    referent_key,
)
from verification.temporal import time_relation

SUPPORT = StanceScores(supports=0.9, refutes=0.05, neutral=0.05)
REFUTE = StanceScores(supports=0.05, refutes=0.9, neutral=0.05)


def q(low: float | None, high: float | None, referent: str, **kw: object) -> Quantity:
    return Quantity(text=f"{low}-{high} {referent}", low=low, high=high, referent=referent, **kw)


def claim(text: str, *, quantities: tuple[Quantity, ...] = (), **kw: object) -> Claim:
    return Claim(
        claim_id=Claim.make_id("doc-a", 0, len(text), text),
        doc_id="doc-a",
        text=text,
        quantities=quantities,
        published=kw.pop("published", date(2015, 11, 16)),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def passage(
    text: str,
    doc: str = "doc-b",
    *,
    zone: str = "body",
    published: date | None = date(2015, 11, 20),
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


# -- numbers --------------------------------------------------------------------------------
def test_interval_overlap_respects_open_ends() -> None:
    at_least_129 = q(129, None, "dead")
    assert overlaps(at_least_129, q(130, 130, "people"))
    assert not overlaps(q(300, None, "injured", low_inclusive=False), q(300, 300, "injured"))
    assert overlaps(q(0, 200, "militants"), q(200, 200, "militants"))


def test_casualty_referents_match_and_others_do_not() -> None:
    assert referent_key("people dead") == referent_key("murdered") == "casualties"
    assert referent_key("EU citizens") != referent_key("foreign fighters")


def test_numbers_consistent_conflict_unrelated() -> None:
    assert (
        compare_quantities([q(129, None, "dead")], [q(130, 130, "people")]).relation == "consistent"
    )
    conflict = compare_quantities([q(130, 130, "people")], [q(200, 200, "people")])
    assert conflict.relation == "conflict"
    assert "[130, 130]" in conflict.describe() and "[200, 200]" in conflict.describe()
    unrelated = compare_quantities(
        [q(5000, 5000, "EU citizens")], [q(25000, 25000, "foreign fighters")]
    )
    assert unrelated.relation == "unrelated"
    assert compare_quantities([], [q(1, 1, "x")]).relation == "none"


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [
        (q(0, 5000, "citizens"), True),
        (q(129, None, "people dead"), True),
        (q(3, 3, None), False),  # "about 3" °C: nothing named to match
        (Quantity(text="1988", low=1988, high=1988, referent="results"), False),
        (Quantity(text="2,000", low=2000, high=2000, referent="people"), True),
    ],
)
def test_counted_figures(quantity: Quantity, expected: bool) -> None:
    assert counted(quantity) is expected


def test_interval_text_marks_open_bounds() -> None:
    assert interval_text(q(129, None, "dead")) == "[129, ∞)"
    assert interval_text(q(300, None, "x", low_inclusive=False)) == "(300, ∞)"


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
def _verifier(script: dict[str, StanceScores]) -> StanceVerifier:
    return StanceVerifier(ScriptedStanceModel(script), quantity_parser=simple_quantities)


def test_opinion_is_not_checked_and_no_model_call() -> None:
    model = ScriptedStanceModel({})
    verdict = StanceVerifier(model).verify(
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
    a, b = passage("It rained.", "doc-b"), passage("It did not rain.", "doc-c")
    verdict = _verifier({a.passage.text: SUPPORT, b.passage.text: REFUTE}).verify(
        claim("It rained."), [a, b]
    )
    assert verdict.label == "conflicting"


def test_reader_comment_never_decides_alone() -> None:
    c = passage("Only 31 people died, trust me.", zone="comment")
    verdict = _verifier({c.passage.text: REFUTE}).verify(claim("The attack killed many."), [c])
    assert verdict.label == "not_enough_evidence"
    assert "comment" in (verdict.evidence[0].note or "")


def test_later_article_does_not_refute_earlier_state() -> None:
    later = passage("ISIS has lost its grip on eastern Syria.", published=date(2016, 3, 25))
    c = claim("ISIS controls most of eastern Syria.", published=date(2015, 1, 23))
    verdict = _verifier({later.passage.text: REFUTE}).verify(c, [later])
    assert verdict.label != "refuted"
    assert verdict.evidence[0].time_relation == "later"
    assert "superseded" in (verdict.evidence[0].note or "")


def test_passage_about_another_place_does_not_refute() -> None:
    c = claim("The jihadists struck Paris on November 13.")
    beirut = passage("On 12 November, two suicide bombers struck Beirut, killing 43.")
    verdict = _verifier({beirut.passage.text: REFUTE}).verify(c, [beirut])
    assert verdict.label == "not_enough_evidence"
    assert "never names paris" in (verdict.evidence[0].note or "")
    # Nor does it confirm it.
    assert _verifier({beirut.passage.text: SUPPORT}).verify(c, [beirut]).label == (
        "not_enough_evidence"
    )
    # The same model score on a passage about the same place still refutes.
    same = passage("The jihadists did not strike Paris on 13 November, officials said.")
    assert _verifier({same.passage.text: REFUTE}).verify(c, [same]).label == "refuted"


def test_figure_is_supported_only_by_a_passage_stating_one() -> None:
    c = claim(
        "Up to 5,000 European citizens have joined ISIS.",
        quantities=(q(0, 5000, "citizens"),),
    )
    vague = passage("Many young Europeans have travelled to join ISIS in Syria.")
    verdict = _verifier({vague.passage.text: SUPPORT}).verify(c, [vague])
    assert verdict.label == "not_enough_evidence"
    assert "does not state the claim's figure" in (verdict.evidence[0].note or "")
    stated = passage("Europol says 5,000 citizens of EU states have joined ISIS.")
    assert _verifier({stated.passage.text: SUPPORT}).verify(c, [stated]).label == "supported"


def test_matching_figure_confirms_among_many_silent_passages() -> None:
    c = claim("In Paris at least 129 people are dead.", quantities=(q(129, None, "people"),))
    stated = passage("In Paris the terrorists would murder 130 people.", "doc-b")
    silent = [passage(f"Paris woke to grief on day {i}.", f"doc-{i}") for i in range(7)]
    # An aggregator that never says "supported" on its own.
    never = RuleAggregator(support=1.1, refute=1.1)
    verifier = StanceVerifier(ScriptedStanceModel({}), never, quantity_parser=simple_quantities)
    verdict = verifier.verify(c, [stated, *silent])
    assert verdict.label == "supported"
    assert verdict.evidence[0].quote == stated.passage.text
    # A credible refutation leaves the decision to the aggregator.
    against = passage("Paris officials denied that anyone died in Paris.", "doc-z")
    verifier = StanceVerifier(
        ScriptedStanceModel({against.passage.text: REFUTE}),
        never,
        quantity_parser=simple_quantities,
    )
    assert verifier.verify(c, [stated, against]).label != "supported"


def test_overlapping_figure_about_another_event_does_not_confirm() -> None:
    c = claim(
        "A bomb brought down a Russian airliner over Sinai, killing 224 people.",
        quantities=(q(224, 224, "people"),),
    )
    paris = passage("Gunmen massacred 130 people in Paris, officials said.")
    wide = q(130, None, "people")
    verifier = StanceVerifier(ScriptedStanceModel({}), quantity_parser=lambda _: [wide])
    verdict = verifier.verify(c, [paris])
    assert verdict.label == "not_enough_evidence"
    assert "figure about something else" in (verdict.evidence[0].note or "")


@pytest.mark.parametrize(
    ("claim_text", "passage_text", "flipped"),
    [
        ("The border is controlled by the YPG.", "The border is not controlled by the YPG.", True),
        ("Global temperatures rose last year.", "Global temperatures fell last year.", True),
        ("The plot was not hatched in Syria.", "The plot wasn't hatched in Syria at all.", False),
        ("Storms did not increase.", "Storms did not decrease.", True),  # antonym, both negated
        ("The border is controlled by the YPG.", "The YPG did not take Raqqa.", True),
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
    assert "a negation" in (verdict.evidence[0].note or "")
    # Low word overlap: a different statement, the model's reading stands.
    other = passage("The YPG has not been seen near the border this week.", dense=0.9)
    assert _verifier({other.passage.text: SUPPORT}).verify(c, [other]).label == "supported"


def test_same_referent_different_number_refutes() -> None:
    c = claim("Gunmen in Paris killed 130 people.", quantities=(q(130, 130, "people"),))
    p = passage("Gunmen in Paris killed 200 people.")
    verdict = _verifier({}).verify(c, [p])
    assert verdict.label == "refuted"
    assert "[130, 130]" in verdict.rationale and "[200, 200]" in verdict.rationale


def test_consistent_numbers_support() -> None:
    c = claim("In Paris at least 129 people are dead.", quantities=(q(129, None, "people"),))
    p = passage("In Paris the terrorists would murder 130 people.")
    assert _verifier({}).verify(c, [p]).label == "supported"


def test_number_with_other_scope_does_not_refute() -> None:
    c = claim("89 people were murdered in the Bataclan.", quantities=(q(89, 89, "people"),))
    p = passage("In total, the terrorists would murder 130 people.")
    verdict = _verifier({p.passage.text: REFUTE}).verify(c, [p])
    assert verdict.label == "not_enough_evidence"
    assert "different scope" in (verdict.evidence[0].note or "")


def test_different_referents_never_refute() -> None:
    c = claim("5,000 EU citizens joined ISIS.", quantities=(q(5000, 5000, "citizens"),))
    p = passage("An estimated 25,000 fighters travelled to Iraq and Syria.")
    verdict = _verifier({p.passage.text: REFUTE}).verify(c, [p])
    assert verdict.label != "refuted"


def test_attributed_claim_is_checked_as_speech() -> None:
    model = ScriptedStanceModel({})
    c = claim("air strikes were effective", speaker="Obama", attributed=True)
    StanceVerifier(model).verify(c, [passage("Obama insisted air strikes were effective.")])
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


# -- aggregation ----------------------------------------------------------------------------
def _judged(s: float, r: float, credible: bool = True) -> JudgedPassage:
    stance = "supports" if s >= 0.5 else "refutes" if r >= 0.5 else "neutral"
    return JudgedPassage(
        supports=s, refutes=r, neutral=1 - s - r, relevance=0.7, credible=credible, stance=stance
    )  # type: ignore[arg-type]


def test_features_are_count_invariant() -> None:
    five = [_judged(0.9, 0.05)] + [_judged(0.1, 0.1)] * 4
    ten = [_judged(0.9, 0.05)] * 2 + [_judged(0.1, 0.1)] * 8
    assert features(five)[0] == features(ten)[0]
    assert features(five)[4] == pytest.approx(features(ten)[4])


def test_rule_aggregator_thresholds() -> None:
    rules = RuleAggregator(0.6, 0.6)
    assert rules.decide([_judged(0.55, 0.1)]).label == "not_enough_evidence"
    assert rules.decide([_judged(0.7, 0.1)]).label == "supported"


def test_logistic_aggregator_reads_weights(tmp_path) -> None:  # type: ignore[no-untyped-def]
    n = len(features([_judged(0.5, 0.1)]))
    rows = [[0.0] * n for _ in range(4)]
    rows[0][0], rows[1][1], rows[2][6] = 5.0, 5.0, 9.0
    path = tmp_path / "agg.json"
    path.write_text(
        json.dumps(
            {
                "labels": ["supported", "refuted", "conflicting", "not_enough_evidence"],
                "coef": rows,
                "intercept": [-2, -2, -3, 0],
                "version": "t1",
            }
        )
    )
    agg = LogisticAggregator(path)
    assert agg.decide([_judged(0.95, 0.02)]).label == "supported"
    assert agg.decide([_judged(0.02, 0.95)]).label == "refuted"
    assert agg.decide([_judged(0.1, 0.1)]).label == "not_enough_evidence"
    probs = agg.decide([_judged(0.5, 0.3)]).probabilities
    assert sum(probs.values()) == pytest.approx(1.0)


def test_constrain_needs_both_sides_for_conflicting() -> None:
    from verification.aggregate import Decision, constrain

    probs = {"supported": 0.3, "refuted": 0.1, "conflicting": 0.45, "not_enough_evidence": 0.15}
    decision = Decision(label="conflicting", confidence=0.45, probabilities=probs)
    only_support = [_judged(0.8, 0.1), _judged(0.1, 0.1)]
    fixed = constrain(decision, only_support)
    assert fixed.label == "supported"
    assert fixed.confidence == pytest.approx(0.3 / 0.45, abs=1e-4)
    # A refuting reader comment does not make it conflicting either.
    with_comment = [*only_support, _judged(0.05, 0.9, credible=False)]
    assert constrain(decision, with_comment).label == "supported"
    both = [_judged(0.8, 0.1), _judged(0.05, 0.9)]
    assert constrain(decision, both) == decision
