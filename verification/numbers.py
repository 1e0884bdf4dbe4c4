"""Compare a claim's quantities with a passage's, as intervals with matched referents."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Literal

from crosscheck.models import Frozen, Quantity

NumberRelation = Literal["consistent", "conflict", "unrelated", "none"]
QuantityParser = Callable[[str], list[Quantity]]

# Words that count the same thing in casualty reporting; other referents match on their stem.
_SYNONYMS: dict[str, str] = {
    w: "casualties"
    for w in (
        "dead",
        "death",
        "deaths",
        "died",
        "killed",
        "killing",
        "murdered",
        "people",
        "person",
        "victim",
        "victims",
        "life",
        "lives",
        "casualty",
        "casualties",
        "fatalities",
    )
}
_SYNONYMS.update(
    {
        w: "fighters"
        for w in ("fighter", "fighters", "militant", "militants", "jihadist", "jihadists")
    }
)
_WORD = re.compile(r"[a-z]+")


def referent_key(referent: str | None) -> str | None:
    """A coarse key for what a number counts: synonyms collapse, plurals fold."""
    if not referent:
        return None
    words = _WORD.findall(referent.lower())
    if not words:
        return None
    for word in reversed(words):
        if word in _SYNONYMS:
            return _SYNONYMS[word]
    head = words[-1]
    return head[:-1] if head.endswith("s") and len(head) > 3 else head


class NumberCheck(Frozen):
    relation: NumberRelation
    claim_quantity: Quantity | None = None
    evidence_quantity: Quantity | None = None

    def describe(self) -> str:
        if self.claim_quantity is None or self.evidence_quantity is None:
            return ""
        verb = {"consistent": "is consistent with", "conflict": "conflicts with"}.get(
            self.relation, "is not comparable with"
        )
        return (
            f"claim {interval_text(self.claim_quantity)} ({self.claim_quantity.text!r}) {verb} "
            f"evidence {interval_text(self.evidence_quantity)} "
            f"({self.evidence_quantity.text!r})"
        )


def counted(q: Quantity) -> bool:
    """A count of something named ("5,000 EU citizens"), not a bare figure or a year-like one.

    Only such figures are held to "a passage must state a matching one": a bare "about 3"
    or "1988 results" has no referent to match, so no passage could ever confirm it.
    """
    if referent_key(q.referent) is None:
        return False
    year_like = (
        q.low is not None and q.low == q.high and q.low.is_integer() and 1800 <= q.low <= 2100
    )
    return not (year_like and "," not in q.text)


def interval_text(q: Quantity) -> str:
    low = "-∞" if q.low is None else _fmt(q.low)
    high = "∞" if q.high is None else _fmt(q.high)
    left = "[" if q.low_inclusive and q.low is not None else "("
    right = "]" if q.high_inclusive and q.high is not None else ")"
    unit = f" {q.unit}" if q.unit else ""
    return f"{left}{low}, {high}{right}{unit}"


def _fmt(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"


def overlaps(a: Quantity, b: Quantity) -> bool:
    """Whether two intervals share at least one value (open ends respected)."""
    lo_a = float("-inf") if a.low is None else a.low
    hi_a = float("inf") if a.high is None else a.high
    lo_b = float("-inf") if b.low is None else b.low
    hi_b = float("inf") if b.high is None else b.high
    if hi_a < lo_b or hi_b < lo_a:
        return False
    if hi_a == lo_b:
        return a.high_inclusive and b.low_inclusive
    if hi_b == lo_a:
        return b.high_inclusive and a.low_inclusive
    return True


def _units_match(a: Quantity, b: Quantity) -> bool:
    return (a.unit or "") == (b.unit or "")


def compare_quantities(
    claim_quantities: Sequence[Quantity], evidence_quantities: Sequence[Quantity]
) -> NumberCheck:
    """Consistent if a matched pair overlaps; conflict if every matched pair is disjoint.

    Quantities only match when both carry a referent that agrees and their units agree:
    "5,000 EU citizens" and "25,000 foreign fighters" are unrelated, not a contradiction.
    """
    if not claim_quantities or not evidence_quantities:
        return NumberCheck(relation="none")
    conflict: NumberCheck | None = None
    for cq in claim_quantities:
        ck = referent_key(cq.referent)
        if ck is None:
            continue
        for eq in evidence_quantities:
            if referent_key(eq.referent) != ck or not _units_match(cq, eq):
                continue
            if overlaps(cq, eq):
                return NumberCheck(relation="consistent", claim_quantity=cq, evidence_quantity=eq)
            conflict = conflict or NumberCheck(
                relation="conflict", claim_quantity=cq, evidence_quantity=eq
            )
    return conflict or NumberCheck(relation="unrelated")
