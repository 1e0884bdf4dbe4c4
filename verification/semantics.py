"""The verdict semantics: when a passage supports or refutes a claim, and what the claim gets.

Read this module top to bottom: every threshold is stated once, with its reason, and every
rule is one branch of :func:`judge` (per passage) or :func:`decide` (per claim), in the order
they apply. The slot facts come from ``verification.align``; the stance model (``nli``) is one
signal among them, never the decider alone on a retrieved passage: a claim is supported or
refuted only when a slot (figure, date, negation, agent) or a near-paraphrase backs it. A
passage the user gives with the claim is the one exception (see ``GIVEN_*``): once no slot
decides, the model's own reading of it does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Literal

from crosscheck.models import Frozen, Quantity, Stance, StanceScores, VerdictLabel
from verification.align import Alignment
from verification.figures import interval

Slot = Literal[
    "quantity",
    "time",
    "place",
    "negation",
    "agent",
    "quote",
    "paraphrase",
    "predicate",
    "reading",
    "none",
]

# --- thresholds (each with its reason) ---------------------------------------------------
#: Below this cosine similarity a passage is about something else: nothing in it decides.
#: (all-MiniLM-L6-v2: unrelated news sentences score about 0.1-0.3, paraphrases above 0.6.)
MIN_RELEVANCE = 0.30
#: ... except for a figure of the claim's own kind (the same referent, a shared act such as
#: kill/murder) in the claim's place: a long claim sentence sits far from a short passage
#: that repeats only its figure's words ("In total, the terrorists would murder 130 people"
#: against a 40-word sentence on the Paris toll scores 0.29), yet that passage is the one
#: that settles it. The figure rules below still need the same event and an anchor.
FIGURE_MIN_RELEVANCE = 0.20
#: A figure decides only in a passage about the same kind of event: the passage must share
#: a predicate with the claim (kill/murder/die, attack/strike) or this much of its words.
FIGURE_EVENT_COVERAGE = 1 / 3 - 1e-9
#: A figure without a place to anchor it on either side must come from a passage this close
#: in meaning (the same story told with other words).
FIGURE_UNANCHORED_RELEVANCE = 0.55
#: A percentage, a sum or a count of things ("rose 20%", "$10m", "150,000 cars") is refuted
#: only by a near-copy of its statement with another figure, close in meaning ("The bridge
#: will cost 95 million dollars"); an event's toll (killed, injured) by the event rules.
MEASURE_REFUTE_COVERAGE = 0.8
MEASURE_REFUTE_RELEVANCE = 0.7
#: A passage repeating this share of the claim's words with one slot changed (a date, a
#: negation, another agent) states the same thing otherwise: the changed slot refutes.
SAME_STATEMENT_COVERAGE = 0.6
#: With the date, the place and the act already matched, half of the claim's other words is
#: enough to confirm its date ("Last Friday, Paris was the scene of mass slaughter" for "The
#: jihadists struck Paris on November 13": only "jihadists" is not repeated).
TIME_SUPPORT_COVERAGE = 0.5
#: The stance model's confident entailment supports a passage that shares less wording
#: (a real paraphrase), provided it is close in meaning and no slot disagrees (names, dates,
#: figures, polarity are all checked first). "Confident" is the model's own 0.8; it is not
#: fitted to any benchmark.
MODEL_SUPPORT = 0.8
MODEL_SUPPORT_COVERAGE = 0.4
MODEL_SUPPORT_RELEVANCE = 0.55
#: A name swapped with everything else repeated refutes only on a closer copy than the
#: other slots need: the swapped name itself is one of the words that differ.
SWAP_COVERAGE = 0.75
#: An actor swap needs a statement to swap it in: a headline of two words is none.
SWAP_MIN_WORDS = 4
#: A role one holder fills ("the mastermind of the attacks", "the band on stage") with another
#: holder named: the role word and its frame are the repeated words, the holder's name is the
#: one that differs, so half of the claim's other words makes it the same statement.
ROLE_SWAP_COVERAGE = 0.5
#: Stance-model support a near-paraphrase needs, and the share of claim words it must repeat.
#: The model alone reads loosely related sentences as entailment; the overlap keeps it honest.
PARAPHRASE_SUPPORT = 0.55
PARAPHRASE_COVERAGE = 0.6
#: A claim of fewer content words than this ("For their response to Paris see") is a
#: fragment: two matching words are no paraphrase.
PARAPHRASE_MIN_WORDS = 2
#: Without the model's clear support, a passage still supports when it repeats nearly all of
#: the claim (synonyms and aliases counted), names its people and places, flips nothing, is
#: close in meaning, and the model does not read a clear contradiction. A small NLI model
#: misreads such near-copies ("In claiming responsibility for the attacks, ISIS…" for "IS
#: took responsibility for the attacks"); the overlap and the slot checks are the evidence.
#: With a claim word missing, the model must at least not lean to contradiction: "Hollande
#: said the attacks were an act of peace" repeats all but one word of "… an act of war".
LEXICAL_SUPPORT_COVERAGE = 0.8
LEXICAL_SUPPORT_RELEVANCE = 0.65
MODEL_VETO = 0.75
#: A close rewording that names the claim's actors: most of its words (synonyms and aliases
#: counted), every name it gives, close in meaning, and the model reading no more
#: contradiction than entailment: "the right-wing National Front of Marine Le Pen is expected
#: to make gains" for "Marine LePen's Front National seem likely to make electoral gains".
#: Names, dates, figures, places and polarity are all checked before this rule. The model's
#: lean, not its size, is used: it reads such rewordings at 0.2-0.5 either way.
NAMED_PARAPHRASE_COVERAGE = 0.6
NAMED_PARAPHRASE_RELEVANCE = 0.6
NAMED_PARAPHRASE_MIN_WORDS = 4
#: A contradiction read by the model alone refutes only when it is strong and the passage is
#: plainly about the same statement; otherwise related commentary would refute claims.
MODEL_REFUTE = 0.85
MODEL_REFUTE_COVERAGE = 0.8
MODEL_REFUTE_RELEVANCE = 0.7
#: A passage the user gives with the claim (``--claims`` passages) is evidence they chose for
#: it: whether it bears on the claim is settled, which is what the relevance and wording
#: floors above guard against for retrieved passages. Once every slot rule has had its say
#: (figures, dates, places, names, negations all come first), the stance model's own most
#: likely label decides such a passage: entailment supports, contradiction refutes. Its
#: argmax is used, not a cut-off fitted to any benchmark; the floor relevance still applies,
#: so a given passage on another topic decides nothing. The strength is the model's
#: probability scaled below the slot rules' (a reading, not a matched slot).
GIVEN_STRENGTH_SCALE = 0.8
#: ... but only a passage the model reads whole: it reads 128 word pieces of passage and
#: claim together, so a longer passage (a whole article body pasted as one passage) is cut
#: off and its reading is of a fragment. On FNC-1/Emergent, where the given "passage" is a
#: whole article (median 258 words), reading such bodies lowered the verdicts' precision.
#: A longer given text is cut into sentence windows (the pipeline) that the slot rules judge
#: as they judge an article's passages; the model's reading of one window does not decide:
#: the user chose the text, not the sentence (on FNC-1 such readings were wrong 50 times in 55).
GIVEN_MAX_WORDS = 60
#: A negation or antonym flips a statement only in a passage this close to the claim.
NEGATION_RELEVANCE = 0.5
#: A negated claim sits far from its positive statement in embedding space ("No group
#: claimed responsibility" against "IS took responsibility", 0.39): the same words with the
#: sense flipped refute above the floor relevance when the model reads a clear
#: contradiction (MODEL_REFUTE) too; two signals agree.
NEGATION_MODEL_RELEVANCE = MIN_RELEVANCE
#: "Nine days after the Paris attacks" against "nine days before": the figure and its anchor
#: are repeated words already, so half of the claim's other words makes it the same statement.
TIME_FLIP_COVERAGE = 0.5
#: Articles this many days apart describe different states of the world: a non-figure
#: contradiction between them is a change, not a refutation.
SAME_PERIOD_DAYS = 30
#: A decisive verdict's confidence never exceeds this: the offline verifier can be wrong.
MAX_CONFIDENCE = 0.97


class PassageFacts(Frozen):
    """Everything a rule looks at for one passage."""

    alignment: Alignment
    nli: StanceScores
    relevance: float
    credible: bool = True
    attributed_speaker: str | None = None
    speaker_named: bool | None = None
    published_before_event: bool = False
    #: Days between the claim's and the passage's articles (None when a date is missing).
    days_apart: int | None = None
    #: The passage's article tells the claim's story: it was given with the claim, the claim
    #: was asked of this corpus, or the two articles share a specific name (a company, a town).
    same_story: bool = False
    #: The claim was asked of the corpus, or the passage given with it: the user chose
    #: what it is checked against.
    asked: bool = False
    #: The passage only reports the statement ("reportedly", "purports to show") and the
    #: claim does not say it is a report: it shows the claim is being said, not that it holds.
    hedged: bool = False
    #: The passage was given with the claim by the user, not retrieved (see GIVEN_*).
    given: bool = False
    #: How many words the passage has (a given passage is read by the model only when short).
    passage_words: int = 0
    #: The claim quotes words ('act of war') and the passage has them verbatim.
    quote_repeated: bool = False
    #: Every date of the claim was added to name its event ("the Paris attacks of 13 November
    #: 2015" for the author's "the attacks"): the author's claim has no date to confirm.
    claim_date_added: bool = False
    #: The passage states no date, and its article dates the claim's event in the claim's
    #: place as the claim does ("struck Paris on November 13" earlier in the article).
    article_dates_claim: bool = False
    #: The claim names no place, and its own article's places around it are the passage's:
    #: "the terrorists would murder 130 people" in an article on Paris and the Bataclan.
    setting_places_match: bool = False


class PassageJudgement(Frozen):
    stance: Stance
    strength: float
    slot: Slot = "none"
    reason: str = ""
    #: A figure from an article of another date: a later or earlier report, tolls change.
    revision: bool = False
    #: Where a refuting figure lies against the claim's interval.
    side: Literal["below", "above"] | None = None
    #: The refuting figure itself, to tell whether refuting reports agree among themselves.
    figure: Quantity | None = None
    #: How far the refuting figure lies from the claim's interval (same unit as the figures).
    gap: float | None = None
    #: A figure for a claim someone is quoted as giving, from a passage that does not report
    #: that speaker: another source's figure against the speaker's.
    other_source: bool = False


#: The stance model's reading before it is asked (it is asked only when it matters).
NO_READING = StanceScores(supports=0.0, refutes=0.0, neutral=1.0)
_EXTREMES = (
    StanceScores(supports=1.0, refutes=0.0, neutral=0.0),
    StanceScores(supports=0.0, refutes=1.0, neutral=0.0),
    NO_READING,
)


def model_matters(f: PassageFacts) -> bool:
    """Whether any stance-model reading could change this passage's judgement.

    The rules are tried with a certain entailment, a certain contradiction and a certain
    "neutral": when all three agree, the slots alone decide and the model need not run.
    """
    seen = {(j.stance, j.slot) for j in (judge(f, nli=x) for x in _EXTREMES)}
    return len(seen) > 1


def _is_speaker(agent: str | None, speaker: str | None) -> bool:
    if not agent or not speaker:
        return False
    a, b = agent.lower(), speaker.lower()
    return a == b or a in b or b in a


@lru_cache(maxsize=4096)  # frozen, and most reasons recur: one object per reason
def _neutral(reason: str) -> PassageJudgement:
    return PassageJudgement(stance="neutral", strength=0.0, reason=reason)


def judge(f: PassageFacts, nli: StanceScores | None = None) -> PassageJudgement:
    """One passage's stance on the claim: the first rule that applies decides. ``nli``:
    a stance-model reading to try instead of ``f.nli`` (see :func:`model_matters`)."""
    a = f.alignment
    reading = f.nli if nli is None else nli
    if not f.credible:
        # Reader comments are shown for context; what a commenter says is no source.
        return _neutral("reader comment: shown, never decides")
    if f.published_before_event:
        # An article cannot report an event that happened after it was written.
        return _neutral("published before the event the claim is about")
    if (
        a.other_places
        and not a.other_places_from_setting
        and a.pinned
        and a.coverage >= SAME_STATEMENT_COVERAGE
    ):
        # The claim's very event (the same day, or a specific name both give), elsewhere:
        # "the 12 November bomb attack … in Baghdad" against "… in south Beirut".
        return PassageJudgement(
            stance="refutes",
            strength=0.7,
            slot="place",
            reason="places it in " + ", ".join(a.other_places),
        )
    if a.other_places:
        # "Jihadists struck Beirut" neither confirms nor denies a claim about Paris.
        return _neutral("about another place or event (" + ", ".join(a.other_places) + ")")
    figure = a.figure
    figure_tied = (
        figure.relation in ("entails", "contradicts")
        and a.shared_predicate
        and (a.places_matched or f.setting_places_match)
        and not a.missing_agents
    )
    # "X said Y" is confirmed or denied only by a passage that reports what X said, with one
    # exception: a figure for the same act in the same place. A toll is nearly always
    # someone's ("62 killed, the minister said"); another source's toll for the same event
    # is the check a reader wants, shown as that source's figure against the speaker's.
    speaker_missing = bool(f.attributed_speaker) and f.speaker_named is False
    if speaker_missing and not figure_tied:
        return _neutral(f"does not report what {f.attributed_speaker} said")
    other_source = bool(f.attributed_speaker) and f.speaker_named is not True
    if f.relevance < (FIGURE_MIN_RELEVANCE if figure_tied else MIN_RELEVANCE):
        return _neutral(f"loosely related (similarity {f.relevance:.2f})")

    same_event = a.shared_predicate or a.coverage >= FIGURE_EVENT_COVERAGE
    if figure.claim_quantity is not None and not figure.claim_quantity.referent:
        # A cost, a percentage or a length belongs to its subject: "the new school will cost
        # 48 million" says nothing of the bridge, "shares fell 4%" nothing of another firm's.
        # Such figures need the same statement around them and a subject both name.
        # A span of time before or after a named event ("nine days before the Paris attacks")
        # has that event as its subject, already repeated: the time-flip share is enough.
        needed = TIME_FLIP_COVERAGE if a.time_flip else SAME_STATEMENT_COVERAGE
        # With no subject named ("The economy is expected to grow by about 4%"), the
        # subject is the article's: the passage's article must be set in the same places,
        # unless the user chose what the claim is checked against.
        same_event = a.coverage >= needed and (
            a.subject_named
            or (f.same_story and (f.asked or f.setting_places_match or a.places_matched))
        )
    if a.other_period and figure.relation in ("entails", "contradicts"):
        return _neutral("a figure for another period")
    # A passage the user gives with the claim is about the claim's event: they chose it.
    anchored = (
        a.places_matched
        or f.setting_places_match
        or f.relevance >= FIGURE_UNANCHORED_RELEVANCE
        or f.given
    )
    if figure.relation in ("entails", "contradicts") and not a.missing_agents and same_event:
        if not anchored:
            return _neutral("a figure of the same kind, but nothing ties it to the same event")
        if (
            figure.relation == "entails"
            and a.time_flip
            and a.coverage >= TIME_FLIP_COVERAGE
            and not a.unmatched
            and f.relevance >= NEGATION_RELEVANCE
        ):
            # "nine days after the attacks" against "nine days before": the same figure and
            # anchor, the time relation reversed.
            return PassageJudgement(stance="refutes", strength=0.7, slot="negation")
        if figure.relation == "entails" and a.flip and a.coverage >= SAME_STATEMENT_COVERAGE:
            # The same figure with the sense flipped: the negation rule below decides.
            pass
        elif figure.relation == "entails" and (a.flip or a.agent_conflict or a.unmatched):
            # "nine days before" does not confirm "nine days after"; nor 224 aboard a Russian
            # airliner "224 aboard a British one".
            if a.flip:
                why = f"with {a.flip}"
            elif a.agent_conflict:
                why = a.agent_conflict
            else:
                why = "never naming " + ", ".join(a.unmatched)
            return _neutral("the same figure, but " + why)
        elif figure.relation == "entails":
            # Containment: the passage's figure lies inside the claim's interval (or states
            # the claimed number as its floor: figures.floor_meets).
            return PassageJudgement(
                stance="supports",
                strength=0.9,
                slot="quantity",
                reason=figure.reason,
                other_source=other_source,
            )
        elif not figure.event_count and not (
            a.coverage >= MEASURE_REFUTE_COVERAGE
            and (
                f.relevance >= MEASURE_REFUTE_RELEVANCE
                or (f.same_story and (f.asked or a.subject_named))
            )
        ):
            # "Profits rose 20%" against another figure's 18%, "the new plant would produce
            # 150,000 cars" against another plant's 56,000: a percentage, a sum or a count of
            # things belongs to its subject, and business articles sharing a firm's name talk
            # of many of them. Another figure refutes only in a near-copy of the statement.
            # The toll of an event (killed, injured) is the event's, anchored by its place.
            return _neutral("another figure, but not for the same statement")
        else:
            # Disjoint intervals for the same referent, scope and event.
            revised = f.days_apart is not None and f.days_apart != 0
            return PassageJudgement(
                stance="refutes",
                strength=0.85,
                slot="quantity",
                revision=revised,
                side=_side(figure.claim_quantity, figure.evidence_quantity),
                figure=figure.evidence_quantity,
                gap=_gap(figure.claim_quantity, figure.evidence_quantity),
                other_source=other_source,
            )
    elif figure.claim_quantity is not None or figure.relation == "neutral":
        # The claim's figure is its point: a passage that does not settle it decides nothing.
        unsettled = figure.reason if figure.relation == "neutral" else ""
        return _neutral(unsettled or "the passage does not settle the claim's figure")
    if figure.relation == "none" and figure.reason:
        # A counted figure ("up to 5,000 EU citizens") is confirmed only by a stated one.
        return _neutral(figure.reason)
    if speaker_missing:
        # Past the figure rules, nothing of what the speaker said is in the passage.
        return _neutral(f"does not report what {f.attributed_speaker} said")

    far_apart = f.days_apart is not None and abs(f.days_apart) > SAME_PERIOD_DAYS
    same_statement = a.coverage >= SAME_STATEMENT_COVERAGE and not a.missing_agents
    if (
        a.agent_conflict
        and a.coverage >= SAME_STATEMENT_COVERAGE
        and a.claim_words >= SWAP_MIN_WORDS
        and f.relevance >= NEGATION_RELEVANCE
        # One actor swapped: a passage that also misses the claim's other names is about
        # something else ("the prime minister told Mr Brown" for "Tony Blair promised
        # Gordon Brown"), and the claim's own speaker is who said it, not a rival actor.
        and len(a.unmatched) <= 1
        and not _is_speaker(a.conflict_agent, f.attributed_speaker)
        and not far_apart
    ):
        # The same act with another actor: "controlled by the YPG" against "by ISIS".
        return PassageJudgement(
            stance="refutes", strength=0.7, slot="agent", reason=a.agent_conflict
        )
    if (
        a.role_conflict
        and a.coverage >= ROLE_SWAP_COVERAGE
        and f.relevance >= NEGATION_RELEVANCE
        and not a.other_places
        and not far_apart
    ):
        # "The band on stage at the Bataclan was Metallica" against "the band on stage in the
        # Bataclan theater … was Eagles of Death Metal": one role, another holder.
        return PassageJudgement(
            stance="refutes", strength=0.7, slot="agent", reason=a.role_conflict
        )
    # Every support below needs the claim's names (people, places) in the passage or its
    # setting, and no other actor for its act.
    # A date the claim gives is confirmed only by a passage that states it ("November 13"
    # in an undated article does not confirm "13 November 2014"), or by an undated passage
    # whose article dates that event, in that place, as the claim does: "Islamic State took
    # responsibility for the attacks" after "The jihadists struck Paris on November 13"
    # confirms "… for the Paris attacks of 13 November 2015". A date the author never gave
    # (added to name the event: "In claiming responsibility for the attacks") need only not
    # be contradicted.
    # A hedged passage ("IS has reportedly beheaded …") confirms nothing the claim asserts.
    confirmable = (
        not a.unmatched
        and not a.agent_conflict
        and not a.role_conflict
        and (
            a.claim_date is None
            or a.dates == "same"
            or (a.dates == "none" and (f.article_dates_claim or f.claim_date_added))
        )
        and not f.hedged
        and not a.swap
    )
    if a.dates == "differs" and same_statement and a.places_matched and a.shared_predicate:
        # The same statement with another date: the date is wrong.
        return PassageJudgement(stance="refutes", strength=0.75, slot="time")
    if (
        a.flip
        and not a.flip_outside
        and not a.flip_agrees_on_shared
        and same_statement
        and a.claim_words >= PARAPHRASE_MIN_WORDS
        and (
            f.relevance >= NEGATION_RELEVANCE
            or (f.relevance >= NEGATION_MODEL_RELEVANCE and reading.refutes >= MODEL_REFUTE)
        )
    ):
        if far_apart:
            return _neutral("says the opposite, but in an article of another period")
        # The same words with a negation or an antonym flipped.
        return PassageJudgement(stance="refutes", strength=0.7, slot="negation")
    if (
        a.missing_agents
        and len(a.missing_agents) == 1
        and a.shared_predicate
        and any(not _is_speaker(x, f.attributed_speaker) for x in a.act_actors)
        and a.claim_words >= SWAP_MIN_WORDS
        and a.coverage >= SWAP_COVERAGE
        and f.relevance >= NEGATION_RELEVANCE
        and reading.refutes > reading.supports
        and not far_apart
    ):
        # The same act with another actor ("Al-Qaeda claimed…" against "IS claimed…").
        return PassageJudgement(stance="refutes", strength=0.65, slot="agent")
    if (
        a.place_swap
        and a.coverage >= SWAP_COVERAGE
        and a.claim_words >= SWAP_MIN_WORDS
        and reading.refutes >= MODEL_REFUTE
        and f.relevance >= NEGATION_RELEVANCE
        and a.dates != "differs"
        and not a.missing_agents
        and not far_apart
    ):
        # The same statement with another place: "Kerry joined coalition states in Paris
        # for crisis talks" against "… in London"; the model reads the contradiction too.
        return PassageJudgement(
            stance="refutes",
            strength=0.65,
            slot="place",
            reason="places it in " + ", ".join(a.place_swap),
        )
    if (
        f.quote_repeated
        and f.speaker_named
        and confirmable
        and a.coverage >= LEXICAL_SUPPORT_COVERAGE
        and a.dates != "differs"
        and not a.missing_agents
        and not a.flip
    ):
        # The claim's quoted words, verbatim, from the speaker it names: "Hollande said the
        # attacks were an 'act of war'" against "Hollande has said Friday's attacks were an
        # “act of war…”". The words are the evidence; a small model misreads the quotation.
        return PassageJudgement(stance="supports", strength=0.85, slot="quote")
    if (
        confirmable
        and a.dates == "same"
        and a.places_matched
        and a.shared_predicate
        and a.coverage >= TIME_SUPPORT_COVERAGE
        and reading.refutes < MODEL_VETO
        and not a.missing_agents
        and not a.flip
    ):
        # The same kind of event, in the same place, on the same date: the date is confirmed
        # by the slots themselves ("Last Friday, Paris was the scene of mass slaughter" in an
        # article of 16 November 2015, for "the Paris attacks took place on 13 November").
        return PassageJudgement(stance="supports", strength=0.8, slot="time")
    if (
        confirmable
        and reading.supports >= PARAPHRASE_SUPPORT
        and a.coverage >= PARAPHRASE_COVERAGE
        and a.claim_words >= PARAPHRASE_MIN_WORDS
        and not a.missing_agents
        and a.dates != "differs"
        and not a.flip
    ):
        slot: Slot = "time" if a.dates == "same" else "paraphrase"
        strength = round(reading.supports * (0.5 + 0.5 * a.coverage), 4)
        return PassageJudgement(stance="supports", strength=strength, slot=slot)
    if (
        confirmable
        and reading.supports >= MODEL_SUPPORT
        and a.coverage >= MODEL_SUPPORT_COVERAGE
        and f.relevance >= MODEL_SUPPORT_RELEVANCE
        and a.claim_words >= PARAPHRASE_MIN_WORDS
        and not a.missing_agents
        and not a.flip
    ):
        strength = round(reading.supports * (0.5 + 0.5 * a.coverage), 4)
        return PassageJudgement(stance="supports", strength=strength, slot="paraphrase")
    if (
        confirmable
        and a.subject_named
        and a.coverage >= NAMED_PARAPHRASE_COVERAGE
        and f.relevance >= NAMED_PARAPHRASE_RELEVANCE
        and a.claim_words >= NAMED_PARAPHRASE_MIN_WORDS
        and reading.refutes < MODEL_VETO
        and reading.supports >= reading.refutes
        and reading.supports > 0
        and not a.missing_agents
        and a.dates != "differs"
        and not a.flip
    ):
        strength = round(0.5 + 0.3 * a.coverage * f.relevance, 4)
        return PassageJudgement(stance="supports", strength=strength, slot="paraphrase")
    if (
        confirmable
        and a.coverage >= LEXICAL_SUPPORT_COVERAGE
        and a.claim_words >= PARAPHRASE_MIN_WORDS
        and f.relevance >= LEXICAL_SUPPORT_RELEVANCE
        and reading.refutes < MODEL_VETO
        and (reading.refutes <= reading.supports or a.coverage == 1.0)
        and not a.missing_agents
        and a.dates != "differs"
        and not a.flip
    ):
        strength = round(0.5 + 0.3 * a.coverage * f.relevance, 4)
        return PassageJudgement(stance="supports", strength=strength, slot="paraphrase")
    if (
        reading.refutes >= MODEL_REFUTE
        and a.coverage >= MODEL_REFUTE_COVERAGE
        and f.relevance >= MODEL_REFUTE_RELEVANCE
        and not a.unmatched
        and not far_apart
        # A claimed figure is the figure rules' to settle: the model reads any other number
        # as a contradiction ("exceeded five million" for "exceeded 4.8 million").
        and not a.claim_has_figure
    ):
        return PassageJudgement(
            stance="refutes", strength=round(reading.refutes * a.coverage, 4), slot="predicate"
        )
    if (
        f.given
        and f.passage_words <= GIVEN_MAX_WORDS
        and not a.unmatched
        and a.dates != "differs"
        and not a.claim_has_figure
    ):
        # Evidence the user chose for this claim, read by the model once no slot decided:
        # "Arctic sea ice has shrunk by 13% per decade" for "Arctic ice is melting". A name of
        # the claim the passage never gives, another date or a figure keep it open (the
        # figure rules above settle figures); a flipped word blocks support, and a negation
        # of something else blocks refuting too.
        if reading.label == "supports" and confirmable and not a.missing_agents and not a.flip:
            return PassageJudgement(
                stance="supports",
                strength=round(GIVEN_STRENGTH_SCALE * reading.supports, 4),
                slot="reading",
                reason=f"given passage: the stance model reads entailment ({reading.supports:.2f})",
            )
        if reading.label == "refutes" and not a.flip_outside:
            return PassageJudgement(
                stance="refutes",
                strength=round(GIVEN_STRENGTH_SCALE * reading.refutes, 4),
                slot="reading",
                reason=(
                    f"given passage: the stance model reads contradiction ({reading.refutes:.2f})"
                ),
            )
    if f.hedged:
        return _neutral("reports it without vouching for it (reportedly, allegedly, …)")
    if a.swap:
        return _neutral(f"says {a.swap}")
    if a.missing_agents and max(reading.supports, reading.refutes) >= PARAPHRASE_SUPPORT:
        return _neutral("never names " + ", ".join(a.missing_agents))
    return _neutral("")


# --- the claim's verdict -------------------------------------------------------------------
class Judged(Frozen):
    """A passage's judgement with the article it comes from."""

    judgement: PassageJudgement
    doc_id: str
    published: date | None = None


class ClaimDecision(Frozen):
    label: VerdictLabel
    confidence: float
    supporting: tuple[int, ...] = ()
    refuting: tuple[int, ...] = ()
    #: Every refutation is a figure from an article of another date (a revised toll).
    revision: bool = False
    #: The refuting reports disagree among themselves (figures on both sides of the claim's,
    #: or disjoint from each other).
    straddled: bool = False
    #: The claim is a figure someone gave and only other sources' figures refute it.
    other_sources: bool = False


def _side(claim: Quantity | None, evidence: Quantity | None) -> Literal["below", "above"] | None:
    if claim is None or evidence is None:
        return None
    if evidence.high is not None and claim.low is not None and evidence.high < claim.low:
        return "below"
    if evidence.low is not None and claim.high is not None and evidence.low > claim.high:
        return "above"
    return None


def _straddled(judged: Sequence[Judged], refuting: Sequence[int]) -> bool:
    """Refuting figures from different articles that disagree among themselves: on both
    sides of the claim's figure, or on one side but disjoint from each other (65 dead
    against one report of 72 and another of at least 80)."""
    below = {judged[i].doc_id for i in refuting if judged[i].judgement.side == "below"}
    above = {judged[i].doc_id for i in refuting if judged[i].judgement.side == "above"}
    if below and above and (below - above or above - below):
        return True
    figures = [
        (judged[i].doc_id, interval(q))
        for i in refuting
        if (q := judged[i].judgement.figure) is not None
    ]
    spread = max(
        (
            a.distance(b)
            for k, (doc_a, a) in enumerate(figures)
            for doc_b, b in figures[k + 1 :]
            if doc_a != doc_b and a.disjoint(b)
        ),
        default=None,
    )
    if spread is None:
        return False
    # On one side, the reports disagree with the claim more than with each other when every
    # one of them is further from it than they are apart: 62 and 68 against "more than 500"
    # agree that it was under 70; 72 and "at least 80" against 65 are as far apart as the
    # nearer is from the claim, so the claim could be one more report among them.
    gaps = [g for i in refuting if (g := judged[i].judgement.gap) is not None]
    return not gaps or spread >= min(gaps)


def _gap(claim: Quantity | None, evidence: Quantity | None) -> float | None:
    """How far a refuting figure lies from the claim's interval (None when unbounded)."""
    if claim is None or evidence is None:
        return None
    far = interval(claim).distance(interval(evidence))
    return far if math.isfinite(far) else None


def _combined(strengths: Sequence[float]) -> float:
    # Independent articles agreeing make a verdict surer: 1 - prod(1 - s) over articles.
    remaining = 1.0
    for s in strengths:
        remaining *= 1.0 - s
    return min(MAX_CONFIDENCE, 1.0 - remaining)


def _per_article(judged: Sequence[Judged], idx: Sequence[int]) -> list[float]:
    best: dict[str, float] = {}
    for i in idx:
        doc = judged[i].doc_id
        best[doc] = max(best.get(doc, 0.0), judged[i].judgement.strength)
    return list(best.values())


def decide(judged: Sequence[Judged], *, any_relevant: bool = True) -> ClaimDecision:
    """The verdict from the passages' judgements (comment-zone passages never count)."""
    supporting = tuple(i for i, j in enumerate(judged) if j.judgement.stance == "supports")
    refuting = tuple(i for i, j in enumerate(judged) if j.judgement.stance == "refutes")
    sup_docs = {judged[i].doc_id for i in supporting}
    ref_docs = {judged[i].doc_id for i in refuting}
    s = _combined(_per_article(judged, supporting)) if supporting else 0.0
    r = _combined(_per_article(judged, refuting)) if refuting else 0.0
    revision = bool(refuting) and all(judged[i].judgement.revision for i in refuting)
    if supporting and refuting and (sup_docs - ref_docs or ref_docs - sup_docs):
        # Credible articles on both sides: the reader must see both.
        return ClaimDecision(
            label="conflicting",
            confidence=round(min(s, r), 4),
            supporting=supporting,
            refuting=refuting,
            revision=revision,
        )
    if refuting and not supporting and not revision and _straddled(judged, refuting):
        # "15 died" against one report of 12 and another of 18, or "65 died" against 72 and
        # "at least 80": the reports disagree among themselves, so none of their figures is
        # established against the claim's.
        return ClaimDecision(
            label="conflicting",
            confidence=round(r * 0.8, 4),
            refuting=refuting,
            revision=revision,
            straddled=True,
        )
    if (
        refuting
        and not supporting
        and not revision
        and all(judged[i].judgement.other_source for i in refuting)
    ):
        # "62 killed, the interior minister said" against the Red Cross's 68: one source's
        # figure against another's. The offline verifier cannot tell which source is right;
        # the reader sees both, named.
        return ClaimDecision(
            label="conflicting", confidence=round(r * 0.8, 4), refuting=refuting, other_sources=True
        )
    if refuting and (not supporting or r > s):
        if revision:
            # Another article's figure for the same event from another date: tolls are
            # revised as reports come in, so this is a disagreement between reports in time,
            # shown as such rather than as a plain refutation.
            return ClaimDecision(
                label="conflicting", confidence=round(r * 0.8, 4), refuting=refuting, revision=True
            )
        return ClaimDecision(label="refuted", confidence=round(r, 4), refuting=refuting)
    if supporting:
        return ClaimDecision(label="supported", confidence=round(s, 4), supporting=supporting)
    # Nothing decides: the more relevant the passages were, the less sure "no evidence" is.
    return ClaimDecision(label="not_enough_evidence", confidence=0.9 if not any_relevant else 0.6)
