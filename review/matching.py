"""Finding each claim's review again after reruns, re-indexing or edited articles."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher

from crosscheck.models import CheckedClaim, EditorReview, Report, content_id

# How alike an edited claim's text must be to inherit (as stale) the old claim's review.
SIMILAR_TEXT = 0.8


def fingerprint(claim: CheckedClaim) -> str:
    """Changes when the claim's text or its cited evidence changes (not its verdict)."""
    cited = sorted(f"{e.doc_id}:{e.start}:{e.end}" for e in claim.evidence)
    return content_id("rev", " ".join(claim.text.split()), *cited)


@dataclass(frozen=True)
class Keyed:
    """A stored review with what it was written against."""

    review: EditorReview
    fingerprint: str
    doc_key: str
    claim_text: str


def doc_key(report: Report, claim: CheckedClaim) -> str:
    """The article a claim comes from, by path: stable when the article's text is edited."""
    doc = report.document(claim.doc_id)
    return doc.path if doc is not None else (claim.doc_id or "")


def match_reviews(report: Report, stored: Iterable[Keyed]) -> dict[str, EditorReview]:
    """claim_id -> review for the report's claims; a changed claim gets its review as stale."""
    rows = list(stored)
    by_id = {row.review.claim_id: row for row in rows}
    found: dict[str, EditorReview] = {}
    used: set[str] = set()
    for claim in report.claims:
        row = by_id.get(claim.claim_id)
        if row is not None:
            used.add(claim.claim_id)
            stale = row.fingerprint != fingerprint(claim)
            found[claim.claim_id] = row.review.model_copy(update={"stale": stale})
    orphans = [row for row in rows if row.review.claim_id not in used]
    for claim in report.claims:
        if claim.claim_id in found or not orphans:
            continue
        key = doc_key(report, claim)
        best, best_ratio = None, SIMILAR_TEXT
        for row in orphans:
            if row.doc_key != key:
                continue
            ratio = SequenceMatcher(None, row.claim_text, claim.text).ratio()
            if ratio >= best_ratio:
                best, best_ratio = row, ratio
        if best is not None:
            orphans.remove(best)
            found[claim.claim_id] = best.review.model_copy(
                update={"claim_id": claim.claim_id, "stale": True}
            )
    return found


def attach_reviews(report: Report, reviews: Mapping[str, EditorReview]) -> Report:
    """The report with each reviewed claim carrying its review (others unchanged)."""
    claims = tuple(
        c.model_copy(update={"review": reviews[c.claim_id]}) if c.claim_id in reviews else c
        for c in report.claims
    )
    return report.model_copy(update={"claims": claims})
