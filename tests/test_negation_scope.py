"""What a negation negates, read from spaCy's parse (texts written for these tests)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from claims.nlp import load_nlp
from verification.negation import flip_in_scope, scopes

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def parse() -> Callable[[str], Any]:
    nlp = load_nlp()
    return lambda text: nlp(text)


@pytest.mark.parametrize(
    ("claim", "passage", "flipped"),
    [
        # The denied clause is the speeding; the "when" clause is left standing.
        (
            "Train derails near Lyonsville, killing at least 12",
            "Northern Rail denied that its train was speeding when it derailed near Lyonsville.",
            False,
        ),
        ("The border is controlled by the YPG.", "The border is not controlled by the YPG.", True),
        (
            "Islamic State (IS) took responsibility for the attacks.",
            "No group claimed responsibility for the attacks.",
            True,
        ),
        ("ISIS controls eastern Syria.", "ISIS no longer controls eastern Syria.", True),
        ("The coalition degraded ISIS.", "The coalition has failed to degrade ISIS.", True),
        (
            "The attacks took place on a Sunday.",
            "The attacks did not take place on a Sunday.",
            True,
        ),
        # "no rate change" negates the change, not the rate.
        ("Bank holds interest rate at 4.75%", "Bank voted 8-1 for no rate change.", False),
        # The same statement with one more negation of the same thing.
        (
            "You don't do deals over jobs like this",
            "I said then you don't do deals over jobs like this - you don't.",
            False,
        ),
        # "refused to apologise" and "would not apologise" negate the same.
        (
            "His comments were not racist and he refused to apologise",
            "His comments were not racist, and he said he would not apologise.",
            False,
        ),
        # A relative clause is outside the negation: "without trial, which the lords ruled …".
        (
            "The suspects are held under laws which the Law Lords have ruled break rights rules",
            "Powers to detain suspects without trial, which the law lords have ruled against.",
            False,
        ),
        # The subject is outside a negation's scope.
        ("The mayor opened the bridge.", "The mayor did not attend the dinner.", False),
    ],
)
def test_flip_in_scope(
    parse: Callable[[str], Any], claim: str, passage: str, flipped: bool
) -> None:
    assert flip_in_scope(claim, passage, parse) is flipped


def test_scopes_leave_out_subject_and_modifiers(parse: Callable[[str], Any]) -> None:
    (scope,) = scopes(parse("The mayor did not attend the dinner."))
    assert "attend" in scope and "dinner" in scope and "mayor" not in scope
    assert scopes(parse("The train derailed.")) == []


def test_without_a_parse_the_word_count_stands() -> None:
    assert flip_in_scope("It rained.", "It did not rain.", lambda _t: None)
