"""What a fact-checker should look at first, and what is noise (headlines, fragments,
reader comments) that the worksheet hides until asked."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from crosscheck.models import CheckedClaim

DECISIVE = ("refuted", "conflicting", "supported")
CHECK_WORTHY = 0.5  # the check-worthy class of the scorer (a calibrated probability)
_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_QUESTION_OPENERS = ("how ", "why ", "what ", "who ", "when ", "where ", "inside ")
_TRAILING_FRAGMENT = re.compile(r"\b(see|here|below|above|more|read)$", re.IGNORECASE)


def noise_reason(claim: CheckedClaim) -> str | None:
    """Why a claim is out of the default view: 'comment', 'boilerplate', 'headline',
    'fragment'; None for a claim worth a look."""
    zone = claim.source.zone if claim.source is not None else "body"
    if zone in ("comment", "boilerplate"):
        return zone
    text = " ".join(claim.text.split())
    words = text.split()
    if _TRAILING_FRAGMENT.search(text.rstrip(" :")):
        return "fragment"
    ended = bool(_END.search(text))
    if text.lower().startswith(_QUESTION_OPENERS) and (not ended or text.endswith("…")):
        return "headline"
    if not ended:
        capitals = sum(1 for w in words if w[:1].isupper())
        if len(words) >= 3 and capitals / len(words) > 0.6:
            return "headline"
        return "fragment"
    if len(words) < 5:
        return "fragment"
    return None


def has_outside_evidence(claim: CheckedClaim) -> bool:
    """A passage from another article that supports or refutes the claim."""
    return any(e.doc_id != claim.doc_id and e.stance != "neutral" for e in claim.evidence)


def cited_count(claim: CheckedClaim) -> int:
    """Passages that bear on the claim (neutral retrievals are not citations)."""
    return sum(1 for e in claim.evidence if e.stance != "neutral")


def priority(claim: CheckedClaim) -> int:
    """0: decisive verdict; 1: check-worthy with outside evidence; 2: the rest; 3: opinions.

    By the machine verdict, so that reviewing a claim does not move it in the list."""
    if claim.verdict == "not_checked":
        return 3
    if claim.verdict in DECISIVE:
        return 0
    if claim.checkworthiness >= CHECK_WORTHY and has_outside_evidence(claim):
        return 1
    return 2


def triage(claims: Iterable[CheckedClaim], *, show_all: bool = False) -> list[CheckedClaim]:
    """Claims in the order a person should read them; noise left out unless ``show_all``."""
    kept = [c for c in claims if show_all or noise_reason(c) is None]
    return sorted(kept, key=lambda c: (priority(c), -c.checkworthiness, -c.confidence))


def above_minimum(claims: Iterable[CheckedClaim], minimum: float) -> list[CheckedClaim]:
    """Claims at or above the minimum check-worthiness; opinions stay (as the extractor
    keeps them), to be shown as opinions."""
    return [c for c in claims if c.checkworthiness >= minimum or c.verdict == "not_checked"]


def is_check_worthy(claim: CheckedClaim, minimum: float) -> bool:
    return (
        claim.verdict != "not_checked"
        and claim.checkworthiness >= max(minimum, CHECK_WORTHY)
        and noise_reason(claim) is None
    )


def review_progress(claims: Sequence[CheckedClaim], minimum: float) -> tuple[int, int]:
    """(reviewed, total) over the check-worthy claims; a stale review or one waiting for
    follow-up does not count as done."""
    worthy = [c for c in claims if is_check_worthy(c, minimum)]
    done = sum(
        1
        for c in worthy
        if c.review is not None and c.review.status == "reviewed" and not c.review.stale
    )
    return done, len(worthy)


def review_status(claim: CheckedClaim) -> str:
    """'unreviewed', 'reviewed', 'needs_follow_up' or 'stale'."""
    if claim.review is None:
        return "unreviewed"
    return "stale" if claim.review.stale else claim.review.status
