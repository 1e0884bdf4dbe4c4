"""Check-worthiness in [0, 1]: how much a fact-checker would want this claim checked.

Numbers, named entities, factual verbs and specific dates raise it; hedges, first person,
questions, imperatives and opinion lower it; reader comments count for less than the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from claims.nlp import has_entities
from claims.units import dimension
from crosscheck.models import ClaimType, Quantity, Zone

_FACTUAL_VERBS = re.compile(
    r"\b(?:kill\w*|die[ds]?|dead|murder\w*|massacr\w*|injur\w*|wound\w*|claim\w*|control\w*"
    r"|met|meet\w*|announc\w*|arrest\w*|seiz\w*|join\w*|attack\w*|report\w*|estimat\w*"
    r"|deploy\w*|cross\w*|found|register\w*|elect\w*|vot\w*|sign\w*|captur\w*|bomb\w*"
    r"|struck|shot|fled|invad\w*|lost|gained|reached|displac\w*|suspend\w*|introduc\w*"
    r"|seized|blamed|launched|hacked|destroy\w*|took place|took responsibility)\b",
    re.IGNORECASE,
)
_HEDGES = re.compile(
    r"\b(?:may|might|could|perhaps|possibly|probably|apparently|seem\w*|appear\w*|likely"
    r"|maybe|supposedly|arguably|I think|we think)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|we|us|our|ours|myself|ourselves)\b")
_DATE = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?[ \xa0]+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*[ \xa0]+\d{1,2}|(?:1[89]|20)\d\d"
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b"
)
_VAGUE_SUBJECT = re.compile(
    r"^(?:This|That|These|Those|It|There|Such|Something|Nothing|Everything)\b"
)
_IMPERATIVE_START = re.compile(r"^(?:Let['’]?s?|Please|Do not|Don['’]t)\b")
_ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
_CAPITALISED = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]+(?: [A-Z][a-z]+)*")
COMMENT_FACTOR = 0.6


@dataclass(frozen=True)
class Features:
    """What the score is made of; kept so a report could explain a score."""

    quantities: int
    durations: int
    entities: int
    has_date: bool
    factual_verb: bool
    hedged: bool
    first_person: bool
    question: bool
    imperative: bool
    opinion: bool
    vague_subject: bool
    words: int


def features(
    text: str,
    *,
    quantities: Sequence[Quantity],
    types: Sequence[ClaimType],
    entities: int | None = None,
    imperative: bool = False,
    question: bool = False,
) -> Features:
    """Features of a claim text; ``entities`` comes from NER when the caller has it."""
    counts = [q for q in quantities if dimension(q.unit) != "time"]
    if entities is None:
        entities = len(set(_CAPITALISED.findall(text)))
    return Features(
        quantities=len(counts),
        durations=len(quantities) - len(counts),
        entities=entities,
        has_date=bool(_DATE.search(text)),
        factual_verb=bool(_FACTUAL_VERBS.search(text)),
        hedged=bool(_HEDGES.search(text)),
        first_person=bool(_FIRST_PERSON.search(text)),
        question=question,
        imperative=imperative or bool(_IMPERATIVE_START.match(text)),
        opinion="opinion" in types,
        vague_subject=bool(_VAGUE_SUBJECT.match(text)),
        words=len(text.split()),
    )


def entity_count(doc: Any, start: int, end: int) -> int | None:
    """Distinct named entities of a spaCy Doc inside ``[start, end)``; None without NER."""
    if not has_entities(doc):
        return None
    names = {e.text for e in doc.ents if e.label_ in _ENTITY_LABELS and start <= e.start_char < end}
    return len(names)


def is_imperative(doc: Any) -> bool:
    """A sentence opening with a bare verb and no subject anywhere ("Arm the Kurds")."""
    if doc is None or len(doc) < 2 or not doc.has_annotation("TAG"):
        return False
    first = next((t for t in doc if not t.is_punct and not t.is_space), None)
    return bool(
        first is not None
        and first.tag_ == "VB"
        and not any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in doc)
    )


def score(
    found: Features,
    *,
    zone: Zone = "body",
    attributed: bool = False,
    speaker: str | None = None,
    text: str | None = None,
) -> float:
    """Combine features into a score in [0, 1]: the trained model's probability when its
    weights are shipped and ``text`` is given, else the hand-set rules."""
    from claims.checkworthy_model import load_model

    model = load_model() if text is not None else None
    if model is not None and text is not None:
        value = model.probability(text, found)
        value -= 0.25 if found.opinion else 0.0
        value += 0.05 if attributed and speaker else 0.0
    else:
        value = rule_score(found, attributed=attributed, speaker=speaker)
    if zone == "comment":
        value *= COMMENT_FACTOR
    elif zone == "boilerplate":
        value = 0.0
    return round(min(1.0, max(0.0, value)), 3)


def rule_score(found: Features, *, attributed: bool = False, speaker: str | None = None) -> float:
    """The hand-set weights (before zones)."""
    value = 0.35
    value += 0.25 if found.quantities else (0.08 if found.durations else 0.0)
    value += min(0.2, 0.05 * found.entities)
    value += 0.1 if found.has_date else 0.0
    value += 0.1 if found.factual_verb else 0.0
    value += 0.05 if attributed and speaker else 0.0
    value -= 0.12 if found.hedged else 0.0
    if found.first_person:
        value -= 0.08 if attributed else 0.2
    value -= 0.3 if found.question else 0.0
    value -= 0.25 if found.imperative else 0.0
    value -= 0.25 if found.opinion else 0.0
    value -= 0.12 if found.vague_subject and not found.entities else 0.0
    value -= 0.12 if found.words < 6 else 0.0
    return value


_CONNECTIVE_START = re.compile(
    r"^(?:(?:and|but|so|yet|now|then|still|well|oh|yes|no)\b,?[ \xa0]+)+", re.IGNORECASE
)
_COMMON_VERBS = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|will|would|can|could|may|might"
    r"|must|should|said|says)\b|\b\w+(?:ed|es)\b",
    re.IGNORECASE,
)


_FEED_LINE = re.compile(r"^\d+[ \xa0]+(?:comments?|replies|responses|thoughts)[ \xa0]+on\b", re.I)


def is_checkable(text: str, doc: Any = None) -> bool:
    """False for fragments, headings and short vague remarks ("And wait.", "This is not
    something new."): no claim at all is better than a claim nobody could check."""
    words = re.findall(r"[A-Za-z0-9][\w’'%-]*", text)
    if len(words) < 4:
        return False
    if doc is not None and doc.has_annotation("TAG"):
        if not any(t.pos_ in ("VERB", "AUX") for t in doc):
            return False
    elif not _COMMON_VERBS.search(text):
        return False
    if text.rstrip().endswith((":", ",")) or _FEED_LINE.match(text):
        return False  # "Jim Denham said,", "4 comments on ...": lead-ins, not statements
    core = _CONNECTIVE_START.sub("", text.strip())
    if len(words) <= 7 and _VAGUE_SUBJECT.match(core[:1].upper() + core[1:]):
        has_name = bool(_CAPITALISED.search(core)) or any(ch.isdigit() for ch in core)
        if not has_name:
            return False
    return True
