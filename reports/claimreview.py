"""The report as schema.org ClaimReview JSON-LD, the markup fact-check publishers embed.

One ``ClaimReview`` per checked claim; ``not_checked`` claims (opinions) are left out.
Ratings use a 1–5 truth scale: 1 = Refuted, 3 = Conflicting or Not enough evidence
(the corpus does not settle the claim), 5 = Supported; 2 and 4 are not used.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from crosscheck.models import CheckedClaim, DocumentInfo, Report, VerdictLabel
from reports.labels import VERDICT_NAMES

BEST_RATING = 5
WORST_RATING = 1
RATING_VALUES: dict[VerdictLabel, int] = {
    "refuted": 1,
    "conflicting": 3,
    "not_enough_evidence": 3,
    "supported": 5,
}
RATING_EXPLANATION = (
    "Scale 1–5: 1 = Refuted, 3 = Conflicting or Not enough evidence (the articles checked "
    "do not settle the claim), 5 = Supported; 2 and 4 are not used. Verdicts come from "
    "passages in the other articles of the checked set, not from outside sources."
)


def document_url(path: str) -> str:
    """A ``file:`` URI for an absolute path; a relative path stays a relative reference."""
    if PurePosixPath(path).is_absolute():
        return PurePosixPath(path).as_uri()
    if PureWindowsPath(path).is_absolute():
        return PureWindowsPath(path).as_uri()
    return quote(path.replace("\\", "/"))


def _claim_author(claim: CheckedClaim, doc: DocumentInfo | None) -> dict[str, str] | None:
    # The quoted speaker made the claim; an unattributed claim is the article's own.
    if claim.speaker and claim.speaker.strip():
        return {"@type": "Person", "name": claim.speaker.strip()}
    if doc is not None and doc.author:
        return {"@type": "Person", "name": doc.author}
    if doc is not None and doc.outlet:
        return {"@type": "Organization", "name": doc.outlet}
    return None


def _item_reviewed(claim: CheckedClaim, doc: DocumentInfo | None) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    if doc is not None:
        work: dict[str, Any] = {"@type": "CreativeWork", "name": doc.title or doc.path}
        work["url"] = document_url(doc.path)
        if doc.published:
            work["datePublished"] = doc.published.isoformat()
        item["appearance"] = [work]
        if doc.published:
            item["datePublished"] = doc.published.isoformat()
    author = _claim_author(claim, doc)
    if author is not None:
        item["author"] = author
    return item


def claim_review(
    claim: CheckedClaim, report: Report, *, organisation: str, url: str | None
) -> dict[str, Any]:
    """One ClaimReview object; the claim must not be ``not_checked``."""
    review_author: dict[str, str] = {"@type": "Organization", "name": organisation}
    if url:
        review_author["url"] = url
    rating = claim.final_verdict  # the editor's when a person reviewed the claim
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": claim.claim_id,
        "claimReviewed": claim.text,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_VALUES[rating],
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": VERDICT_NAMES[rating],
            "ratingExplanation": RATING_EXPLANATION,
        },
        "itemReviewed": _item_reviewed(claim, report.document(claim.doc_id)),
        "author": review_author,
        "datePublished": (
            claim.review.reviewed_at if claim.review is not None else report.generated_at
        )
        .date()
        .isoformat(),
    }


def claim_reviews(
    report: Report, *, organisation: str = "crosscheck", url: str | None = None
) -> list[dict[str, Any]]:
    return [
        claim_review(claim, report, organisation=organisation, url=url)
        for claim in report.claims
        if claim.final_verdict != "not_checked"
    ]


def render_claimreview(
    report: Report, *, organisation: str = "crosscheck", url: str | None = None
) -> bytes:
    """A JSON array of ClaimReview objects, safe to paste into a ``<script>`` element."""
    text = json.dumps(
        claim_reviews(report, organisation=organisation, url=url), indent=2, ensure_ascii=False
    )
    # These characters only occur inside JSON strings, so escaping them keeps the JSON
    # equal while a "</script>" in a claim cannot end the page's ld+json script element.
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return (text + "\n").encode("utf-8")
