"""Rationales a person can read: articles by title and date, the deciding slot, figures in words."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from crosscheck.models import Claim, Frozen
from verification.figures import FLOOR_REASON, in_words
from verification.lexicon import Lexicon
from verification.semantics import ClaimDecision, PassageJudgement


class Source(Frozen):
    """How a cited article is named to the reader."""

    title: str
    published: date | None = None

    def label(self) -> str:
        when = f", {self.published.day} {self.published:%B %Y}" if self.published else ""
        return f"“{self.title}”{when}"


class Cited(Frozen):
    number: int
    source: Source
    judgement: PassageJudgement
    claim_figure: str | None = None
    evidence_figure: str | None = None
    claim_date: str | None = None
    passage_date: str | None = None
    later: bool | None = None


SourceOf = Callable[[str], Source]


def _what(c: Cited) -> str:
    j = c.judgement
    if j.slot == "quantity" and c.evidence_figure and c.claim_figure:
        if j.stance == "supports" and j.reason == FLOOR_REASON:
            return f"gives {c.evidence_figure}: no fewer than the claim's {c.claim_figure}"
        if j.stance == "supports":
            return f"gives {c.evidence_figure}, within the claim's {c.claim_figure}"
        return f"gives {c.evidence_figure}, against the claim's {c.claim_figure}"
    if j.slot == "time":
        if j.stance == "supports":
            return f"dates it {c.passage_date or 'the same day'}, as the claim does"
        return f"dates it {c.passage_date}, not {c.claim_date}"
    if j.slot == "place":
        return j.reason or "places it elsewhere"
    if j.slot == "negation":
        return f"says the same with {j.reason or 'the sense flipped'}"
    if j.slot == "quote":
        return "gives the quoted words, from the same speaker"
    if j.slot == "agent":
        # The deciding slot in words: "names Radiohead rather than Coldplay as the headliner".
        return f"names {j.reason}" if j.reason else "names another actor for the same act"
    if j.slot == "predicate":
        return "states the opposite"
    if j.slot == "reading":
        # A passage the user gave, decided by the stance model's reading: say so.
        verb = "says the same" if j.stance == "supports" else "says the opposite"
        return f"{verb}, as the stance model reads it (no slot decided)"
    return "says the same in other words"


def rationale(
    claim: Claim,
    decision: ClaimDecision,
    cited: Sequence[Cited],
    nearest_reason: str | None,
    lexicon: Lexicon,
    core: str | None = None,
    *,
    given: bool = False,
) -> str:
    """Who says what, in plain words; [n] is the n-th cited passage."""
    sup = [c for c in cited if c.judgement.stance == "supports"][:3]
    ref = [c for c in cited if c.judgement.stance == "refutes"][:3]

    def said(c: Cited) -> str:
        return f"{c.source.label()} {_what(c)}"

    def when(c: Cited) -> str:
        if not c.judgement.revision or c.later is None:
            return ""
        return " (a later report)" if c.later else " (an earlier report)"

    def listed(cs: Sequence[Cited], dates: bool = False) -> str:
        # One article saying the same thing in two passages is one clause: "[1][2] … gives 15".
        groups: dict[str, list[int]] = {}
        for c in cs:
            groups.setdefault(said(c) + (when(c) if dates else ""), []).append(c.number)
        return "; ".join("".join(f"[{n}]" for n in ns) + " " + text for text, ns in groups.items())

    parts: list[str] = []
    if decision.label == "supported":
        parts.append("Supported: " + listed(sup) + ".")
    elif decision.label == "refuted":
        parts.append("Refuted: " + listed(ref, dates=True) + ".")
    elif decision.label == "conflicting" and decision.straddled:
        parts.append(
            "Reports disagree among themselves: "
            + listed(ref, dates=True)
            + ". Their figures disagree with each other too; none is established."
        )
    elif decision.label == "conflicting" and decision.other_sources:
        who = claim.speaker or "the claim's source"
        figures = ", ".join(in_words(q) for q in claim.quantities) or "its figure"
        parts.append(f"Sources disagree: {who} gives {figures}; " + listed(ref, dates=True) + ".")
    elif decision.label == "conflicting" and decision.revision and ref:
        parts.append(
            "Reports differ over time: "
            + listed(ref, dates=True)
            + ". Tolls and figures are often revised as reports come in."
        )
        if sup:
            parts.append("In agreement: " + listed(sup) + ".")
    elif decision.label == "conflicting":
        parts.append("Sources disagree. For: " + listed(sup) + ". Against: " + listed(ref) + ".")
    else:
        # Passages the user gave are not "the other articles": say which were read.
        where = "the given passages" if given else "the other articles"
        parts.append(f"No passage in {where} settles this claim.")
        if nearest_reason:
            parts.append(f"Closest passage: {nearest_reason}.")
    if core and core != claim.text and decision.label != "not_enough_evidence":
        # The reader must know an aside ("…, which were clearly a spillover …") was not checked.
        parts.append(f"Checked: “{core}”; the rest of the sentence is not.")
    deciding = [c for c in cited if c.judgement.stance != "neutral"]
    if (
        claim.attributed
        and claim.speaker
        and deciding
        and all(c.judgement.other_source for c in deciding)
    ):
        # The figure was compared with other sources' figures, not with what the speaker said.
        parts.append(
            f"The figure is given by {claim.speaker}; other sources' figures are compared."
        )
    elif claim.attributed and claim.speaker:
        parts.append(
            f"Checked as what {claim.speaker} said; whether it holds is a separate question."
        )
    if claim.quantities and decision.label == "not_enough_evidence":
        parts.append("Claim figures: " + ", ".join(in_words(q) for q in claim.quantities) + ".")
    return " ".join(parts)
