"""parse_quantities: intervals, units, referents, and what is not a quantity."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from claims.number_words import find_number_words, words_to_int
from claims.quantities import parse_quantities
from crosscheck.models import Quantity


def only(text: str) -> Quantity:
    found = parse_quantities(text)
    assert len(found) == 1, found
    return found[0]


def interval(q: Quantity) -> tuple[float | None, float | None, bool, bool]:
    return (q.low, q.high, q.low_inclusive, q.high_inclusive)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at least 129 were killed", (129, None, True, True)),
        ("over 300 were injured", (300, None, False, True)),
        ("more than 250,000 people", (250_000, None, False, True)),
        ("up to 200 militants", (0, 200, True, True)),
        ("130 or more people", (130, None, True, True)),
        ("fewer than 40 homes", (0, 40, True, False)),
        ("less than 40 homes", (0, 40, True, False)),
        ("under 18 people", (0, 18, True, False)),
        ("89 people were murdered", (89, 89, True, True)),
        ("20 to 30 people", (20, 30, True, True)),
        ("20-30 people", (20, 30, True, True)),
        ("between 20 and 30 people", (20, 30, True, True)),
        ("2 to 3 million people", (2_000_000, 3_000_000, True, True)),
        ("roughly 30% of the area", (27, 33, True, True)),
        ("about 100 people", (90, 110, True, True)),
        ("around 100 people", (90, 110, True, True)),
        ("some 2,000 air strikes", (1800, 2200, True, True)),
        ("approximately 100 people", (90, 110, True, True)),
        ("the 60 or so states", (54, 66, True, True)),
        ("nearly 500 square kilometres", (450, 500, True, False)),
        ("almost 2,000 staff", (1800, 2000, True, False)),
        ("tens of thousands of people", (20_000, 100_000, True, False)),
        ("hundreds of thousands of Syrians", (200_000, 1_000_000, True, False)),
        ("thousands of volunteers", (2000, 10_000, True, False)),
        ("at least one hundred and twenty-nine people", (129, None, True, True)),
    ],
)
def test_intervals(text: str, expected: tuple[float | None, float | None, bool, bool]) -> None:
    assert interval(only(text)) == expected


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("roughly 30% of the area", "percent", None),
        ("a 15 per cent rise", "percent", 15),
        ("nearly 500 square kilometres of territory", "km2", None),
        ("400 km2 of land", "km2", 400),
        ("a 1000-mile border", "mile", 1000),
        ("$5 million in aid", "USD", 5_000_000),
        ("£2bn in cuts", "GBP", 2_000_000_000),
        ("€300m budget", "EUR", 300_000_000),
        ("nine days before", "day", 9),
        ("two months earlier", "month", 2),
        ("14 centuries ago", "century", 14),
    ],
)
def test_units(text: str, unit: str, value: float | None) -> None:
    q = only(text)
    assert q.unit == unit
    if value is not None:
        assert q.low == q.high == value


def test_parenthesised_conversion_is_merged_not_a_second_quantity() -> None:
    text = "The 1000-mile (1,600km) Turkey-Syria border"
    q = only(text)
    assert (q.low, q.high, q.unit) == (1000, 1000, "mile")
    assert q.text == "1000-mile (1,600km)"
    assert text[q.start : q.end] == q.text


@pytest.mark.parametrize(
    "text",
    [
        "in Woolwich near London in 2013.",
        "In 2015 the group grew.",
        "the 2003 invasion of Iraq",
        "The jihadists struck Paris on November 13.",
        "crossed into Serbia on 7 October and sought asylum",
        "the State of the Union address January 20 by the President",
        "the destruction of the Twin Towers on 9/11",
        "On that Friday the 13th, the band played.",
        "a man aged 28 was held",
        "a 28-year-old man",
        "by 4 o’clock the next day",
        "Mar 28, 2016 at 7:12 pm",
        "lots of M16 rifles",
        "F-16 jets at the G20 summit",
        "OHooligan #3 wrote",
        "the first and the 3rd time",
        "call +44 20 7946 0958 today",
        "in the early 2000s",
        "one of the attackers",
        "the two countries met",
    ],
)
def test_not_quantities(text: str) -> None:
    assert parse_quantities(text) == []


def test_year_with_a_modifier_or_count_noun_is_a_quantity() -> None:
    assert interval(only("killed 2000 people")) == (2000, 2000, True, True)
    assert interval(only("over 2015 people")) == (2015, None, False, True)


@pytest.mark.parametrize(
    ("text", "referent"),
    [
        ("at least 129 dead", "dead"),
        ("left 44 people dead", "people dead"),
        ("up to 200 militants were in place", "militants"),
        ("killed 38 tourists", "tourists killed"),
        ("some 2,000 coalition air strikes had halted", "air strikes"),
        ("89 people were murdered", "people murdered"),
        ("over 300 seriously injured", "injured"),
        ("up to 5,000 European Union citizens have joined", "citizens"),
        ("nearly 500 square kilometres of territory", "territory"),
        # An outcome verb's bare count is of people; a toll counts the dead.
        ("Train derails near Lyonsville, killing at least 12", "people killed"),
        ("The death toll from the derailment rose to 18 on Monday", "people killed"),
        ("The toll stands at 9.", "people killed"),
    ],
)
def test_referent_fallback(text: str, referent: str) -> None:
    assert parse_quantities(text)[0].referent == referent


def test_partitive_takes_the_referent_of_the_whole() -> None:
    found = parse_quantities("killed 38 tourists, 30 of them British")
    assert [q.low for q in found] == [38, 30]
    assert found[1].referent == found[0].referent == "tourists killed"


def test_offsets_are_shifted_and_exact() -> None:
    text = "And now Paris, with at least 129 dead and over 300 seriously injured."
    found = parse_quantities(text, offset=1000)
    assert [q.text for q in found] == ["at least 129", "over 300"]
    for q in found:
        assert q.start is not None and q.end is not None
        assert text[q.start - 1000 : q.end - 1000] == q.text


def test_a_change_is_two_numbers_not_a_range() -> None:
    found = parse_quantities("the toll rose from 30 to 20")
    assert [(q.low, q.high) for q in found] == [(30, 30), (20, 20)]


@pytest.mark.parametrize(
    "text", ["The council voted 2 to 7 against the bridge", "Arsenal won 3-1 at home"]
)
def test_a_tally_is_two_counts_not_a_range(text: str) -> None:
    assert [(q.low, q.high) for q in parse_quantities(text)] == [
        (q.low, q.low) for q in parse_quantities(text)
    ]
    assert len(parse_quantities(text)) == 2


def test_a_range_after_by_is_still_a_range() -> None:
    found = parse_quantities("Prices rose by 3 to 5 percent")
    assert [(q.low, q.high) for q in found] == [(3, 5)]


def test_number_words_read_num2words_output() -> None:
    for value in (0, 7, 13, 21, 100, 129, 1001, 2013, 12_345, 1_234_567, 999_999_999_999):
        assert words_to_int(num2words(value)) == value
    assert [(w.value) for w in find_number_words("one two three")] == [1, 2, 3]


# --- properties -----------------------------------------------------------------------------

_SETTINGS = settings(max_examples=150, deadline=None)


def _is_year(n: int) -> bool:
    return 1000 <= n <= 2100


@_SETTINGS
@given(st.text(max_size=200))
def test_never_crashes_and_never_reversed(text: str) -> None:
    for q in parse_quantities(text):
        if q.low is not None and q.high is not None:
            assert q.low <= q.high


@_SETTINGS
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "at least",
                    "over",
                    "up to",
                    "about",
                    "nearly",
                    "or more",
                    "to",
                    "-",
                    "and",
                    "between",
                    "%",
                    "km",
                    "million",
                    "people",
                    "of",
                    "in",
                    "(",
                    ")",
                    ",",
                    "$",
                    "some",
                    "tens of thousands",
                    "one",
                    "hundred",
                    "twenty-nine",
                    "9/11",
                    "M16",
                ]
            ),
            st.integers(min_value=0, max_value=10**9).map(str),
            st.integers(min_value=0, max_value=10**6).map(lambda n: f"{n:,}"),
        ),
        max_size=12,
    )
)
def test_never_reversed_on_number_soup(parts: list[str]) -> None:
    text = " ".join(parts)
    for q in parse_quantities(text):
        if q.low is not None and q.high is not None:
            assert q.low <= q.high
        assert q.start is not None and q.end is not None
        assert text[q.start : q.end] == q.text


_COUNTS = st.integers(min_value=0, max_value=10**12).filter(lambda n: not _is_year(n))
_FORMATS = st.sampled_from([str, lambda n: f"{n:,}", num2words])


@_SETTINGS
@given(_COUNTS, _FORMATS)
def test_round_trip_at_least(n: int, fmt: object) -> None:
    q = only(f"at least {fmt(n)} people")  # type: ignore[operator]
    assert interval(q) == (n, None, True, True)


@_SETTINGS
@given(_COUNTS, _FORMATS)
def test_round_trip_over(n: int, fmt: object) -> None:
    q = only(f"over {fmt(n)} people")  # type: ignore[operator]
    assert interval(q) == (n, None, False, True)


@_SETTINGS
@given(_COUNTS, _FORMATS)
def test_round_trip_up_to(n: int, fmt: object) -> None:
    q = only(f"up to {fmt(n)} people")  # type: ignore[operator]
    assert interval(q) == (0, n, True, True)


@_SETTINGS
@given(_COUNTS, _COUNTS, _FORMATS)
def test_round_trip_range(a: int, b: int, fmt: object) -> None:
    low, high = sorted((a, b))
    q = only(f"{fmt(low)} to {fmt(high)} people")  # type: ignore[operator]
    assert interval(q) == (low, high, True, True)


@_SETTINGS
@given(st.integers(min_value=2, max_value=10**12))
def test_round_trip_number_words(n: int) -> None:
    q = only(f"they counted {num2words(n)} people")
    assert (q.low, q.high) == (n, n)
    assert q.referent == "people"


def test_one_ending_a_range_in_words_is_the_ranges_end() -> None:
    # Found by the round-trip property above: "zero to one people" read as "zero".
    assert interval(only("zero to one people")) == (0, 1, True, True)
    assert parse_quantities("She went to one of the shops.") == []


def test_a_toll_road_and_a_score_count_no_people() -> None:
    assert parse_quantities("The toll road rose to 9 dollars")[0].referent is None
    assert parse_quantities("He scored 12")[0].referent is None
