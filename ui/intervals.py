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
    from verification.numbers import interval_text

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
                        claim_interval=interval_text(cq),
                        evidence_text=_describe(eq),
                        evidence_interval=interval_text(eq),
                        source=label,
                        relation=relation(cq, eq),
                    )
                )
    order = {"conflict": 0, "consistent": 1, "unrelated": 2}
    return sorted(rows, key=lambda r: order[r.relation])
