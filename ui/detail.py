"""Everything the claim detail shows, as plain data and escaped Markdown."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from crosscheck.models import CheckedClaim, Document, Report
from ui.intervals import IntervalRow, QuantityParser, interval_rows
from ui.tables import document_title, same_claim_elsewhere
from ui.text import Highlight, highlight_markdown, quote_in_context
from ui.verdicts import STANCE_COLOURS, is_fallback


@dataclass(frozen=True)
class EvidenceCard:
    doc_id: str
    title: str
    published: date | None
    zone: str
    stance: str
    score: float
    time_relation: str | None
    note: str | None
    context_markdown: str


@dataclass(frozen=True)
class Elsewhere:
    claim_id: str
    article: str
    verdict: str
    text: str


_DOC_ID = re.compile(r"\bdoc-[0-9a-f]{12}\b")


def titled(text: str, labels: Mapping[str, str]) -> str:
    """``text`` with every document id replaced by its article's label (ids mean nothing
    to a reader); unknown ids are left as they are."""
    return _DOC_ID.sub(lambda m: f"“{labels[m[0]]}”" if m[0] in labels else m[0], text)


@dataclass(frozen=True)
class ClaimDetail:
    claim: CheckedClaim
    rationale: str  # the verifier's words, document ids shown as article titles
    article: str | None
    published: date | None
    source_markdown: str | None
    cards: tuple[EvidenceCard, ...]
    intervals: tuple[IntervalRow, ...]  # comparable pairs: conflicts first
    other_numbers: tuple[IntervalRow, ...]  # numbers of the evidence about something else
    elsewhere: tuple[Elsewhere, ...]
    fallback: bool


def evidence_card(
    claim: CheckedClaim, index: int, documents: Mapping[str, Document]
) -> EvidenceCard:
    ev = claim.evidence[index]
    doc = documents.get(ev.doc_id)
    colour = STANCE_COLOURS.get(ev.stance, "gray")
    if doc is not None and doc.text[ev.start : ev.end] == ev.quote:
        context = quote_in_context(doc.text, ev.start, ev.end, colour)
    else:  # a typed passage, or a document no longer loaded: the quote alone
        context = highlight_markdown(ev.quote, [Highlight(0, len(ev.quote), colour)])
    return EvidenceCard(
        doc_id=ev.doc_id,
        title=document_title(doc, fallback=ev.doc_id),
        published=doc.published if doc is not None else None,
        zone=ev.zone,
        stance=ev.stance,
        score=ev.score,
        time_relation=ev.time_relation,
        note=ev.note,
        context_markdown=context,
    )


def claim_detail(
    claim: CheckedClaim,
    documents: Mapping[str, Document],
    report: Report | None,
    labels: Mapping[str, str],
    parser: QuantityParser | None = None,
) -> ClaimDetail:
    """The claim in its paragraph, its evidence cards, numbers and same-claim matches."""
    doc = documents.get(claim.doc_id) if claim.doc_id else None
    source_md = None
    if doc is not None and claim.source is not None:
        source_md = quote_in_context(
            doc.text, claim.source.start, claim.source.end, "orange", max_chars=900
        )
    cards = tuple(evidence_card(claim, i, documents) for i in range(len(claim.evidence)))
    sources = [(card.title, ev.quote) for card, ev in zip(cards, claim.evidence, strict=True)]
    rows = interval_rows(claim, sources, parser) if claim.quantities else []
    elsewhere = tuple(
        Elsewhere(
            claim_id=c.claim_id,
            article=labels.get(c.doc_id or "", c.doc_id or ""),
            verdict=c.verdict,
            text=c.text,
        )
        for c in (same_claim_elsewhere(report, claim) if report is not None else [])
    )
    return ClaimDetail(
        claim=claim,
        rationale=titled(claim.rationale, labels),
        article=document_title(doc) if doc is not None else None,
        published=doc.published if doc is not None else None,
        source_markdown=source_md,
        cards=cards,
        intervals=tuple(r for r in rows if r.relation != "unrelated"),
        other_numbers=tuple(r for r in rows if r.relation == "unrelated"),
        elsewhere=elsewhere,
        fallback=is_fallback(claim.backend),
    )
