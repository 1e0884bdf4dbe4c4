"""What a negation negates, read from spaCy's parse (texts written for these tests)."""

from __future__ import annotations

import pytest

from claims.nlp import load_nlp
from verification.negation import flip_in_scope, negates_shared_words, scopes

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def parse():  # type: ignore[no-untyped-def]
    nlp = load_nlp()
    return lambda text: nlp(text)


@pytest.mark.parametrize(
    ("negated", "other", "in_scope"),
    [
        # The denied clause is the speeding; the "when" clause is left standing.
        (
            "Northern Rail denied that its train was speeding when it derailed.",
            "The train derailed near Lyonsville.",
            False,
        ),
        ("The border is not controlled by the YPG.", "The YPG controls the border.", True),
        ("No group claimed responsibility for the attacks.", "IS claimed responsibility.", True),
        ("ISIS no longer controls eastern Syria.", "ISIS controls eastern Syria.", True),
        ("The coalition has failed to degrade ISIS.", "The coalition degraded ISIS.", True),
        # The subject is outside a negation's scope.
        ("The mayor did not attend the dinner.", "The mayor opened the bridge.", False),
    ],
)
def test_negation_scope(parse, negated: str, other: str, in_scope: bool) -> None:  # type: ignore[no-untyped-def]
    assert negates_shared_words(parse(negated), other.split()) is in_scope


def test_without_a_parse_or_a_cue_the_word_count_stands(parse) -> None:  # type: ignore[no-untyped-def]
    assert negates_shared_words(None, ["train"]) is None
    assert negates_shared_words(parse("The train derailed."), ["train"]) is None
    assert scopes(parse("The train derailed.")) == []


def test_flip_in_scope_checks_the_text_that_carries_the_negation(parse) -> None:  # type: ignore[no-untyped-def]
    claim = "The train derailed near Lyonsville."
    assert not flip_in_scope(
        claim, "Officials denied that the driver was drunk when the train derailed.", parse
    )
    assert flip_in_scope(claim, "The train did not derail near Lyonsville.", parse)
    # Both texts negate: the word count's reading stands without a parse.
    assert flip_in_scope("It did not rain.", "It never rained.", lambda _t: None)
