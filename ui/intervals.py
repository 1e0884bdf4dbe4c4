"""Claim numbers next to the numbers of each evidence passage, as intervals."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from crosscheck.models import CheckedClaim, Quantity

QuantityParser = Callable[[str], list[Quantity]]
Relation = Literal["consistent", "conflict", "unrelated"]
RELATION_ICONS: dict[str, str] = {"consistent": "✅", "conflict": "❌", "unrelated": "➖"}


@dataclass(frozen=True)
class IntervalRow:
    claim_text: str
    claim_interval: str
    evidence_text: str
    evidence_interval: str
    source: str
    relation: Relation

    def record(self) -> dict[str, str]:
        return {
            "Comparison": f"{RELATION_ICONS[self.relation]} {self.relation}",
            "Claim says": self.claim_text,
            "Claim interval": self.claim_interval,
            "Evidence interval": self.evidence_interval,
            "Evidence says": self.evidence_text,
            "Evidence from": self.source,
        }


def _number(value: float) -> str:
    return f"{int(value):,}" if value.is_integer() else f"{value:,g}"


def interval_words(q: Quantity) -> str:
    """The interval as a reader says it: 'at least 129', 'between 5 and 10', 'exactly 130'."""
    low, high = q.low, q.high
    if low is not None and high is not None:
        if low == high:
            text = f"exactly {_number(low)}"
        elif q.low_inclusive and q.high_inclusive:
            text = f"between {_number(low)} and {_number(high)}"
        else:
            left = "from" if q.low_inclusive else "above"
            right = "to" if q.high_inclusive else "below"
            text = f"{left} {_number(low)} {right} {_number(high)}"
    elif low is not None:
        text = f"{'at least' if q.low_inclusive else 'more than'} {_number(low)}"
    elif high is not None:
        text = f"{'at most' if q.high_inclusive else 'fewer than'} {_number(high)}"
    else:
        text = "an unstated number"
    return f"{text} {q.unit}" if q.unit else text


def _describe(q: Quantity) -> str:
    return f"{q.text} ({q.referent})" if q.referent else q.text


def relation(claim_q: Quantity, evidence_q: Quantity) -> Relation:
    """Comparable when referents and units agree; then overlapping intervals agree."""
    from verification.numbers import overlaps, referent_key

    ck, ek = referent_key(claim_q.referent), referent_key(evidence_q.referent)
    if ck is None or ek is None or ck != ek or (claim_q.unit or "") != (evidence_q.unit or ""):
        return "unrelated"
    return "consistent" if overlaps(claim_q, evidence_q) else "conflict"


def interval_rows(
    claim: CheckedClaim,
    sources: Sequence[tuple[str, str]],
    parser: QuantityParser | None = None,
) -> list[IntervalRow]:
    """Every claim quantity against every quantity parsed from each evidence quote.

    ``sources`` are (label, quote) pairs. Comparable pairs come first.
    """
    if not claim.quantities:
        return []
    if parser is None:
        from claims.quantities import parse_quantities

        parser = parse_quantities
    rows: list[IntervalRow] = []
    for label, quote in sources:
        for eq in parser(quote):
            for cq in claim.quantities:
                rows.append(
                    IntervalRow(
                        claim_text=_describe(cq),
                        claim_interval=interval_words(cq),
                        evidence_text=_describe(eq),
                        evidence_interval=interval_words(eq),
                        source=label,
                        relation=relation(cq, eq),
                    )
                )
    order = {"conflict": 0, "consistent": 1, "unrelated": 2}
    return sorted(rows, key=lambda r: order[r.relation])
