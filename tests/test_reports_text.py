"""Shared wording (labels, numbers, intervals) and the PDF glyph policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from crosscheck.models import Quantity
from reports.glyphs import PLACEHOLDER, fit_to_font
from reports.labels import (
    format_interval,
    format_number,
    format_quantity,
    format_timestamp,
    text_direction,
)


@pytest.mark.parametrize(
    ("quantity", "shown"),
    [
        (Quantity(text="130", low=130, high=130), "= 130"),
        (Quantity(text="at least 130", low=130, high=None), "≥ 130"),
        (Quantity(text="over 130", low=130, high=None, low_inclusive=False), "> 130"),
        (Quantity(text="up to 5", low=None, high=5), "≤ 5"),
        (Quantity(text="under 5", low=None, high=5, high_inclusive=False), "< 5"),
        (Quantity(text="2 to 5", low=2, high=5, high_inclusive=False), "[2, 5)"),
        (Quantity(text="some", low=None, high=None), "any value"),
        (Quantity(text="1.5m", low=1.5e6, high=1.5e6), "= 1500000"),
        (Quantity(text="0.3%", low=0.3, high=0.3), "= 0.3"),
    ],
)
def test_intervals_read_plainly(quantity: Quantity, shown: str) -> None:
    assert format_interval(quantity) == shown


def test_quantity_names_unit_and_referent() -> None:
    q = Quantity(text="at least\n130", low=130, high=None, unit="people", referent="dead")
    assert format_quantity(q) == "at least 130 → ≥ 130 people (dead)"


def test_numbers_without_float_noise() -> None:
    assert format_number(130.0) == "130"
    assert format_number(-2.5) == "-2.5"
    assert format_number(float("inf")) == "inf"


def test_timestamps_say_their_zone() -> None:
    assert format_timestamp(datetime(2024, 5, 1, 12, 0, tzinfo=UTC)) == "2024-05-01 12:00:00 UTC"
    paris = timezone(timedelta(hours=2))
    assert format_timestamp(datetime(2024, 5, 1, 14, 0, tzinfo=paris)).endswith("+02:00")
    assert format_timestamp(datetime(2024, 5, 1, 12, 0)) == "2024-05-01 12:00:00"


COVERED = {ord(c) for c in "abc \u200d"} | {0xFE0F}


@pytest.mark.parametrize(
    ("text", "fitted"),
    [
        ("abc", "abc"),
        ("a🙂b", f"a{PLACEHOLDER}b"),
        ("a🙂🙂b", f"a{PLACEHOLDER}{PLACEHOLDER}b"),
        ("a👍🏽b", f"a{PLACEHOLDER}b"),  # skin-tone modifier joins its emoji
        ("a👨\u200d👩\u200d👧b", f"a{PLACEHOLDER}b"),  # one zero-width-joined family
        ("a\ufe0fb", "a\ufe0fb"),  # a selector the font has is kept
        ("a\ufe0eb", "ab"),  # one it lacks, on a drawable letter, is dropped
        ("a\tb\x07c", "a bc"),
        ("a\nb", "a\nb"),
        ("a\u200db", "a\u200db"),  # joiners matter for Arabic shaping: kept
    ],
)
def test_characters_missing_from_the_font_become_one_visible_placeholder(
    text: str, fitted: str
) -> None:
    assert fit_to_font(text, COVERED) == fitted


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("plain English", None),
        ("1234 — …", None),
        ("המשטרה אישרה את המספר.", "rtl"),
        ("BBC: المتحدث باسم الشرطة قال", "rtl"),  # opens with Latin, mostly Arabic
        ("יוסי כהן reported that police believe it", "ltr"),  # opens with Hebrew
    ],
)
def test_direction_follows_most_letters(text: str, direction: str | None) -> None:
    assert text_direction(text) == direction
