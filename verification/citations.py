"""Citation integrity, enforced in code: a quote must equal its document's text at its offsets."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from crosscheck.models import Evidence, Verdict

# Returns the full text a doc_id refers to (a document, or a passage supplied with a claim).
TextLookup = Callable[[str], str | None]


def lookup_from(texts: Mapping[str, str]) -> TextLookup:
    return texts.get


def quote_is_exact(evidence: Evidence, lookup: TextLookup) -> bool:
    text = lookup(evidence.doc_id)
    if text is None or not 0 <= evidence.start < evidence.end <= len(text):
        return False
    return text[evidence.start : evidence.end] == evidence.quote


def enforce_citations(
    verdict: Verdict, lookup: TextLookup, *, own_doc_id: str | None = None
) -> Verdict:
    """Drop evidence that misquotes or cites the claim's own document.

    A verdict other than ``not_enough_evidence``/``not_checked`` left without any
    supporting or refuting evidence becomes ``not_enough_evidence``.
    """
    kept = tuple(
        e
        for e in verdict.evidence
        if quote_is_exact(e, lookup) and (own_doc_id is None or e.doc_id != own_doc_id)
    )
    dropped = len(verdict.evidence) - len(kept)
    label = verdict.label
    rationale = verdict.rationale
    confidence = verdict.confidence
    deciding = [e for e in kept if e.stance != "neutral"]
    if label in ("supported", "refuted", "conflicting") and not deciding:
        label = "not_enough_evidence"
        confidence = min(confidence, 0.5)
        rationale = f"{rationale} [No valid citation remained, so no verdict is given.]"
    if dropped:
        rationale = (
            f"{rationale} [{dropped} citation(s) failed the integrity check and were removed.]"
        )
    if dropped == 0 and label == verdict.label:
        return verdict
    return verdict.model_copy(
        update={"evidence": kept, "label": label, "rationale": rationale, "confidence": confidence}
    )
