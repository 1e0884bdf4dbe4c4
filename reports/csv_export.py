"""The report as a spreadsheet: one row per claim–evidence pair.

A claim without evidence still gets one row (evidence columns empty). The file is UTF-8
with a byte-order mark so Excel opens accents and non-Latin names correctly.

Formula injection: every *text* cell that a spreadsheet could read as a formula (it begins
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, or their full-width forms) gets
a leading ``'``. Number columns (offsets, confidence, check-worthiness, score) are written
by this module from real numbers, so a negative score stays a plain ``-0.25`` that
spreadsheets read as a number; a non-finite number is written as neutralised text.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator

from crosscheck.display import neutralise_bidi
from crosscheck.models import CheckedClaim, DocumentInfo, Evidence, Report
from reports.labels import format_quantities

COLUMNS: tuple[str, ...] = (
    "claim_id",
    "doc_id",
    "article_title",
    "article_published",
    "article_author",
    "claim_text",
    "claim_types",
    "speaker",
    "attributed",
    "checkworthiness",
    "verdict",
    "confidence",
    "rationale",
    "source_start",
    "source_end",
    "source_zone",
    "source_quote",
    "quantities",
    "evidence_rank",
    "evidence_doc_id",
    "evidence_title",
    "evidence_published",
    "evidence_start",
    "evidence_end",
    "evidence_zone",
    "evidence_quote",
    "stance",
    "score",
    "time_relation",
    "evidence_note",
    "backend",
    # Schema 1.1: the editor's review (empty when nobody reviewed the claim).
    "editor_verdict",
    "editor_confidence",
    "review_status",
    "editor_note",
    "reviewed_at",
    "review_stale",
    "evidence_mark",
)

# Full-width forms are included because some spreadsheet locales fold them to ASCII.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


# Excel's limit per cell; a longer cell is cut (by Excel silently, here visibly).
MAX_CELL_CHARS = 32_767


def neutralise(value: str) -> str:
    """Prefix ``'`` to text a spreadsheet would otherwise evaluate as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def cap_cell(value: str) -> str:
    """``value`` within ``MAX_CELL_CHARS``, a marker saying how much was cut."""
    if len(value) <= MAX_CELL_CHARS:
        return value
    # Sized for the largest possible count, so the result never exceeds the limit.
    keep = MAX_CELL_CHARS - len(_cut_marker(len(value)))
    return value[:keep] + _cut_marker(len(value) - keep)


def _cut_marker(cut: int) -> str:
    return f" [… {cut:,} more characters cut; full text in report.json]"


def _text(value: str | None) -> str:
    return "" if value is None else cap_cell(neutralise(neutralise_bidi(value)))


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return neutralise(str(value))
    return repr(value)


def _article_cells(doc: DocumentInfo | None) -> list[str]:
    if doc is None:
        return ["", "", ""]
    return [
        _text(doc.title),
        doc.published.isoformat() if doc.published else "",
        _text(doc.author),
    ]


def _claim_cells(claim: CheckedClaim, report: Report) -> list[str]:
    source = claim.source
    return [
        _text(claim.claim_id),
        _text(claim.doc_id),
        *_article_cells(report.document(claim.doc_id)),
        _text(claim.text),
        ";".join(claim.types),
        _text(claim.speaker),
        "true" if claim.attributed else "false",
        _number(claim.checkworthiness),
        claim.verdict,
        _number(claim.confidence),
        _text(claim.rationale),
        _number(source.start if source else None),
        _number(source.end if source else None),
        source.zone if source else "",
        _text(source.quote if source else None),
        _text(format_quantities(claim.quantities)),
    ]


def _evidence_cells(rank: int, evidence: Evidence, report: Report) -> list[str]:
    doc = report.document(evidence.doc_id)
    return [
        str(rank),
        _text(evidence.doc_id),
        _text(doc.title if doc else None),
        doc.published.isoformat() if doc and doc.published else "",
        _number(evidence.start),
        _number(evidence.end),
        evidence.zone,
        _text(evidence.quote),
        evidence.stance,
        _number(evidence.score),
        evidence.time_relation or "",
        _text(evidence.note),
    ]


def _review_cells(claim: CheckedClaim) -> list[str]:
    review = claim.review
    if review is None:
        return [""] * 6
    return [
        review.final_verdict,
        _number(review.confidence),
        review.status,
        _text(review.note),
        review.reviewed_at.isoformat(),
        "true" if review.stale else "false",
    ]


def _mark(claim: CheckedClaim, evidence: Evidence) -> str:
    if claim.review is None:
        return ""
    spot = (evidence.doc_id, evidence.start, evidence.end)
    return next(
        (f.mark for f in claim.review.passage_flags if (f.doc_id, f.start, f.end) == spot), ""
    )


def iter_rows(report: Report) -> Iterator[list[str]]:
    """Data rows (no header) in report order, evidence in verdict order."""
    empty_evidence = [""] * 12
    for claim in report.claims:
        head = _claim_cells(claim, report)
        tail = [_text(claim.backend), *_review_cells(claim)]
        if not claim.evidence:
            yield head + empty_evidence + tail + [""]
        for rank, evidence in enumerate(claim.evidence, start=1):
            yield head + _evidence_cells(rank, evidence, report) + tail + [_mark(claim, evidence)]


def report_to_csv(report: Report) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(iter_rows(report))
    return buffer.getvalue()


def render_csv(report: Report) -> bytes:
    return report_to_csv(report).encode("utf-8-sig")
