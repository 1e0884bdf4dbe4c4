"""The offline verifier: stance per passage, adjusted for numbers, time and zone, aggregated."""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Sequence

from crosscheck.models import (
    Claim,
    Evidence,
    Frozen,
    Quantity,
    ScoredPassage,
    Stance,
    StanceScores,
    Verdict,
)
from retrieval.base import Embedder
from verification.aggregate import (
    Aggregator,
    Decision,
    JudgedPassage,
    RuleAggregator,
    final_decision,
)
from verification.base import StanceModel
from verification.numbers import compare_quantities, counted, interval_text
from verification.polarity import polarity
from verification.temporal import time_relation

QuantityParser = Callable[[str], list[Quantity]]
# Below this semantic similarity a passage is about something else: numbers in it
# say nothing about the claim's numbers.
NUMERIC_RELEVANCE = 0.45
# Refuting by a different number needs a passage clearly about the same thing.
CONFLICT_RELEVANCE = 0.6
# Share of the support threshold a passage keeps when it does not state the claim's figure.
FIGURE_UNSTATED_SUPPORT = 0.8
# Share of the claim's content words a passage must repeat for a negation or antonym
# mismatch to count as the same statement flipped.
POLARITY_OVERLAP = 0.6
# Below this similarity a passage may support a claim but not refute it.
REFUTE_RELEVANCE = 0.6
# An NLI model reads many off-topic premises as contradictions: a passage this far from
# the claim in meaning neither supports nor refutes it.
MIN_RELEVANCE = 0.45
_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]{2,}(?:\s[A-Z][a-z]+)*)")
_WORD = re.compile(r"\w+")
_CALENDAR = {m.lower() for m in (*calendar.month_name[1:], *calendar.day_name)}
_STOP_PROPER = {"The", "This", "That", "These", "Those", "But", "And", "Last", "In", "On", "At"}


def _default_parser(text: str) -> list[Quantity]:
    from claims.quantities import parse_quantities

    return parse_quantities(text)


def proper_nouns(text: str) -> set[str]:
    return {m.group(1) for m in _PROPER.finditer(text) if m.group(1) not in _STOP_PROPER}


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _name_words(text: str) -> set[str]:
    # Months and weekdays are dates, not subjects: the time checks handle them.
    return {w.lower() for name in proper_nouns(text) for w in name.split()} - _CALENDAR


def speaker_named(speaker: str, passage: str) -> bool | None:
    """Whether the passage names the speaker (None when the speaker has no name to look for)."""
    names = {w.lower() for w in _WORD.findall(speaker) if w[:1].isupper() and w not in _STOP_PROPER}
    if not names:
        return None
    return bool(names & _words(passage))


def other_subject(claim: str, passage: str) -> list[str]:
    """Names of the claim the passage never mentions, when the passage names others instead.

    "Jihadists struck Beirut on 12 November" does not refute "The jihadists struck Paris on
    November 13": it is another event. An NLI model reads the pair as a contradiction.
    """
    claim_names = _name_words(claim)
    passage_words = _words(passage)
    missing = sorted(n for n in claim_names if n not in passage_words)
    others = _name_words(passage) - _words(claim)
    return missing if missing and others else []


def _cap(probs: dict[str, float], key: str, ceiling: float) -> None:
    """Lower one probability to ``ceiling``; the mass removed becomes neutral."""
    if probs[key] > ceiling:
        probs["n"] += probs[key] - ceiling
        probs[key] = ceiling


def _raise(probs: dict[str, float], key: str, floor: float) -> None:
    """Lift one probability to ``floor``, shrinking the other two in proportion."""
    if probs[key] >= floor:
        return
    others = [k for k in probs if k != key]
    rest = sum(probs[k] for k in others) or 1.0
    for k in others:
        probs[k] = probs[k] / rest * (1.0 - floor)
    probs[key] = floor


def _stance(s: float, r: float, n: float, support: float, refute: float) -> Stance:
    if s >= support and s >= r:
        return "supports"
    if r >= refute and r > s:
        return "refutes"
    return "neutral"


class Judgement(Frozen):
    """One passage's adjusted stance and the citation built from it."""

    passage: JudgedPassage
    evidence: Evidence


class StanceVerifier:
    """Cross-encoder stance + structured checks; the product's default verifier."""

    def __init__(
        self,
        stance_model: StanceModel,
        aggregator: Aggregator | None = None,
        *,
        quantity_parser: QuantityParser | None = None,
        support_threshold: float = 0.5,
        refute_threshold: float = 0.5,
    ) -> None:
        self.stance_model = stance_model
        self.aggregator = aggregator or RuleAggregator(support_threshold, refute_threshold)
        self._parse = quantity_parser or _default_parser
        self.support_threshold = support_threshold
        self.refute_threshold = refute_threshold
        self.name = f"stance.v3({stance_model.name}, {self.aggregator.name})"

    def hypothesis(self, claim: Claim) -> str:
        # "X said Y" is checked as what X said; whether Y holds is a separate judgement.
        if claim.attributed and claim.speaker:
            return f"{claim.speaker} said that {claim.text}"
        return claim.text

    def verify(self, claim: Claim, passages: Sequence[ScoredPassage]) -> Verdict:
        if claim.is_opinion:
            return Verdict.not_checked(self.name)
        passages = [p for p in passages if p.passage.doc_id != claim.doc_id]
        if not passages:
            return Verdict(
                label="not_enough_evidence",
                confidence=0.9,
                rationale="No passage in the other articles bears on this claim.",
                verifier=self.name,
            )
        judgements = self.judge(claim, passages)
        evidence = [j.evidence for j in judgements]
        decision = self.decide([j.passage for j in judgements])
        order = sorted(
            range(len(evidence)),
            key=lambda i: (evidence[i].stance == "neutral", -evidence[i].score),
        )
        ranked = [evidence[i] for i in order]
        rationale = self._rationale(claim, decision.label, ranked, passages, order)
        return Verdict(
            label=decision.label,
            confidence=decision.confidence,
            rationale=rationale,
            evidence=tuple(ranked),
            verifier=self.name,
        )

    def decide(self, judged: Sequence[JudgedPassage]) -> Decision:
        """The aggregator's verdict, restricted to what the credible passages back."""
        return final_decision(self.aggregator, judged)

    def judge(self, claim: Claim, passages: Sequence[ScoredPassage]) -> list[Judgement]:
        """Stance of each passage after numeric, temporal and zone checks, with its citation."""
        if not passages:
            return []
        hypothesis = self.hypothesis(claim)
        scores = self.stance_model.predict(
            [p.passage.text for p in passages], [hypothesis] * len(passages)
        )
        out: list[Judgement] = []
        for sp, sc in zip(passages, scores, strict=True):
            judgement, notes = self._judge_one(claim, sp, sc)
            evidence = Evidence(
                doc_id=sp.passage.doc_id,
                start=sp.passage.start,
                end=sp.passage.end,
                quote=sp.passage.text,
                zone=sp.passage.zone,
                stance=judgement.stance,
                score=round(max(judgement.supports, judgement.refutes), 4),
                time_relation=time_relation(claim.published, sp.passage.published),
                note="; ".join(notes) or None,
            )
            out.append(Judgement(passage=judgement, evidence=evidence))
        return out

    def _judge_one(
        self, claim: Claim, sp: ScoredPassage, sc: StanceScores
    ) -> tuple[JudgedPassage, list[str]]:
        probs = {"s": sc.supports, "r": sc.refutes, "n": sc.neutral}
        notes: list[str] = []
        relevance = sp.dense_score if sp.dense_score is not None else sp.score
        figure_match = False
        if claim.quantities and relevance >= NUMERIC_RELEVANCE:
            check = compare_quantities(claim.quantities, self._parse(sp.passage.text))
            if check.relation == "consistent" and other_subject(claim.text, sp.passage.text):
                # "224 people on board" (Sinai) is not confirmed by "130 or more people in
                # Paris": the figures overlap, the events differ.
                check = check.model_copy(update={"relation": "unrelated"})
                notes.append("figure about something else: " + check.describe())
            if check.relation == "consistent":
                figure_match = True
                _raise(probs, "s", 0.5 + 0.4 * relevance)
                _cap(probs, "r", 0.1)
                notes.append(check.describe())
            elif check.relation == "conflict":
                # A different number only refutes when the passage speaks of the same
                # thing: every name the claim gives must appear in the passage.
                missing = proper_nouns(claim.text) - proper_nouns(sp.passage.text)
                if relevance < CONFLICT_RELEVANCE:
                    _cap(probs, "r", 0.2)
                    notes.append(
                        "different figure in a loosely related passage: " + check.describe()
                    )
                elif missing:
                    _cap(probs, "r", 0.2)
                    notes.append(
                        f"different scope ({', '.join(sorted(missing))} not in passage): "
                        + check.describe()
                    )
                else:
                    _raise(probs, "r", 0.5 + 0.4 * relevance)
                    _cap(probs, "s", 0.1)
                    notes.append(check.describe())
            elif check.relation == "unrelated":
                # The model may read two unrelated counts as a contradiction.
                _cap(probs, "r", 0.2)
            if (
                check.relation != "consistent"
                and probs["s"] >= self.support_threshold
                and any(counted(q) for q in claim.quantities)
            ):
                # A figure is confirmed only by a passage that states a matching one;
                # "many Europeans joined" does not support "up to 5,000 EU citizens joined".
                _cap(probs, "s", FIGURE_UNSTATED_SUPPORT * self.support_threshold)
                notes.append("does not state the claim's figure")
        turned = polarity(claim.text, sp.passage.text)
        if (
            turned.flipped
            and turned.overlap >= POLARITY_OVERLAP
            and relevance >= REFUTE_RELEVANCE
            and probs["s"] > probs["r"]
        ):
            # The passage repeats the claim with its sense flipped: what the model read as
            # agreement is a denial.
            probs["s"], probs["r"] = probs["r"], probs["s"]
            notes.append(f"same statement with {turned.cue}: its sense is flipped")
        if (
            claim.attributed
            and claim.speaker
            and max(probs["s"], probs["r"]) > 0.2
            and speaker_named(claim.speaker, sp.passage.text) is False
        ):
            # "X said Y" is checked as what X said: a passage that never names X can
            # neither confirm nor deny the statement, whatever it says about Y.
            _cap(probs, "s", 0.2)
            _cap(probs, "r", 0.2)
            notes.append(f"does not report what {claim.speaker} said")
        if max(probs["s"], probs["r"]) >= min(self.support_threshold, self.refute_threshold):
            absent = other_subject(claim.text, sp.passage.text)
            if absent:
                # Neither side: "jihadists struck Beirut" neither confirms nor denies Paris.
                _cap(probs, "s", 0.2)
                _cap(probs, "r", 0.2)
                notes.append(f"about something else? the passage never names {', '.join(absent)}")
        if relevance < REFUTE_RELEVANCE and probs["r"] >= self.refute_threshold:
            # Related-but-different sentences ("Western governments will retaliate" vs
            # "the attacks will have political consequences") read as contradictions to an
            # NLI model; only a passage close to the claim in meaning may refute it.
            _cap(probs, "r", 0.8 * self.refute_threshold)
            notes.append(f"too loosely related to refute (similarity {relevance:.2f})")
        if relevance < MIN_RELEVANCE and (probs["s"] > 0.2 or probs["r"] > 0.2):
            _cap(probs, "s", 0.2)
            _cap(probs, "r", 0.2)
            notes.append(f"loosely related passage (similarity {relevance:.2f})")
        relation = time_relation(claim.published, sp.passage.published)
        if relation in ("later", "earlier") and probs["r"] >= self.refute_threshold:
            _cap(probs, "r", 0.2)
            notes.append(
                "superseded? the evidence article is "
                + ("later" if relation == "later" else "earlier")
                + ": it may describe another state or event, so it does not refute"
            )
        if relation == "earlier" and probs["s"] >= self.support_threshold:
            _cap(probs, "s", probs["s"] * 0.85)
            notes.append("evidence article published earlier than the claim's")
        s, r, n = probs["s"], probs["r"], probs["n"]
        stance = _stance(s, r, n, self.support_threshold, self.refute_threshold)
        credible = sp.passage.zone != "comment"
        if not credible:
            notes.append("reader comment: shown, never decides")
        return (
            JudgedPassage(
                supports=s,
                refutes=r,
                neutral=n,
                relevance=relevance,
                credible=credible,
                stance=stance,
                figure_match=figure_match,
            ),
            notes,
        )

    def _rationale(
        self,
        claim: Claim,
        label: str,
        ranked: Sequence[Evidence],
        passages: Sequence[ScoredPassage],
        order: Sequence[int],
    ) -> str:
        titles = {sp.passage.doc_id: sp.passage.title or sp.passage.doc_id for sp in passages}
        deciding = [e for e in ranked if e.stance != "neutral" and e.zone != "comment"][:3]
        parts = []
        if label == "not_enough_evidence" and deciding:
            parts.append("The passages below lean one way, but not enough to decide.")
        elif label == "not_enough_evidence":
            parts.append("No credible passage clearly supports or refutes the claim.")
        for number, e in enumerate(deciding, start=1):
            verb = "supports" if e.stance == "supports" else "refutes"
            detail = f" ({e.note})" if e.note else ""
            parts.append(f"[{number}] {titles[e.doc_id]!s} {verb} it{detail}.")
        if claim.attributed and claim.speaker:
            parts.append(
                f"Checked as what {claim.speaker} said; whether it holds is a separate question."
            )
        if claim.quantities and not any(e.note for e in deciding):
            parts.append("Claim figures: " + ", ".join(interval_text(q) for q in claim.quantities))
        return " ".join(parts)


class SimilarityStanceModel:
    """The first, simple stance: cosine similarity as support, never refutation."""

    def __init__(self, embedder: Embedder, midpoint: float = 0.6, slope: float = 12.0) -> None:
        self.embedder = embedder
        self.midpoint = midpoint
        self.slope = slope
        self.name = f"similarity({embedder.name}).v1"

    def predict(self, premises: Sequence[str], hypotheses: Sequence[str]) -> list[StanceScores]:
        vectors = self.embedder.embed(list(premises) + list(hypotheses))
        n = len(premises)
        out = []
        for i in range(n):
            cos = sum(a * b for a, b in zip(vectors[i], vectors[n + i], strict=True))
            s = 1.0 / (1.0 + math.exp(-self.slope * (cos - self.midpoint)))
            out.append(StanceScores(supports=s, refutes=0.0, neutral=1.0 - s))
        return out
