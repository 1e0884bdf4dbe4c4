"""How an evidence article's date relates to the claim's article date."""

from __future__ import annotations

from datetime import date

from crosscheck.models import TimeRelation

# Articles a month apart can describe different states of the same situation.
SAME_PERIOD_DAYS = 30


def time_relation(claim_date: date | None, evidence_date: date | None) -> TimeRelation:
    if claim_date is None or evidence_date is None:
        return "unknown"
    delta = (evidence_date - claim_date).days
    if delta > SAME_PERIOD_DAYS:
        return "later"
    if delta < -SAME_PERIOD_DAYS:
        return "earlier"
    return "same_period"
