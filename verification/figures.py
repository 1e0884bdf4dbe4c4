"""Figures as entailment: what a passage's number says about a claim's number.

The rules (each with its reason) are stated here and used by ``verification.semantics``:

* **Support is containment.** A passage supports a claimed figure only when its value lies
  inside the claim's interval: "130 murdered" supports "at least 129 dead"; "at least 129"
  does not support "200" (it allows 200, it does not state it).
* **Refutation is disjointness** of the two intervals for the same referent, scope and event:
  "130 in total" refutes "200". Anything else (overlap without containment) is neutral.
* **One tolerance band** (:data:`APPROX_TOLERANCE`) for approximate words (about, some,
  nearly, roughly, around, up to, as many as, an estimated): "up to 200" is an estimate near
  200, [180, 200], not [0, 200], so "up to 200" refutes "up to 2,000". An approximate
  passage figure is read at its stated value for containment ("about 130" supports "at least
  129") and with the band for disjointness.
* **Referents**: killed ≠ injured ≠ displaced ≠ fighters (lexicon classes); a bare "people"
  takes the class of its verb and is no referent alone; figures without a referent meet only
  figures of the same unit (dollars, km).
* **Scope and event**: a figure for a narrower place ("89 in the Bataclan") says nothing
  about a total ("130 in Paris") and the reverse; a cumulative figure ("250,000 killed since
  the war began") is not a single-event figure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Literal

from crosscheck.models import Frozen, Quantity
from verification.lexicon import Lexicon
from verification.statements import Statement, stem

FigureRelation = Literal["entails", "contradicts", "neutral", "none"]

#: A passage repeating this share of the claim's words is the claim's own statement with a
#: running total's start added ("… killed half its leadership since August" for "… killed
#: half of ISIS's leadership"): its figure is the claim's, cumulative or not. A single-event
#: claim against a war's running total ("the Paris attacks killed 250,000" against "250,000
#: killed in Syria since 2011") repeats far less.
CUMULATIVE_COPY_COVERAGE = 0.8
#: "about N", "up to N", "nearly N": within 10% of N (the quantity parser's band too).
APPROX_TOLERANCE = 0.10
_UP_TO = re.compile(r"^(?:up\s+to|as\s+many\s+as)\b", re.I)
_WORD = re.compile(r"[a-z]+")


class Interval(Frozen):
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def contains(self, other: Interval) -> bool:
        low_ok = other.low > self.low or (
            other.low == self.low and (not self.low_open or other.low_open)
        )
        high_ok = other.high < self.high or (
            other.high == self.high and (not self.high_open or other.high_open)
        )
        return low_ok and high_ok

    def disjoint(self, other: Interval) -> bool:
        if self.high < other.low or other.high < self.low:
            return True
        if self.high == other.low:
            return self.high_open or other.low_open
        if other.high == self.low:
            return other.high_open or self.low_open
        return False

    def distance(self, other: Interval) -> float:
        """How far apart the two are (0 when they touch or overlap)."""
        return max(other.low - self.high, self.low - other.high, 0.0)


#: Said of a support by a stated floor, so the rationale does not call it "within".
FLOOR_REASON = "the passage's floor is the claim's figure"


def floor_meets(claimed: Interval, evidence: Interval) -> bool:
    """ "130 or more" for "130 in total": a report whose stated floor is the claimed number
    stands behind that number (it says no fewer, and names no other)."""
    return (
        claimed.low == claimed.high
        and math.isfinite(claimed.low)
        and evidence.low == claimed.low
        and not evidence.low_open
        and math.isinf(evidence.high)
    )


def interval(q: Quantity) -> Interval:
    return Interval(
        low=-math.inf if q.low is None else q.low,
        high=math.inf if q.high is None else q.high,
        low_open=q.low is not None and not q.low_inclusive,
        high_open=q.high is not None and not q.high_inclusive,
    )


def is_approximate(q: Quantity, lexicon: Lexicon) -> bool:
    text = q.text.lower()
    return any(re.search(rf"\b{re.escape(w)}\b", text) for w in lexicon.approximate_words)


def reading(q: Quantity, lexicon: Lexicon) -> Interval:
    """The interval a figure asserts, with the tolerance band for approximate words."""
    if _UP_TO.match(q.text.strip()) and q.high is not None:
        # "up to 200 militants" is an estimate near 200, not a claim of "anywhere from 0".
        return Interval(low=q.high * (1 - APPROX_TOLERANCE), high=q.high)
    return interval(q)


def stated(q: Quantity, lexicon: Lexicon) -> Interval:
    """What a passage's figure states for containment: an approximate one at its value."""
    if is_approximate(q, lexicon):
        nominal = _nominal(q)
        if nominal is not None:
            return Interval(low=nominal, high=nominal)
    return interval(q)


def _nominal(q: Quantity) -> float | None:
    if _UP_TO.match(q.text.strip()) and q.high is not None:
        return q.high
    if q.low is not None and q.high is not None:
        return round((q.low + q.high) / 2, 6)
    return None


_POSSESSIVES = frozenset({"his", "her", "their", "its", "our"})


def referent_class(q: Quantity, lexicon: Lexicon, sentence: str | None = None) -> str | None:
    """What a figure counts: a lexicon class, a head noun, a unit; None for a bare count.

    A bare "people" takes the one outcome its sentence names ("129 people … were shot down
    in a slaughter" -> killed); with none, or with two (killed and injured), it has no class.
    """
    words = _WORD.findall((q.referent or "").lower())
    if words and words[0] in _POSSESSIVES:
        # "Twenty of his films" counts a part of someone's films: it meets only the same part,
        # never the festival's 350 films.
        rest = q.model_copy(update={"referent": " ".join(words[1:])})
        return f"{words[0]}:{referent_class(rest, lexicon, sentence)}"
    for word in reversed(words):
        cls = lexicon.referent_class(word)
        if cls is not None:
            return cls
    content = [w for w in words if w not in lexicon.generic_referents]
    if content:
        return "head:" + stem(content[-1])
    if q.unit:
        return "unit:" + q.unit
    if words and sentence:
        found = {c for w in _WORD.findall(sentence.lower()) if (c := lexicon.referent_class(w))}
        if len(found) == 1:
            return found.pop()
    return None


def _classes(quantities: Sequence[Quantity], lexicon: Lexicon, sentence: str) -> list[str | None]:
    """Each figure's class; a bare count takes its sentence's outcome only when no other
    figure of the sentence names it: in "a bus carrying 52 people …, killing at least 31",
    the 31 are the killed, not the 52."""
    own = [referent_class(q, lexicon) for q in quantities]
    return [
        cls
        if cls is not None
        else (None if (taken := referent_class(q, lexicon, sentence)) in own else taken)
        for q, cls in zip(quantities, own, strict=True)
    ]


def cumulative(text: str, lexicon: Lexicon) -> bool:
    lowered = text.lower()
    return any(re.search(rf"\b{re.escape(cue)}\b", lowered) for cue in lexicon.cumulative_cues)


class FigureCheck(Frozen):
    """How the best-matched pair of figures relates, and why."""

    relation: FigureRelation
    claim_quantity: Quantity | None = None
    evidence_quantity: Quantity | None = None
    reason: str = ""
    #: The figures count what an event leaves (the lexicon's casualty and force classes:
    #: killed, injured, fighters), not a thing's head noun or unit (cars, shares, dollars).
    event_count: bool = False


def scope_difference(
    claim: Statement, passage: Statement, lexicon: Lexicon, figure: Quantity | None = None
) -> str | None:
    """A place one side's figure is narrowed to and the other's is not ("in the Bataclan").

    With the passage's figure given, only the places next to it count: "the Hezbollah
    stronghold in south Beirut that left 44 dead" is the Beirut figure, not a narrower one.
    """
    claim_places = claim.places
    passage_places = _local_places(passage, figure) if figure is not None else passage.places
    if not passage_places:
        passage_places = passage.places
    if figure is not None and claim_places & passage_places:
        passage_places = claim_places & passage_places
    # A name both sides give is the same scope, whatever kind the tagger read it as ("Serra
    # Alta bus crash" tags the town as an organisation, "in Serra Alta" as a place).
    passage_places = passage_places - (claim.name_keys() - claim_places)
    claim_places = claim_places - (passage.name_keys() - passage.places)
    for p in sorted(passage_places - claim_places):
        kind = next((n.kind for n in passage.names if n.key == p), "place")
        if kind == "venue" or any(lexicon.contains(c, p) for c in claim_places):
            return next(n.text for n in passage.names if n.key == p)
    for p in sorted(claim_places - passage_places):
        kind = next((n.kind for n in claim.names if n.key == p), "place")
        if kind == "venue" or any(lexicon.contains(e, p) for e in passage_places):
            return next(n.text for n in claim.names if n.key == p)
    return None


def compare_figures(
    claim: Statement,
    passage: Statement,
    lexicon: Lexicon,
    claim_quantities: Sequence[Quantity] = (),
    coverage: float = 0.0,
) -> FigureCheck:
    """Entails when every claimed figure is contained in a passage figure of the same kind;
    contradicts when some claimed figure is disjoint from every matching one; else neutral.

    A bare count ("45 of the 60 states") has no referent to contradict, but a passage must
    still state it for the claim to be confirmed.
    """
    quantities = tuple(claim_quantities) or claim.quantities
    classes = _classes(quantities, lexicon, claim.text)
    if not any(c is not None for c in classes):
        # Bare counts ("voted 7 to 2", "130 people on board") have no referent to contradict:
        # other slots decide, but only on a passage that states the same numbers ("224
        # people on board" repeats every other word of "130 people on board").
        for cq in quantities:
            claimed = reading(cq, lexicon)
            if not any(claimed.contains(stated(eq, lexicon)) for eq in passage.quantities):
                return FigureCheck(
                    relation="none", reason=f"the passage does not state the claim's '{cq.text}'"
                )
        return FigureCheck(relation="none")
    evidence = list(
        zip(passage.quantities, _classes(passage.quantities, lexicon, passage.text), strict=True)
    )
    pairs = [
        (cq, eq)
        for cq, cls in zip(quantities, classes, strict=True)
        if cls is not None
        for eq, ecls in evidence
        if ecls == cls and (cq.unit or "") == (eq.unit or "")
    ]
    if not pairs:
        return FigureCheck(relation="none", reason="the passage gives no figure of the same kind")
    cq0, eq0 = pairs[0]
    narrowed = scope_difference(claim, passage, lexicon, eq0)
    if narrowed is not None:
        return FigureCheck(
            relation="neutral",
            claim_quantity=cq0,
            evidence_quantity=eq0,
            reason=f"the passage's figure and the claim's differ in scope ({narrowed})",
        )
    if (
        cumulative(passage.text, lexicon)
        and not cumulative(claim.text, lexicon)
        and coverage < CUMULATIVE_COPY_COVERAGE
    ):
        return FigureCheck(
            relation="neutral",
            claim_quantity=cq0,
            evidence_quantity=eq0,
            reason="the passage's figure is cumulative, the claim's is for one event",
        )
    local = _local_places(passage, eq0)
    if (
        claim.places
        and local
        and not any(
            lexicon.contains(c, p) or lexicon.contains(p, c) for c in claim.places for p in local
        )
    ):
        # "a suicide attack killing 102 people in Ankara": the figure's own place is another.
        return FigureCheck(
            relation="neutral",
            claim_quantity=cq0,
            evidence_quantity=eq0,
            reason="the passage's figure is for another place (" + ", ".join(sorted(local)) + ")",
        )
    entailed: list[tuple[Quantity, Quantity]] = []
    unsettled: Quantity | None = None
    floor_only = False
    for cq, cls in zip(quantities, classes, strict=True):
        claimed = reading(cq, lexicon)
        if cls is None:
            # A bare count is confirmed only by the same number stated in the passage.
            same = [eq for eq in passage.quantities if claimed.contains(stated(eq, lexicon))]
            if same:
                entailed.append((cq, same[0]))
            else:
                unsettled = unsettled or cq
            continue
        matches = [
            eq for eq, ecls in evidence if ecls == cls and (cq.unit or "") == (eq.unit or "")
        ]
        if not matches:
            unsettled = unsettled or cq
            continue
        inside = [eq for eq in matches if claimed.contains(stated(eq, lexicon))]
        floors = [eq for eq in matches if floor_meets(claimed, stated(eq, lexicon))]
        if inside or floors:
            entailed.append((cq, (inside or floors)[0]))
            if not inside:
                floor_only = True
        elif all(claimed.disjoint(reading(eq, lexicon)) for eq in matches):
            return FigureCheck(
                relation="contradicts",
                claim_quantity=cq,
                evidence_quantity=matches[0],
                event_count=not cls.startswith(("head:", "unit:")),
            )
        else:
            return FigureCheck(
                relation="neutral",
                claim_quantity=cq,
                evidence_quantity=matches[0],
                reason="the figures overlap but the passage's does not settle the claim's",
            )
    if unsettled is None and entailed:
        cq, eq = entailed[0]
        return FigureCheck(
            relation="entails",
            claim_quantity=cq,
            evidence_quantity=eq,
            reason=FLOOR_REASON if floor_only else "",
        )
    return FigureCheck(
        relation="neutral",
        claim_quantity=unsettled or cq0,
        evidence_quantity=entailed[0][1] if entailed else eq0,
        reason=f"the passage does not state the claim's '{(unsettled or cq0).text}'",
    )


#: How far around a figure its place is read ("killing 102 people in Ankara").
LOCAL_CHARS = 60


def _local_places(passage: Statement, q: Quantity) -> set[str]:
    if q.start is None or q.end is None:
        return set()
    window = passage.text[max(0, q.start - LOCAL_CHARS) : q.end + LOCAL_CHARS]
    # A possessive names an owner, not where the figure was: "Kenya's interior minister said
    # that 62 people had been killed in Nairobi" is a Nairobi figure.
    return {
        n.key
        for n in passage.names
        if n.kind in ("place", "venue")
        and re.search(rf"{re.escape(n.text)}(?![’']s\b)", window) is not None
    }


def in_words(q: Quantity) -> str:
    """An interval in words: "at least 129", "more than 250,000", "between 180 and 200"."""
    unit = f" {q.unit}" if q.unit else ""
    low, high = q.low, q.high
    if low is not None and high is not None and low == high:
        return f"{_fmt(low)}{unit}"
    if _UP_TO.match(q.text.strip()) and high is not None:
        return f"up to {_fmt(high)}{unit}"
    if low is not None and high is None:
        return f"{'at least' if q.low_inclusive else 'more than'} {_fmt(low)}{unit}"
    if high is not None and (low is None or low == 0):
        return f"{'at most' if q.high_inclusive else 'fewer than'} {_fmt(high)}{unit}"
    if low is not None and high is not None:
        return f"between {_fmt(low)} and {_fmt(high)}{unit}"
    return q.text


def _fmt(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"
