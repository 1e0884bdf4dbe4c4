"""verification.swaps: a word put in another's place, all else repeated."""

from __future__ import annotations

import pytest

from verification.swaps import swapped_word


@pytest.mark.parametrize(
    ("claim", "passage", "found"),
    [
        (
            "Cameron was ready to help rebuild the Iraqi police.",
            "Cameron told Abadi he was ready to help rebuild the Iraqi military.",
            "'military' where the claim has 'police'",
        ),
        (
            "The route allowed a large number of Isis members to blend in.",
            "The route had also allowed a small number of Isis members to blend in.",
            "'small' where the claim has 'large'",
        ),
        (
            # Auxiliaries of another tense are the same neighbour.
            "Obama said American leadership was accelerating ISIL's advance.",
            "American leadership is stopping ISIL's advance, Obama said.",
            "'stopping' where the claim has 'accelerating'",
        ),
        (
            "ISIS controls most of western Syria and eastern Iraq.",
            "ISIS controls most of eastern Syria and western Iraq.",
            "'eastern syria' where the claim has 'western syria'",
        ),
    ],
)
def test_a_swapped_word_is_found_and_worded(claim: str, passage: str, found: str) -> None:
    assert swapped_word(claim, passage) == found


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        # The same words, or the claim's words in another order: nothing is swapped.
        ("ISIS controls most of eastern Syria.", "ISIS controls most of eastern Syria."),
        ("ISIS seized Mosul in June 2014.", "Mosul, which ISIS seized in June 2014."),
        # A longer passage around the claim's words is no swap.
        ("IS took responsibility.", "Islamic State (IS) took responsibility for the attacks."),
        # Different numbers are the figure rules' business.
        ("The council voted 7 to 2.", "The council voted 6 to 2."),
    ],
)
def test_no_swap_where_nothing_was_put_in_another_words_place(claim: str, passage: str) -> None:
    assert swapped_word(claim, passage) is None


def test_words_the_verifier_counts_as_one_are_no_swap() -> None:
    claim, passage = "The council approved the bridge plan.", "The council backed the bridge plan."
    assert swapped_word(claim, passage) == "'backed' where the claim has 'approved'"
    synonyms = {frozenset({"approved", "backed"})}
    assert swapped_word(claim, passage, lambda a, b: frozenset({a, b}) in synonyms) is None
    # One word spelt two ways is the same word.
    vapour = "Water vapour is the main greenhouse gas."
    assert swapped_word(vapour, "Water vapor is the main greenhouse gas.") is None


def test_only_a_near_copy_is_read_for_swaps() -> None:
    # Two words of four repeated: another sentence, not the claim with a word swapped.
    assert swapped_word("The Iraqi police were rebuilt.", "The Iraqi army fought on.") is None
