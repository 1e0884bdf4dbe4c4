"""Figures as entailment (verification.figures), with the real quantity parser and reader.

Each test is named after the case it decides (issue 11, "What to build", points 1 and 2).
The "224 on board" (Sinai) case is decided by the other-place rule of the semantics and is
tested end to end in tests/test_stance_verifier.py.
"""

from __future__ import annotations

import pytest

from claims.quantities import parse_quantities
from crosscheck.models import Quantity
from verification.figures import (
    APPROX_TOLERANCE,
    FigureCheck,
    Interval,
    compare_figures,
    floor_meets,
    in_words,
    reading,
    referent_class,
    stated,
)
from verification.lexicon import Lexicon
from verification.statements import StatementReader

pytestmark = pytest.mark.model  # spaCy's small English model reads the names


@pytest.fixture(scope="module")
def reader() -> StatementReader:
    return StatementReader()


@pytest.fixture(scope="module")
def lexicon(reader: StatementReader) -> Lexicon:
    return reader.lexicon


def check(reader: StatementReader, claim: str, passage: str) -> FigureCheck:
    """The figure relation the engine computes: claim quantities parsed as claims are."""
    claim_stmt = reader.read(claim)
    passage_stmt = reader.read(passage)
    return compare_figures(claim_stmt, passage_stmt, reader.lexicon, tuple(parse_quantities(claim)))


def only(text: str) -> Quantity:
    found = parse_quantities(text)
    assert len(found) == 1, found
    return found[0]


# --- point 1: the required cases ------------------------------------------------------------
def test_130_supports_at_least_129(reader: StatementReader) -> None:
    got = check(
        reader,
        "At least 129 people were killed in the Paris attacks.",
        "In total, the terrorists murdered 130 people in Paris.",
    )
    assert got.relation == "entails"
    assert got.evidence_quantity is not None and got.evidence_quantity.low == 130


def test_at_least_129_does_not_support_200(reader: StatementReader) -> None:
    got = check(
        reader,
        "200 people were killed in the Paris attacks.",
        "At least 129 people were killed in the Paris attacks.",
    )
    # "at least 129" allows 200 but does not state it: neutral, neither way.
    assert got.relation == "neutral"


def test_130_in_total_refutes_200(reader: StatementReader) -> None:
    got = check(
        reader,
        "200 people were killed in the Paris attacks.",
        "In total, the terrorists killed 130 people in Paris.",
    )
    assert got.relation == "contradicts"
    assert got.claim_quantity is not None and got.claim_quantity.low == 200


def test_up_to_200_refutes_up_to_2000(reader: StatementReader) -> None:
    got = check(
        reader,
        "Up to 2,000 militants were in place across Europe.",
        "Up to 200 militants were in place across Europe.",
    )
    assert got.relation == "contradicts"


def test_up_to_2000_is_an_estimate_near_2000_not_zero_to_2000(lexicon: Lexicon) -> None:
    q = only("up to 2,000 militants")
    band = reading(q, lexicon)
    assert band.high == 2000
    assert band.low == pytest.approx(2000 * (1 - APPROX_TOLERANCE))
    assert not band.contains(Interval(low=200, high=200))


def test_89_in_the_bataclan_neither_supports_nor_refutes_130_in_paris(
    reader: StatementReader,
) -> None:
    got = check(
        reader,
        "130 people were killed in Paris.",
        "89 people were killed in the Bataclan.",
    )
    assert got.relation == "neutral"
    assert "Bataclan" in got.reason


def test_130_in_paris_neither_supports_nor_refutes_89_in_the_bataclan(
    reader: StatementReader,
) -> None:
    got = check(
        reader,
        "89 people were killed in the Bataclan.",
        "130 people were killed in Paris.",
    )
    assert got.relation == "neutral"


def test_the_same_figure_for_the_same_place_entails(reader: StatementReader) -> None:
    # Control for the scope cases: the scope rule only fires when the places differ.
    got = check(
        reader,
        "89 people were killed in the Bataclan.",
        "Gunmen killed 89 people in the Bataclan.",
    )
    assert got.relation == "entails"


# --- point 2: referents ---------------------------------------------------------------------
def test_killed_and_injured_never_meet(reader: StatementReader) -> None:
    got = check(reader, "130 people were killed in Paris.", "130 people were injured in Paris.")
    assert got.relation == "none"
    got = check(reader, "352 people were injured in Paris.", "352 people died in Paris.")
    assert got.relation == "none"


def test_more_than_350_injured_not_supported_by_more_than_250000_killed(
    reader: StatementReader,
) -> None:
    got = check(
        reader,
        "More than 350 people were injured.",
        "More than 250,000 people have been killed in Syria.",
    )
    assert got.relation not in ("entails", "contradicts")


def test_more_than_350_injured_not_supported_by_at_least_129_dead(
    reader: StatementReader,
) -> None:
    got = check(
        reader,
        "More than 350 people were injured.",
        "At least 129 people are dead.",
    )
    assert got.relation not in ("entails", "contradicts")


def test_fighters_are_not_a_death_toll(reader: StatementReader) -> None:
    got = check(
        reader,
        "40 people were killed in Raqqa.",
        "40 fighters arrived in Raqqa.",
    )
    assert got.relation == "none"


def test_bare_people_with_no_outcome_verb_is_no_referent(lexicon: Lexicon) -> None:
    sentence = "There were 130 people in the hall."
    q = only(sentence)
    assert q.referent == "people"  # the parser leaves it bare: no verb to take a class from
    assert referent_class(q, lexicon, sentence) is None


def test_bare_people_with_two_outcomes_is_no_referent(lexicon: Lexicon) -> None:
    sentence = "Of the 300 people at the concert, many were killed and many were injured."
    assert referent_class(only(sentence), lexicon, sentence) is None


def test_bare_people_takes_the_outcome_verb_of_its_sentence(lexicon: Lexicon) -> None:
    sentence = "130 people were killed in Paris."
    assert referent_class(only(sentence), lexicon, sentence) == "killed"
    sentence = "130 people were injured in Paris."
    assert referent_class(only(sentence), lexicon, sentence) == "injured"


def test_a_crowd_of_people_does_not_decide_a_death_toll(reader: StatementReader) -> None:
    got = check(
        reader,
        "130 people were killed in Paris.",
        "There were about 5,000 people in the square in Paris.",
    )
    assert got.relation == "none"


# --- point 2: cumulative figures ------------------------------------------------------------
def test_250000_killed_since_the_war_began_does_not_refute_a_single_event_figure(
    reader: StatementReader,
) -> None:
    got = check(
        reader,
        "130 people were killed in the attacks.",
        "More than 250,000 people have been killed since the war began.",
    )
    assert got.relation == "neutral"
    assert "cumulative" in got.reason


def test_two_cumulative_figures_can_contradict(reader: StatementReader) -> None:
    # The cumulative rule is about a cumulative figure against a single-event one only.
    got = check(
        reader,
        "More than 300,000 people have been killed since the war began.",
        "About 250,000 people have been killed since the war began.",
    )
    assert got.relation == "contradicts"


# --- the tolerance band ---------------------------------------------------------------------
def test_about_130_supports_at_least_129(reader: StatementReader) -> None:
    got = check(
        reader,
        "At least 129 people were killed in Paris.",
        "About 130 people were killed in Paris.",
    )
    assert got.relation == "entails"


def test_about_130_is_stated_at_its_value_for_containment(lexicon: Lexicon) -> None:
    q = only("about 130 people")
    assert stated(q, lexicon) == Interval(low=130, high=130)
    # ...and read with the band for disjointness.
    band = reading(q, lexicon)
    assert band.low < 130 < band.high


def test_about_130_does_not_refute_127(reader: StatementReader) -> None:
    got = check(
        reader,
        "127 people were killed in Paris.",
        "About 130 people were killed in Paris.",
    )
    assert got.relation == "neutral"


def test_about_130_refutes_at_least_200(reader: StatementReader) -> None:
    got = check(
        reader,
        "At least 200 people were killed in Paris.",
        "About 130 people were killed in Paris.",
    )
    assert got.relation == "contradicts"


def test_more_than_129_is_not_supported_by_exactly_129(lexicon: Lexicon) -> None:
    claimed = reading(only("more than 129 people"), lexicon)
    assert not claimed.contains(stated(only("129 people"), lexicon))
    assert claimed.contains(stated(only("130 people"), lexicon))
    assert claimed.disjoint(reading(only("129 people"), lexicon))


# --- money and units ------------------------------------------------------------------------
def test_48_million_dollars_contradicts_95_million_dollars(reader: StatementReader) -> None:
    got = check(
        reader,
        "The bridge will cost 48 million dollars.",
        "The bridge will cost 95 million dollars.",
    )
    assert got.relation == "contradicts"


def test_48_million_dollars_entails_48_million_dollars(reader: StatementReader) -> None:
    got = check(
        reader,
        "The bridge will cost 48 million dollars.",
        "Engineers say the bridge will cost 48 million dollars.",
    )
    assert got.relation == "entails"


def test_250_thousand_dollars_not_entailed_by_1500_thousand_dollars(
    reader: StatementReader,
) -> None:
    got = check(
        reader,
        "The park opened at a cost of 250 thousand dollars.",
        "The park opened at a cost of 1500 thousand dollars.",
    )
    assert got.relation != "entails"
    assert got.relation == "contradicts"


def test_figures_of_different_units_never_meet(reader: StatementReader) -> None:
    got = check(
        reader,
        "The bridge will cost 48 million dollars.",
        "The bridge will be 48 km long.",
    )
    assert got.relation == "none"


# --- intervals in words ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("at least 129 people", "at least 129"),
        ("more than 250,000 people", "more than 250,000"),
        ("up to 200 militants", "up to 200"),
        ("between 5 and 10 people", "between 5 and 10"),
        ("130 people", "130"),
    ],
)
def test_in_words(text: str, words: str) -> None:
    assert in_words(only(text)) == words


def test_a_stated_floor_at_the_claimed_number_meets_it() -> None:
    exact = Interval(low=130, high=130)
    assert floor_meets(exact, Interval(low=130, high=float("inf")))  # "130 or more"
    assert not floor_meets(exact, Interval(low=129, high=float("inf")))  # "at least 129"
    assert not floor_meets(exact, Interval(low=130, high=float("inf"), low_open=True))
    assert not floor_meets(Interval(low=100, high=200), Interval(low=100, high=float("inf")))


def test_shares_in_words_are_figures_of_their_noun() -> None:
    from verification.statements import share_counts

    found = {
        q.text: (q.low, q.unit, q.referent)
        for q in share_counts(
            "Strikes killed half its leadership and freed all of the hostages all day long; "
            "all 224 people on board died."
        )
    }
    assert found == {
        "half its leadership": (0.5, "share", "leadership"),
        "all of the hostages": (1.0, "share", "hostages"),
    }


def test_a_count_of_someone_s_things_is_a_part_not_the_whole(lexicon: Lexicon) -> None:
    part = only("Twenty of his films are screening in a special retrospective.")
    whole = only("Some 350 films will be screened at this year's festival.")
    assert part.referent == "his films"
    assert referent_class(part, lexicon) != referent_class(whole, lexicon)
    fighters = "Ten of their fighters were killed."
    assert referent_class(only(fighters), lexicon, fighters) != "killed"
    # The same part on both sides still meets.
    again = only("Twenty of his films are shown.")
    assert referent_class(part, lexicon) == referent_class(again, lexicon)


def test_a_bare_count_is_confirmed_only_by_a_passage_stating_it(reader: StatementReader) -> None:
    # "130 people on board" has no referent class to compare, but a passage repeating every
    # other word with 224 must not confirm it through its words.
    claim = "The Russian airliner brought down over Sinai had 130 people on board."
    other = check(
        reader, claim, "A Russian airliner was brought down over Sinai with 224 people on board."
    )
    assert other.relation == "none" and "'130'" in other.reason
    same = check(
        reader, claim, "A Russian airliner was brought down over Sinai with 130 people on board."
    )
    assert (same.relation, same.reason) == ("none", "")


def test_bodies_recovered_count_the_dead(reader: StatementReader) -> None:
    got = check(
        reader,
        "The earthquake killed 65 people.",
        "72 bodies have been recovered from the rubble after the earthquake.",
    )
    assert got.relation == "contradicts"


def test_put_the_toll_at_counts_the_dead() -> None:
    (toll,) = parse_quantities("The Red Cross put the toll at 68.")
    assert toll.referent == "people killed"


def test_a_possessive_place_is_not_where_a_figure_was(
    reader: StatementReader, lexicon: Lexicon
) -> None:
    # "Kenya's interior minister said … 62 … in Nairobi": a Nairobi figure, as the claim's.
    claim = reader.read("62 people were killed in the attack on the mall in Ostria.")
    passage = reader.read(
        "Varenia's interior minister said on Monday that 62 people had been killed in the "
        "attack on the Riverside mall in Ostria."
    )
    got = compare_figures(claim, passage, lexicon)
    assert got.relation == "entails"
