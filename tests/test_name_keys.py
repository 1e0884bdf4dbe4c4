"""Name keys: the forms of one name fold to one key."""

from __future__ import annotations

import pytest

from verification.lexicon import name_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # The tagger reads "Mr Blair" in an article and "Blair" alone: one man.
        ("Mr Blair", "Blair"),
        ("Mrs. Thatcher", "Thatcher"),
        ("Dr Fox", "Fox"),
        ("LePen", "Le Pen"),
        ("IS's", "IS"),
        ("the Red Cross", "Red Cross"),
    ],
)
def test_forms_of_one_name_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), [("Drake", "Rake"), ("Mr", "M"), ("Sir Ian Blair", "Blair")])
def test_other_names_keep_their_own_keys(a: str, b: str) -> None:
    # A name that starts like an honorific is not shortened; a first name is no honorific.
    assert name_key(a) != name_key(b)
