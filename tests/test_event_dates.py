"""An article's dated events: what dates an undated passage of it speaks in."""

from __future__ import annotations

from datetime import date

import pytest

from verification.event_dates import dated_events, setting_date
from verification.lexicon import load_lexicon
from verification.statements import StatementReader

pytestmark = pytest.mark.model  # dates and places are read with spaCy

LYON = (
    "Gunmen attacked the museum in Lyon on 3 March 2019. "
    "The city was in mourning on Monday. "
    "A militant group later took responsibility for the attack."
)


@pytest.fixture(scope="module")
def reader() -> StatementReader:
    return StatementReader()


def test_an_article_dates_its_event_in_its_place(reader: StatementReader) -> None:
    lexicon = load_lexicon()
    events = dated_events(LYON, date(2019, 3, 5), reader, lexicon)
    claim = reader.read("A militant group claimed the Lyon attack of 3 March 2019.")
    assert setting_date(claim, events, lexicon) == "same"
    wrong = reader.read("A militant group claimed the Lyon attack of 4 March 2019.")
    assert setting_date(wrong, events, lexicon) == "differs"


@pytest.mark.parametrize(
    ("text", "claimed"),
    [
        # "12 November" is Beirut's bombing; it says nothing about when Paris was attacked.
        (
            "On 12 November 2015, a bomb attack in Beirut killed 44 people. Then came Paris.",
            "Gunmen attacked Paris on 12 November 2015.",
        ),
        # Two attacks on one place, two dates: the article dates neither for the claim.
        (
            "Gunmen attacked a magazine in Paris on 7 January 2015. "
            "Suicide bombers attacked Paris again on 13 November 2015.",
            "The Paris attack of 13 November 2015 was claimed by IS.",
        ),
    ],
)
def test_an_article_dates_no_claim_it_does_not_date_alone_in_its_place(
    reader: StatementReader, text: str, claimed: str
) -> None:
    lexicon = load_lexicon()
    events = dated_events(text, date(2015, 11, 20), reader, lexicon)
    assert setting_date(reader.read(claimed), events, lexicon) == "none"


def test_an_undated_claim_or_one_without_a_place_takes_no_setting(
    reader: StatementReader,
) -> None:
    lexicon = load_lexicon()
    events = dated_events(LYON, date(2019, 3, 5), reader, lexicon)
    assert (
        setting_date(reader.read("Gunmen attacked the museum in Lyon."), events, lexicon) == "none"
    )
    assert setting_date(reader.read("Gunmen attacked on 3 March 2019."), events, lexicon) == "none"
