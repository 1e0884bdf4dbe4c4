"""Claim types by cue words: numeric, control, event, attribution, causal, prediction, opinion.

The first type is the main one. Opinion wins (the verifier leaves opinions unchecked), then
numeric, prediction, control, attribution, causal; a factual statement with none of those
cues is an event.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from claims.units import dimension
from crosscheck.models import ClaimType, Quantity

_CONTROL = re.compile(
    r"\b(?<!border )(?<!passport )(?:control(?:s|led|ling)?|held by|holds?|seized|seize"
    r"|recaptur\w*|retake|retook|occup(?:y|ied|ies|ation)|territory|territories|grip on"
    r"|took over|taken over"
    r"|overran|overrun|reclaimed|liberated|besieged|stronghold|cleared \w+(?: \w+)? from"
    r"|swath of|lost \w+ \w+ of the area"
    r"|(?:made|make|making|makes) (?:\w+ )?(?:advances|gains))\b",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"\b(?:claim(?:ed|ing|s)? responsibility|took responsibility|claimed (?:the|a|an) \w+"
    r"|claimed to have|blamed|blames|attributed to|carried out by|was behind|were behind"
    r"|accused|is responsible for|are responsible for|was responsible for|the responsibility)\b",
    re.IGNORECASE,
)
_CAUSAL = re.compile(
    r"\b(?:because|due to|as a result|result(?:ed|s)? in|led to|leads? to|caus(?:e|ed|es|ing)"
    r"|in response to|thanks to|owing to|provok\w+|triggered|gave rise to|give rise to"
    r"|fuel(?:led|s)?|spillover|stemmed from|stems from|enabled|consequences?|in order to"
    r"|so that|responsible for|born out of|helped to|instrumental in|suffer(?:s|ed|ing)? from)\b",
    re.IGNORECASE,
)
_PREDICTION = re.compile(
    r"\b(?:will|won['’]t|shall|going to|(?:is|are) expected to|(?:is|are|seems?|looks?) likely to"
    r"|(?:is|are) set to|forecast\w*|predict\w*|in the future|next year|is to be"
    r"|are to be)\b|['’]ll\b",
    re.IGNORECASE,
)
# "He predicted that the war would end ...": a reported "would" is the speaker's future.
_REPORTED_FUTURE = re.compile(r"^[^,;]{0,60}\bwould\b(?![ \xa0]+(?:like|rather|appear|seem))", re.I)
_NORMATIVE = re.compile(r"\b(?:must|should|ought to)\b", re.I)
_OBLIGATION = re.compile(r"\b(?:need to|needs to|have to|has to)\b", re.I)
_FIRST_PERSON_VIEW = re.compile(
    r"\b(?:I|we)[ \xa0]+(?:think|believe|feel|hope|fear|consider|guess|suppose|doubt)\b"
    r"|\bin (?:my|our) (?:view|opinion)\b|\bI['’]m (?:sure|afraid|glad)\b",
    re.IGNORECASE,
)
_RHETORIC = re.compile(
    r"\b(?:utterly|absolutely|simply|merely|precisely|of course|undoubtedly|surely|full stop"
    r"|so-called|in reality|no doubt|needless to say|in any way|by no means|at all)\b",
    re.IGNORECASE,
)
_NOT_BUT = re.compile(r"\bnot (?:a |an |the |only )?[\w-]+(?: [\w-]+){0,4},? but\b", re.I)
_IMPERATIVE = re.compile(
    r"^(?:Let|Arm|Attack|Remember|Imagine|Consider|Look|Stop|Support|Think|Stand|Join|Read"
    r"|Do not|Don['’]t|Never|Go|Tell|Ask|Vote)\b"
)
_EVALUATIVE = frozenset(
    [
        "good",
        "bad",
        "best",
        "worst",
        "wrong",
        "evil",
        "wicked",
        "barbaric",
        "barbarity",
        "barbarism",
        "barbarians",
        "inhuman",
        "inhumane",
        "humane",
        "cruel",
        "disgusting",
        "disgrace",
        "disgraceful",
        "shameful",
        "shame",
        "outrageous",
        "appalling",
        "horrific",
        "horrible",
        "terrible",
        "awful",
        "tragic",
        "tragically",
        "ugly",
        "absurd",
        "ridiculous",
        "stupid",
        "idiotic",
        "idiots",
        "foolish",
        "naive",
        "incompetent",
        "incompetant",
        "cowardice",
        "cowardly",
        "hypocrisy",
        "hypocritical",
        "phoney",
        "phony",
        "lunatic",
        "lunatics",
        "madness",
        "mad",
        "insane",
        "crazy",
        "sinister",
        "poisonous",
        "perverse",
        "macabre",
        "vicious",
        "vile",
        "despicable",
        "deplorable",
        "heroic",
        "thoughtful",
        "brilliant",
        "excellent",
        "wonderful",
        "great",
        "fantastic",
        "nihilist",
        "nihilistic",
        "fanatical",
        "fanatics",
        "dehumanised",
        "backward",
        "regressive",
        "disdainful",
        "shallow",
        "slimy",
        "crude",
        "vulgarity",
        "facile",
        "simplistic",
        "superficial",
        "false",
        "infernal",
        "unpalatable",
        "cynicism",
        "cynical",
        "pathetic",
        "bastards",
        "shit",
        "arse",
        "rage",
        "despair",
        "hatred",
        "desperate",
        "desperation",
        "ruthless",
        "savage",
        "ghoulish",
        "charming",
        "hospitable",
        "virtuous",
        "righteous",
        "misdirected",
        "meaningless",
        "proud",
        "pride",
        "heroism",
        "unacceptable",
        "shameless",
        "sick",
        "disastrous",
        "catastrophic",
        "grim",
        "bloody",
        "monstrous",
        "cancer",
        "weakness",
        "predatory",
        "blame",
        "guilt",
        "guilty",
        "innocent",
        "deserve",
        "deserves",
        "justified",
        "unjustified",
        "legitimate",
        "illegitimate",
    ]
)
_WORD = re.compile(r"[A-Za-z’'-]+")
_ANALOGY = re.compile(
    r"\b(?:is|was|are|were)[ \xa0]+(?:the[ \xa0]+)?\w+['’]s[ \xa0]+[A-Z][\w/-]*[.!]?$"
)
_EVALUATIVE_PREDICATE = re.compile(
    r"\b(?:is|are|was|were|be|been)[ \xa0]+(?:not[ \xa0]+)?(?:(?:a|an|the|so|very|too|quite|"
    r"utterly|deeply|simply|just)[ \xa0]+)?([A-Za-z-]+)"
)
_FIRST_PERSON_START = re.compile(r"^[“\"‘(]?(?:I|We|My|Our|Us)\b")
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|we|us|our|myself|ourselves)\b")
_TIME_UNITS = ("time",)


def opinion_score(
    text: str,
    *,
    question: bool = False,
    quantities: Sequence[Quantity] = (),
    attributed: bool = False,
) -> int:
    """How strongly a sentence reads as opinion or rhetoric rather than a checkable fact."""
    question = question or text.rstrip().endswith("?")
    score = 3 if question else 0
    if not attributed:
        # The author speaking for themselves ("We must ...", "I see ...") argues, not reports.
        if _FIRST_PERSON_START.match(text):
            score += 2
        elif _FIRST_PERSON.search(text):
            score += 1
    if _NORMATIVE.search(text):
        score += 2
    elif _OBLIGATION.search(text):
        score += 1
    if _FIRST_PERSON_VIEW.search(text):
        score += 2
    words = [w.lower().strip("’'") for w in _WORD.findall(text)]
    score += min(3, sum(1 for w in words if w in _EVALUATIVE))
    predicate = _EVALUATIVE_PREDICATE.search(text)
    if predicate and predicate.group(1).lower() in _EVALUATIVE:
        score += 1  # "X is a predatory intervention": the sentence judges its subject
    if _RHETORIC.search(text):
        score += 1
    if _NOT_BUT.search(text):
        score += 2  # "not a sign of strength but of weakness": antithesis is argument
    if _IMPERATIVE.match(text.lstrip("“\"'‘ ")):
        score += 2
    if "!" in text:
        score += 1
    if _ANALOGY.search(text):
        score += 2  # "It was the USSR's Vietnam": naming one thing as another is a figure
    if not question and any(dimension(q.unit) not in _TIME_UNITS for q in quantities):
        score -= 2
    return score


def classify(
    text: str,
    quantities: Sequence[Quantity] = (),
    *,
    question: bool = False,
    attributed: bool = False,
) -> tuple[ClaimType, ...]:
    """The claim's types, main type first."""
    types: list[ClaimType] = []
    score = opinion_score(text, question=question, quantities=quantities, attributed=attributed)
    if score >= 2:
        types.append("opinion")
    if any(dimension(q.unit) not in _TIME_UNITS for q in quantities):
        types.append("numeric")
    if _PREDICTION.search(text) or (attributed and _REPORTED_FUTURE.search(text)):
        types.append("prediction")
    if _CONTROL.search(text):
        types.append("control")
    if _ATTRIBUTION.search(text):
        types.append("attribution")
    if _CAUSAL.search(text):
        types.append("causal")
    if not types:
        types.append("event")
    return tuple(types)


def classify_text(text: str, quantities: Sequence[Quantity] = ()) -> tuple[ClaimType, ...]:
    """Types for a claim given as bare text (no article around it, e.g. a ``--claims`` file)."""
    return classify(text, quantities, question=text.rstrip().endswith("?"))
