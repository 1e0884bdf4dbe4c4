"""The layout-neutral structure that the Markdown, HTML and PDF exports all lay out.

Building it once keeps the three readable formats saying the same thing: same counts,
same article order, same claim order, same citation wording.
"""

from __future__ import annotations

from dataclasses import dataclass

from crosscheck.models import (
    VERDICTS,
    CheckedClaim,
    DocumentInfo,
    EditorReview,
    Evidence,
    Report,
    VerdictLabel,
)
from reports.labels import (
    STANCE_ICONS,
    VERDICT_NAMES,
    document_title,
    format_date,
    format_percent,
    format_quantities,
    format_score,
    format_timestamp,
    one_line,
    span_text,
)

REVIEW_STATUS_NAMES = {
    "unreviewed": "unreviewed",
    "reviewed": "reviewed",
    "needs_follow_up": "needs follow-up",
}

UNSOURCED_TITLE = "Claims without a source article"
UNSOURCED_ANCHOR = "article-unsourced"


def claim_anchor(claim_id: str) -> str:
    """The fragment other tools link to: ``#claim-<claim_id>``."""
    return f"claim-{claim_id}"


def article_anchor(doc_id: str) -> str:
    return f"article-{doc_id}"


@dataclass(frozen=True)
class ArticleRow:
    """One line of the per-article summary table."""

    title: str
    published: str
    author: str | None
    counts: dict[VerdictLabel, int]
    anchor: str | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Citation:
    """An evidence passage with what a reader needs to find it in the cited article."""

    evidence: Evidence
    doc: DocumentInfo | None
    title: str
    published: str
    anchor: str | None


@dataclass(frozen=True)
class ArticleSection:
    """An article and the claims taken from it, in reading order."""

    doc: DocumentInfo | None
    title: str
    anchor: str
    claims: tuple[CheckedClaim, ...]


@dataclass(frozen=True)
class Outline:
    report: Report
    verdict_counts: dict[VerdictLabel, int]
    article_rows: tuple[ArticleRow, ...]
    sections: tuple[ArticleSection, ...]

    @property
    def total_claims(self) -> int:
        return len(self.report.claims)

    def citations(self, claim: CheckedClaim) -> tuple[Citation, ...]:
        anchors = {s.doc.doc_id: s.anchor for s in self.sections if s.doc is not None}
        cited = []
        for evidence in claim.evidence:
            doc = self.report.document(evidence.doc_id)
            cited.append(
                Citation(
                    evidence=evidence,
                    doc=doc,
                    title=document_title(doc, evidence.doc_id),
                    published=format_date(doc.published if doc else None),
                    anchor=anchors.get(evidence.doc_id),
                )
            )
        return tuple(cited)


def _reading_order(claim: CheckedClaim) -> int:
    # Claims without a source span go last; the sort is stable, so ties keep report order.
    return claim.source.start if claim.source is not None else 2**62


def _counts(claims: tuple[CheckedClaim, ...] | list[CheckedClaim]) -> dict[VerdictLabel, int]:
    counts: dict[VerdictLabel, int] = {label: 0 for label in VERDICTS}
    for claim in claims:
        counts[claim.verdict] += 1
    return counts


def build_outline(report: Report) -> Outline:
    """Group the claims present (a filtered subset counts only itself) by article."""
    known = {doc.doc_id for doc in report.documents}
    by_doc: dict[str, list[CheckedClaim]] = {doc.doc_id: [] for doc in report.documents}
    unsourced: list[CheckedClaim] = []
    for claim in report.claims:
        if claim.doc_id is not None and claim.doc_id in known:
            by_doc[claim.doc_id].append(claim)
        else:
            unsourced.append(claim)

    sections: list[ArticleSection] = []
    rows: list[ArticleRow] = []
    for doc in report.documents:
        claims = tuple(sorted(by_doc[doc.doc_id], key=_reading_order))
        anchor = article_anchor(doc.doc_id)
        title = document_title(doc)
        if claims:
            sections.append(ArticleSection(doc=doc, title=title, anchor=anchor, claims=claims))
        rows.append(
            ArticleRow(
                title=title,
                published=format_date(doc.published),
                author=doc.author,
                counts=_counts(claims),
                anchor=anchor if claims else None,
            )
        )
    if unsourced:
        claims = tuple(sorted(unsourced, key=_reading_order))
        sections.append(
            ArticleSection(doc=None, title=UNSOURCED_TITLE, anchor=UNSOURCED_ANCHOR, claims=claims)
        )
        rows.append(
            ArticleRow(
                title=UNSOURCED_TITLE,
                published="—",
                author=None,
                counts=_counts(claims),
                anchor=UNSOURCED_ANCHOR,
            )
        )
    return Outline(
        report=report,
        verdict_counts=_counts(list(report.claims)),
        article_rows=tuple(rows),
        sections=tuple(sections),
    )


def editor_verdict(review: EditorReview) -> str:
    """``refuted (machine: supported)``, or ``supported (accepted)`` when they agree."""
    final = VERDICT_NAMES[review.final_verdict].lower()
    if review.overridden:
        text = f"{final} (machine: {VERDICT_NAMES[review.machine_verdict].lower()})"
    else:
        text = f"{final} (accepted)"
    if review.confidence is not None:
        text += f", {format_percent(review.confidence)} confidence"
    return text


def review_facts(review: EditorReview | None) -> list[tuple[str, str]]:
    """The editor's decision, note and status; nothing for an untouched claim."""
    if review is None:
        return []
    facts: list[tuple[str, str]] = []
    if review.status != "unreviewed" or review.verdict is not None:
        facts.append(("Editor", editor_verdict(review)))
    if review.note.strip():
        facts.append(("Editor's note", one_line(review.note)))
    status = REVIEW_STATUS_NAMES[review.status]
    if review.stale:
        status += " — stale: the claim or its evidence changed since"
    facts.append(("Review", f"{status}, {format_timestamp(review.reviewed_at)}"))
    for flag in review.passage_flags:
        facts.append(("Passage marked", f"{flag.mark}: {span_text(flag.start, flag.end)}"))
    return facts


def claim_facts(claim: CheckedClaim) -> tuple[tuple[str, str], ...]:
    """Labelled details shown under a claim, most useful first; empty ones are left out."""
    facts: list[tuple[str, str]] = review_facts(claim.review)
    facts.append(("Rationale", one_line(claim.rationale) or "—"))
    if claim.speaker:
        # The qualifier goes in the label so the value is the name alone (bidi-safe).
        facts.append(("Attributed to" if claim.attributed else "Speaker", one_line(claim.speaker)))
    if claim.types:
        facts.append(("Types", ", ".join(claim.types)))
    if claim.quantities:
        facts.append(("Quantities", format_quantities(claim.quantities)))
    facts.append(("Check-worthiness", f"{claim.checkworthiness:.2f}"))
    if claim.source is not None:
        where = f"{span_text(claim.source.start, claim.source.end)}, {claim.source.zone}"
        facts.append(("Source", where))
        if one_line(claim.source.quote) != one_line(claim.text):
            facts.append(("Source quote", one_line(claim.source.quote)))
    facts.append(("Claim ID", claim.claim_id))
    return tuple(facts)


def citation_details(citation: Citation) -> tuple[str, ...]:
    """What follows the cited title: date, offsets, zone, score, time, note."""
    evidence = citation.evidence
    parts = [
        citation.published,
        span_text(evidence.start, evidence.end),
        f"zone {evidence.zone}",
        f"score {format_score(evidence.score)}",
    ]
    if evidence.time_relation and evidence.time_relation != "unknown":
        parts.append(f"time: {evidence.time_relation.replace('_', ' ')}")
    if evidence.note:
        parts.append(f"note: {one_line(evidence.note)}")
    return tuple(parts)


def stance_title(evidence: Evidence) -> str:
    return f"{STANCE_ICONS[evidence.stance]} {evidence.stance}"


def pipeline_line(report: Report) -> str:
    """``backend offline · verifier stance``, keys sorted so output is stable."""
    return " · ".join(f"{k} {one_line(v)}" for k, v in sorted(report.pipeline.items()))
