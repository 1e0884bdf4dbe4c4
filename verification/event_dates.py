"""The dates an article gives its events: "The jihadists struck Paris on November 13".

A sentence later in that article ("Islamic State took responsibility for the attacks")
speaks of the same event without repeating its date; a claim that names the event by its
date ("… for the Paris attacks of 13 November 2015") is then dated by the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Literal

from crosscheck.models import Frozen
from verification.align import date_relation, event_places, place_match
from verification.lexicon import Lexicon
from verification.statements import DateMention, Statement, StatementReader

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# Only sentences that can state a date are read (a month, a weekday, "the 13th").
_DATED = re.compile(
    rf"\b(?:{_MONTHS})\b|\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|\b\d{{1,2}}(?:st|nd|rd|th)\b"
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


class DatedEvent(Frozen):
    """One sentence's dates and the places of its acts."""

    dates: tuple[DateMention, ...]
    places: frozenset[str]


def dated_events(
    text: str, published: date | None, reader: StatementReader, lexicon: Lexicon
) -> tuple[DatedEvent, ...]:
    """Every sentence of an article that dates an act in a place."""
    sentences = [m.group(0) for m in _SENTENCE.finditer(text) if _DATED.search(m.group(0))]
    out = []
    for stmt in reader.read_many(sentences, [published] * len(sentences)):
        places = event_places(stmt, lexicon)
        if stmt.dates and places:
            out.append(DatedEvent(dates=stmt.dates, places=frozenset(places)))
    return tuple(out)


def setting_date(
    claim: Statement, events: Sequence[DatedEvent], lexicon: Lexicon
) -> Literal["same", "differs", "none"]:
    """How the article's dates for the claim's places stand to the claim's date: "same" only
    when some sentence dates an act there as the claim does and none dates one otherwise
    (an article on two Paris attacks, in January and November, dates neither)."""
    if not claim.dates:
        return "none"
    # A name the tagger reads as an organisation in the claim ("the Lyon attack") and as a
    # place in the article is a place of the claim too (as in verification.align).
    names = claim.name_keys()
    relations = {
        date_relation(claim.dates, event.dates)
        for event in events
        if any(place_match(c, event.places, lexicon) for c in claim.places | (names & event.places))
    }
    if "same" in relations and "differs" not in relations:
        return "same"
    if "differs" in relations and "same" not in relations:
        return "differs"
    return "none"
