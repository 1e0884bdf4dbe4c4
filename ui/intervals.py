"""Claim numbers next to the numbers of each evidence passage, as intervals."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from crosscheck.models import CheckedClaim, Quantity

QuantityParser = Callable[[str], list[Quantity]]
# The verifier's figure semantics (verification/figures.py): "within" supports, "conflict"
# refutes, "open" overlaps without settling, "unrelated" counts something else.
Relation = Literal["within", "conflict", "open", "unrelated"]
RELATION_ICONS: dict[str, str] = {"within": "✅", "conflict": "❌", "open": "➖", "unrelated": "·"}


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
    """As the verifier compares figures: the same referent and unit, then containment
    ("within"), disjointness ("conflict") or an overlap that settles nothing ("open")."""
    from verification.figures import reading, referent_class, stated
    from verification.lexicon import load_lexicon

    lexicon = load_lexicon()
    ck, ek = referent_class(claim_q, lexicon), referent_class(evidence_q, lexicon)
    if ck is None or ek is None or ck != ek or (claim_q.unit or "") != (evidence_q.unit or ""):
        return "unrelated"
    claimed = reading(claim_q, lexicon)
    if claimed.contains(stated(evidence_q, lexicon)):
        return "within"
    return "conflict" if claimed.disjoint(reading(evidence_q, lexicon)) else "open"


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
    order = {"conflict": 0, "within": 1, "open": 2, "unrelated": 3}
    return sorted(rows, key=lambda r: order[r.relation])
