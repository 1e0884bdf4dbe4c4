"""Relative dates anchored to the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from claims.relative_dates import anchor_dates, find_relative_dates

MONDAY = date(2015, 11, 16)
FRIDAY = date(2015, 1, 23)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Last Friday, Paris was attacked.", MONDAY, "On 13 November 2015, Paris was attacked."),
        ("the events of last Friday", MONDAY, "the events of 13 November 2015"),
        ("talks in London on Thursday", FRIDAY, "talks in London on 22 January 2015"),
        ("fled on Friday night in a car", MONDAY, "fled on the night of 13 November 2015 in a car"),
        ("has said Friday’s attacks were", MONDAY, "has said the 13 November 2015 attacks were"),
        ("He warned yesterday that", MONDAY, "He warned on 15 November 2015 that"),
        (
            "For most of last year and much of this year",
            MONDAY,
            "For most of 2014 and much of 2015",
        ),
        ("Reports earlier this month said", FRIDAY, "Reports earlier in January 2015 said"),
        ("the war erupted four years ago", MONDAY, "the war erupted in 2011"),
        ("On 12 November, IS claimed it", MONDAY, "On 12 November 2015, IS claimed it"),
        ("the address January 20 by Obama", FRIDAY, "the address January 20, 2015 by Obama"),
        ("In December the group grew", FRIDAY, "In December 2014 the group grew"),
        ("The leaders will meet on Friday", MONDAY, "The leaders will meet on 20 November 2015"),
    ],
)
def test_anchor(text: str, published: date, expected: str) -> None:
    assert anchor_dates(text, published) == expected


@pytest.mark.parametrize(
    "text", ["On that Friday the 13th", "in June 2014", "on Friday 13 November 2015", "9/11"]
)
def test_absolute_dates_are_left_alone(text: str) -> None:
    assert anchor_dates(text, MONDAY) == text


def test_without_a_publication_date_nothing_changes() -> None:
    assert find_relative_dates("Last Friday, Paris was attacked.", None) == []
