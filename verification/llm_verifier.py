"""Verdicts from an OpenAI-compatible model; evidence is built by code, never by the model.

Each claim is its own request, so a passage can only influence the claim it was retrieved
for. Passages sit inside delimiters they cannot close, and the system prompt says they are
data. The model returns stances per passage number and a verdict; citations to numbers
that were not given are dropped, and a verdict the remaining stances do not back becomes
``not_enough_evidence``. Any backend failure hands the claim to the offline verifier.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence

from crosscheck.errors import BackendError
from crosscheck.models import Claim, Document, Evidence, ScoredPassage, Stance, Verdict
from llm.accounting import Accounting
from llm.cache import ReplyCache
from llm.calls import ask
from llm.client import StructuredChat
from llm.prompts import verification_prompt
from llm.schemas import VERDICT_SCHEMA, VerdictAnswer
from verification.base import Verifier
from verification.temporal import time_relation

log = logging.getLogger(__name__)

STAGE = "verify"
FALLBACK_BACKEND = "offline-fallback"
MAX_RATIONALE_CHARS = 1200
DOWNGRADED_CONFIDENCE = 0.5
_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")


class LLMVerifier:
    """``Verifier`` backed by an LLM, with an offline verifier as fallback."""

    name = "llm-verify.v1"

    def __init__(
        self,
        chat: StructuredChat,
        fallback: Verifier,
        *,
        cache: ReplyCache | None,
        accounting: Accounting,
    ) -> None:
        self._chat = chat
        self._fallback = fallback
        self._cache = cache
        self._accounting = accounting

    @property
    def backend(self) -> str:
        return self._chat.identity.backend

    def verify(
        self,
        claim: Claim,
        passages: Sequence[ScoredPassage],
        documents: Mapping[str, Document] | None = None,
    ) -> Verdict:
        if claim.is_opinion:
            return Verdict.not_checked(self.name, self.backend)
        if not passages:
            return Verdict(
                label="not_enough_evidence",
                confidence=1.0,
                rationale="No passage from the other articles bears on this claim.",
                verifier=self.name,
                backend=self.backend,
            )
        try:
            answer = ask(
                self._chat,
                verification_prompt(claim, passages),
                VERDICT_SCHEMA,
                VerdictAnswer,
                stage=STAGE,
                cache=self._cache,
                accounting=self._accounting,
            )
        except BackendError as exc:
            return self._fall_back(claim, passages, str(exc), documents)
        return self._verdict_from(answer, claim, passages)

    def _fall_back(
        self,
        claim: Claim,
        passages: Sequence[ScoredPassage],
        reason: str,
        documents: Mapping[str, Document] | None = None,
    ) -> Verdict:
        log.warning("LLM verification failed (%s); using the offline verifier", reason)
        self._accounting.record_fallback(STAGE)
        verdict = self._fallback.verify(claim, passages, documents)
        note = f"[LLM backend unavailable ({reason}); offline verifier used.]"
        return verdict.model_copy(
            update={
                "backend": FALLBACK_BACKEND,
                "rationale": f"{verdict.rationale} {note}".strip(),
            }
        )

    def _verdict_from(
        self, answer: VerdictAnswer, claim: Claim, passages: Sequence[ScoredPassage]
    ) -> Verdict:
        valid = range(1, len(passages) + 1)
        stances: dict[int, Stance] = {}
        for item in answer.stances:
            if item.passage in valid:
                stances.setdefault(item.passage, item.stance)
        cited = [n for n in dict.fromkeys(answer.citations) if n in valid]
        invalid = sorted(
            {n for n in answer.citations if n not in valid}
            | {s.passage for s in answer.stances if s.passage not in valid}
        )
        # Evidence: what the verdict cites, then any other passage with a stance.
        order = cited + [n for n in sorted(stances) if stances[n] != "neutral" and n not in cited]
        evidence = tuple(
            _evidence(passages[n - 1], stances.get(n, "neutral"), claim) for n in order
        )
        numbering = {old: new for new, old in enumerate(order, start=1)}
        rationale = _renumber(answer.rationale.strip(), numbering)
        label = answer.verdict
        confidence = answer.confidence
        notes: list[str] = []
        if invalid:
            notes.append(f"[Citations to passages not given were dropped: {invalid}.]")
        if not _backed(label, evidence):
            notes.append(
                f"[The model said {label!r} but no cited passage backs it, so no verdict is given.]"
            )
            label = "not_enough_evidence"
            confidence = min(confidence, DOWNGRADED_CONFIDENCE)
        text = " ".join([rationale[:MAX_RATIONALE_CHARS], *notes]).strip()
        return Verdict(
            label=label,
            confidence=confidence,
            rationale=text or "No rationale given.",
            evidence=evidence,
            verifier=self.name,
            backend=self.backend,
        )


def _evidence(scored: ScoredPassage, stance: Stance, claim: Claim) -> Evidence:
    passage = scored.passage
    return Evidence(
        doc_id=passage.doc_id,
        start=passage.start,
        end=passage.end,
        quote=passage.text,
        zone=passage.zone,
        stance=stance,
        score=scored.score,
        time_relation=time_relation(claim.published, passage.published),
    )


def _backed(label: str, evidence: Sequence[Evidence]) -> bool:
    """Whether the evidence's stances can carry ``label`` (NEE needs nothing)."""
    supports = any(e.stance == "supports" for e in evidence)
    refutes = any(e.stance == "refutes" for e in evidence)
    if label == "supported":
        return supports
    if label == "refuted":
        return refutes
    if label == "conflicting":
        return supports and refutes
    return True


def _renumber(rationale: str, numbering: dict[int, int]) -> str:
    """Rewrite ``[n]`` markers to the evidence order; markers to anything else go."""

    def replace(match: re.Match[str]) -> str:
        numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
        kept = [str(numbering[n]) for n in numbers if n in numbering]
        return f"[{', '.join(kept)}]" if kept else ""

    renumbered = _MARKER.sub(replace, rationale)
    return re.sub(r" {2,}", " ", re.sub(r"[ \t]+(?=[.,;:])", "", renumbered))
