"""Hedges: a sentence that reports a statement without vouching for it.

"Apple is reportedly near a deal for Path" and "a video that purports to show the beheading"
tell the reader that something is being said, not that it is so. Such a passage confirms only
a claim that is itself hedged ("Apple reported to be near buying Path").
"""

from __future__ import annotations

import re

_REPORTED = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|purports?[ \xa0]+to|purported[ \xa0]+to"
    r"|rumou?r(?:s|ed)?|unconfirmed|unverified"
    r"|(?:is|are|was|were)[ \xa0]+(?:said|rumou?red|reported|believed|thought)[ \xa0]+to"
    r"|according[ \xa0]+to[ \xa0]+(?:an?[ \xa0]+|unconfirmed[ \xa0]+|unnamed[ \xa0]+|media[ \xa0]+"
    r"|press[ \xa0]+|some[ \xa0]+|local[ \xa0]+)?reports?"
    r"|claim(?:s|ed)?[ \xa0]+to[ \xa0]+(?:show|have|be))\b",
    re.IGNORECASE,
)


def reported_only(text: str) -> bool:
    """The text hedges what it says as a report, a rumour or an allegation."""
    return bool(_REPORTED.search(text))
