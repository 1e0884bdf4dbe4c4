"""Rows for the claims and articles tables, and the claim filters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from crosscheck.display import neutralise_bidi
from crosscheck.models import CheckedClaim, Document, DocumentInfo, Report
from ui.verdicts import verdict_label

Row = dict[str, object]
NO_TYPE = "(none)"


def document_title(doc: Document | DocumentInfo | None, fallback: str = "(unknown article)") -> str:
    """A document's title, else its first line, else its file name (plain text)."""
    if doc is None:
        return fallback
    if doc.title and doc.title.strip():
        return neutralise_bidi(" ".join(doc.title.split()))
    text = getattr(doc, "text", "")
    first = next((line for line in text.splitlines() if line.strip()), "")
    if first:
        flat = " ".join(first.split())
        return neutralise_bidi(flat if len(flat) <= 80 else flat[:79].rstrip() + "…")
    return neutralise_bidi(PurePath(doc.path).name or doc.path)


def article_labels(docs: Sequence[Document | DocumentInfo], limit: int = 48) -> dict[str, str]:
    """Short, unique display labels per doc_id (titles truncated, duplicates numbered)."""
    labels: dict[str, str] = {}
    seen: dict[str, int] = {}
    for doc in docs:
        title = document_title(doc)
        label = title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
        if doc.published is not None:
            label += f" ({doc.published.isoformat()})"
        count = seen.get(label, 0)
        seen[label] = count + 1
        labels[doc.doc_id] = label if count == 0 else f"{label} ({count + 1})"
    return labels


def source_line(doc: Document | DocumentInfo | None) -> str:
    """'Outlet · Author · 2015-11-16' (the parts known), plain text."""
    if doc is None:
        return ""
    parts = [p for p in (doc.outlet, doc.author) if p and p.strip()]
    if doc.published is not None:
        parts.append(doc.published.isoformat())
    return " · ".join(" ".join(p.split()) for p in parts)


def claim_counts(report: Report | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    if report is None:
        return counts
    for claim in report.claims:
        if claim.doc_id is not None:
            counts[claim.doc_id] = counts.get(claim.doc_id, 0) + 1
    return counts


def article_rows(documents: Sequence[Document], report: Report | None) -> list[Row]:
    """One row per article for the corpus table."""
    counts = claim_counts(report)
    rows: list[Row] = []
    for doc in documents:
        rows.append(
            {
                "Title": document_title(doc),
                "Outlet / author": neutralise_bidi(
                    " · ".join(p for p in (doc.outlet, doc.author) if p and p.strip())
                )
                or "—",
                "Date": doc.published,
                "Size (chars)": doc.chars,
                "Claims": counts.get(doc.doc_id) if report is not None else None,
                "File": neutralise_bidi(PurePath(doc.path).name),
            }
        )
    return rows


@dataclass(frozen=True)
class ClaimFilter:
    """What the claims table shows; an empty set means 'any'."""

    articles: frozenset[str] = field(default_factory=frozenset)
    verdicts: frozenset[str] = field(default_factory=frozenset)
    types: frozenset[str] = field(default_factory=frozenset)
    zones: frozenset[str] = field(default_factory=frozenset)
    reviews: frozenset[str] = field(default_factory=frozenset)  # review_status values
    evidence_from: str | None = None  # a doc_id whose passages bear on the claim
    min_checkworthiness: float = 0.0
    min_confidence: float = 0.0
    text: str = ""

    def matches(self, claim: CheckedClaim) -> bool:
        if self.articles and (claim.doc_id or "") not in self.articles:
            return False
        if self.verdicts and claim.verdict not in self.verdicts:
            return False
        if self.types and not (set(claim.types or (NO_TYPE,)) & self.types):
            return False
        zone = claim.source.zone if claim.source is not None else "body"
        if self.zones and zone not in self.zones:
            return False
        if claim.checkworthiness < self.min_checkworthiness and claim.verdict != "not_checked":
            return False  # opinions stay, shown as opinions (as the extractor keeps them)
        if self.min_confidence > 0 and (
            claim.verdict == "not_checked" or claim.confidence < self.min_confidence
        ):
            return False  # an opinion has no confidence to pass a minimum
        if self.evidence_from and not any(
            e.doc_id == self.evidence_from and e.stance != "neutral" for e in claim.evidence
        ):
            return False
        if self.reviews:
            from ui.triage import review_status

            if review_status(claim) not in self.reviews:
                return False
        needle = self.text.strip().lower()
        return not needle or needle in searchable_text(claim)


def searchable_text(claim: CheckedClaim) -> str:
    """What full-text search looks in: the claim, its speaker, evidence and the editor's note."""
    parts = [claim.text, claim.speaker or "", *(e.quote for e in claim.evidence)]
    if claim.review is not None:
        parts.append(claim.review.note)
    return "\n".join(parts).lower()


def filter_claims(claims: Iterable[CheckedClaim], claim_filter: ClaimFilter) -> list[CheckedClaim]:
    return [c for c in claims if claim_filter.matches(c)]


def filter_options(report: Report) -> dict[str, list[str]]:
    """The values present in a report, for the filter widgets (stable order)."""
    from crosscheck.models import CLAIM_TYPES, VERDICTS, ZONES

    types = {t for c in report.claims for t in (c.types or (NO_TYPE,))}
    zones = {c.source.zone if c.source is not None else "body" for c in report.claims}
    return {
        "articles": [d.doc_id for d in report.documents],
        "verdicts": list(VERDICTS),
        "types": [t for t in (*CLAIM_TYPES, NO_TYPE) if t in types],
        "zones": [z for z in ZONES if z in zones],
    }


def claim_rows(claims: Sequence[CheckedClaim], labels: Mapping[str, str]) -> list[Row]:
    """One row per claim, in the given order (plain text; the table escapes nothing)."""
    from ui.triage import cited_count, review_status

    rows: list[Row] = []
    for claim in claims:
        verdict = verdict_label(claim.final_verdict)
        if claim.review is not None and claim.review.overridden:
            verdict += " ✎"  # the editor's verdict, not the machine's
        rows.append(
            {
                "Verdict": verdict,
                "Claim": neutralise_bidi(" ".join(claim.text.split())),
                "Article": labels.get(claim.doc_id or "", "(typed claim)"),
                "Review": REVIEW_CELLS[review_status(claim)],
                "Type": ", ".join(claim.types) or NO_TYPE,
                "Zone": claim.source.zone if claim.source is not None else "",
                "Check-worthiness": round(claim.checkworthiness, 3),
                "Confidence": None
                if claim.verdict == "not_checked"
                else round(claim.confidence, 3),
                "Cited": cited_count(claim),
                "Evidence": len(claim.evidence),
                "Speaker": neutralise_bidi(claim.speaker or "") or "—",
                "ID": claim.claim_id,
            }
        )
    return rows


REVIEW_CELLS = {
    "unreviewed": "—",
    "reviewed": "✔ reviewed",
    "needs_follow_up": "🚩 follow-up",
    "stale": "⚠ stale",
}


def claim_number(report: Report) -> dict[str, int]:
    """1-based claim numbers within each article, in text order (for article badges)."""
    numbers: dict[str, int] = {}
    per_doc: dict[str | None, list[CheckedClaim]] = {}
    for claim in report.claims:
        per_doc.setdefault(claim.doc_id, []).append(claim)
    for doc_claims in per_doc.values():
        ordered = sorted(
            doc_claims, key=lambda c: (c.source.start if c.source is not None else 0, c.claim_id)
        )
        for i, claim in enumerate(ordered, start=1):
            numbers[claim.claim_id] = i
    return numbers


def same_claim_elsewhere(report: Report, claim: CheckedClaim) -> list[CheckedClaim]:
    """Claims of other articles in the same cluster (the same claim made elsewhere)."""
    if claim.cluster_id is None:
        return []
    return [
        c
        for c in report.claims
        if c.cluster_id == claim.cluster_id
        and c.claim_id != claim.claim_id
        and c.doc_id != claim.doc_id
    ]
