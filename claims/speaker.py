"""Reported speech: who says a claim ("Kerry said ...", "according to Le Monde", quotes)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from claims.nlp import has_parse

REPORTING_LEMMAS = frozenset(
    [
        "say",
        "tell",
        "claim",
        "warn",
        "add",
        "assert",
        "declare",
        "estimate",
        "report",
        "announce",
        "insist",
        "admit",
        "state",
        "argue",
        "suggest",
        "reveal",
        "confirm",
        "deny",
        "note",
        "explain",
        "write",
        "predict",
        "acknowledge",
        "boast",
        "concede",
        "contend",
        "maintain",
        "observe",
        "allege",
        "testify",
        "stress",
        "emphasise",
        "emphasize",
        "conclude",
        "comment",
        "remark",
        "reply",
        "plead",
        "believe",
    ]
)
_FORMS = (
    r"said|says|say|told|tells|added|adds|adding|asserted|asserts|declared|declares|claimed|"
    r"claims|warned|warns|insisted|insists|admitted|admits|stated|states|argued|argues|"
    r"suggested|suggests|revealed|reveals|confirmed|confirms|denied|denies|noted|notes|"
    r"explained|explains|wrote|writes|estimated|estimates|reported|reports|announced|"
    r"announces|boasted|boasting|concluded|concludes|acknowledged|observed|predicted|"
    r"maintained|stressed|commented|replied|pleaded|remarked|alleged"
)
# A denial reports the opposite of its clause: "the company denied that the driver had been
# speeding" keeps its frame, or the claim would put "the driver had been speeding" in the
# company's mouth.
_DENIALS = frozenset(["deny", "denied", "denies", "denying"])
# Verbs that take a bare clause ("X says the killings were ..."); others need "that" or a quote.
_BARE_CLAUSE = frozenset(
    ["said", "says", "say", "told", "tells", "estimates", "estimated", "believes"]
)
_NAME = r"(?:[A-Z][\w’'.-]*(?:[ \xa0]+(?:al-|bin |ibn |de |le |la |van |von )?[A-Z][\w’'.-]*){0,3})"
_WHO = rf"(?:{_NAME}|he|she|they|it|we|I|He|She|They|It|We)"
# "one Isis member said", "a spokesman said": a short lower-case noun phrase after a quote.
_NP = r"(?:(?:one|a|an|the|another|two|three)[ \xa0]+(?:[\w-]+[ \xa0]+){0,3}?[\w-]+)"
_OPEN = '“"«'
_CLOSE = '”"»'
_TAG_AFTER = re.compile(
    rf"^[ \xa0]*,?[ \xa0]*(?:(?P<who>{_WHO}|{_NP})[ \xa0]+"
    rf"(?:later[ \xa0]+|also[ \xa0]+|then[ \xa0]+)?(?P<verb>{_FORMS})\b"
    rf"|(?P<verb2>{_FORMS})[ \xa0]+(?P<who2>{_NAME}))"
)
_TAG_BEFORE = re.compile(
    rf"(?P<who>{_WHO}),?[ \xa0]+(?:has[ \xa0]+|had[ \xa0]+|have[ \xa0]+|also[ \xa0]+)?"
    rf"(?P<verb>{_FORMS})(?:,?[ \xa0]+[a-z]+){{0,3}}[ \xa0]*[,:]?[ \xa0]*$"
)
_ACCORDING_START = re.compile(r"^according to (?P<who>[^,]{2,80}),[ \xa0]*", re.IGNORECASE)
_ACCORDING_END = re.compile(r",?[ \xa0]+according to (?P<who>[^,.;]{2,80})[.!]?$", re.IGNORECASE)
_IMPERSONAL = re.compile(
    r"^(?:it is|it was|it has been)[ \xa0]+(?:claimed|said|reported|alleged|believed|thought)"
    r"[ \xa0]+that[ \xa0]+",
    re.IGNORECASE,
)
_HEARSAY = re.compile(r"\b(?:reportedly|allegedly|is said to|are said to|were said to)\b")
_PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i"])
TITLES = frozenset(
    [
        "president",
        "minister",
        "prime",
        "secretary",
        "foreign",
        "home",
        "interior",
        "defence",
        "defense",
        "commissioner",
        "sir",
        "mr",
        "mrs",
        "ms",
        "dr",
        "general",
        "chancellor",
        "chief",
        "head",
        "leader",
        "senator",
        "king",
        "queen",
        "pope",
        "former",
        "deputy",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "governor",
        "mayor",
        "director",
        "commander",
        "colonel",
        "captain",
        "lord",
        "lady",
        "prince",
        "princess",
        "sheikh",
        "ayatollah",
        "imam",
        "judge",
        "justice",
        "professor",
        "prof",
        "m.",
        "mme",
    ]
)


@dataclass(frozen=True)
class Quotation:
    """A quoted passage ``[start, end)`` (marks included) and who is said to have said it."""

    start: int
    end: int
    speaker: str | None
    speaker_at: int  # offset of the speaker mention (to resolve "he")


@dataclass(frozen=True)
class Attribution:
    """Reported speech in a sentence: the speaker and the reported content's span.

    Offsets are relative to the sentence text. ``speaker`` may be a pronoun; the caller
    resolves it. ``speaker`` is None for impersonal hearsay ("It is claimed that ...").
    """

    speaker: str | None
    content_start: int
    content_end: int
    speaker_at: int = 0
    drop: tuple[int, int] | None = None  # a parenthetical ", he said," inside the content
    #: The speaker is a body, not a person ("the company", "Al-Shabaab, the militant group"):
    #: a reported "it" is the speaker.
    organisation: bool = False


def find_quotations(text: str) -> list[Quotation]:
    """Quoted passages of a document and their speakers, from tags next to the quote."""
    quotes: list[Quotation] = []
    for start, end in _quote_spans(text):
        inner = text[start + 1 : end - 1]
        if len(inner.split()) < 4:
            continue  # scare quotes ("martyrs", "declaration of war") are not speech
        speaker, at = _tag_for(text, start, end)
        quotes.append(Quotation(start, end, speaker, at))
    # "“...,” he said, “...”": the second part inherits the first part's speaker.
    for i in range(1, len(quotes)):
        prev, cur = quotes[i - 1], quotes[i]
        if cur.speaker is None and prev.speaker and cur.start - prev.end < 40:
            quotes[i] = Quotation(cur.start, cur.end, prev.speaker, prev.speaker_at)
    return quotes


def _quote_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch == "\n" and text[i + 1 : i + 2] == "\n":
            open_at = None  # quotes do not run across paragraphs here
        elif ch in "“«":
            open_at = i
        elif ch in "”»" and open_at is not None:
            spans.append((open_at, i + 1))
            open_at = None
        elif ch == '"':
            if open_at is None:
                open_at = i
            else:
                spans.append((open_at, i + 1))
                open_at = None
    return spans


def _tag_for(text: str, start: int, end: int) -> tuple[str | None, int]:
    after = _TAG_AFTER.match(text[end : end + 100])
    if after:
        who = after.group("who") or after.group("who2")
        at = end + (after.start("who") if after.group("who") else after.start("who2"))
        return who, at
    window_start = max(0, start - 160)
    before = _TAG_BEFORE.search(text[window_start:start])
    if before:
        return before.group("who"), window_start + before.start("who")
    return None, 0


def find_attribution(sentence: str, doc: Any = None) -> Attribution | None:
    """Reported speech inside one sentence, by the parse when there is one, else patterns."""
    stripped = sentence.rstrip()
    m = _ACCORDING_START.match(stripped)
    if m:
        return Attribution(m.group("who").strip(), m.end(), len(stripped), m.start("who"))
    m = _ACCORDING_END.search(stripped)
    if m:
        return Attribution(m.group("who").strip(), 0, m.start(), m.start("who"))
    m = _IMPERSONAL.match(stripped)
    if m:
        return Attribution(None, m.end(), len(stripped))
    if has_parse(doc):
        found = _from_parse(sentence, doc)
        if found is not None:
            return found
    return _from_patterns(sentence)


def is_hearsay(sentence: str) -> bool:
    """ "reportedly", "allegedly": attributed to someone unnamed."""
    return bool(_HEARSAY.search(sentence))


def _from_parse(sentence: str, doc: Any) -> Attribution | None:
    for verb in doc:
        if verb.lemma_.lower() not in REPORTING_LEMMAS or verb.pos_ not in ("VERB", "AUX"):
            continue
        subject = _subject_of(verb)
        if subject is None:
            continue
        tag = _parenthetical(sentence, doc, subject, verb)
        if tag is not None:
            end = _trim_end(sentence, len(sentence))
            return Attribution(
                _speaker_text(subject),
                0,
                end,
                subject.idx,
                drop=tag,
                organisation=_organisation(subject),
            )
        clause = next((c for c in verb.children if c.dep_ in ("ccomp", "parataxis")), None)
        quote_after = _quote_follows(sentence, verb.idx + len(verb.text))
        if clause is None and not quote_after:
            continue
        if clause is not None and clause.i < verb.i:
            # "“...,” Hammond asserted." / "France, he said, is ...": content around the tag.
            if subject.i > clause.i:
                start = clause.left_edge.idx
                end = _trim_end(sentence, min(subject.left_edge.idx, verb.idx))
                if end <= start:
                    continue
                return Attribution(
                    _speaker_text(subject),
                    start,
                    end,
                    subject.idx,
                    organisation=_organisation(subject),
                )
            continue
        if clause is not None:
            first = clause.left_edge
            while first.i < len(doc) - 1 and (first.dep_ == "mark" or first.is_punct):
                first = doc[first.i + 1]
            start = first.idx
        else:
            start = quote_after
        end = _trim_end(sentence, len(sentence))
        if verb.lemma_.lower() in _DENIALS or verb.lower_ in _DENIALS:
            start = subject.left_edge.idx
        if end <= start:
            continue
        return Attribution(
            _speaker_text(subject), start, end, subject.idx, organisation=_organisation(subject)
        )
    return None


def _parenthetical(sentence: str, doc: Any, subject: Any, verb: Any) -> tuple[int, int] | None:
    """ ", he said," between commas in the middle of what was said."""
    if subject.i != verb.i - 1 or subject.i < 2 or verb.i + 2 >= len(doc):
        return None
    before, after = doc[subject.i - 1], doc[verb.i + 1]
    if before.text != "," or after.text != ",":
        return None
    return before.idx, after.idx + 1


def _subject_of(verb: Any) -> Any:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None  # "the men were told": the subject heard it, nobody named said it
    token = verb
    for _ in range(3):
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject
        if token.dep_ in ("advcl", "xcomp", "conj", "pcomp", "acl") and token.head is not token:
            token = token.head
            continue
        return None
    return None


#: Head nouns of a body that speaks as "it": "The company said it would cut 500 jobs".
ORGANISATION_NOUNS = frozenset(
    [
        "group",
        "company",
        "firm",
        "ministry",
        "government",
        "army",
        "council",
        "agency",
        "party",
        "organisation",
        "organization",
        "militia",
        "movement",
        "network",
        "bank",
        "department",
        "authority",
        "committee",
        "court",
        "commission",
        "union",
        "club",
        "airline",
        "university",
        "hospital",
        "board",
        "regulator",
        "corporation",
        "newspaper",
        "channel",
        "broadcaster",
        "operator",
        "insurer",
        "carrier",
        "manufacturer",
        "retailer",
        "charity",
    ]
)


def _organisation(subject: Any) -> bool:
    """Whether the subject is a body: its head or an appositive is an organisation noun."""
    heads = [subject, *(c for c in subject.children if c.dep_ == "appos")]
    if any(t.lemma_.lower() in ORGANISATION_NOUNS and t.tag_ == "NN" for t in heads):
        return True
    # A name with "the" is a body's, never a person's: "The Brotherhood of Ash", "the Red
    # Cross" (spaCy tags "Cameron" an organisation too, so the tag alone does not tell).
    return (
        subject.pos_ == "PROPN"
        and any(c.dep_ == "det" and c.lower_ == "the" for c in subject.children)
        and subject.ent_type_ == "ORG"
    )


def _speaker_text(subject: Any) -> str:
    """A speaker's name without titles: "UK Foreign Secretary Philip Hammond" -> the name."""
    span = subject.doc[subject.left_edge.i : subject.right_edge.i + 1]
    people = [e for e in span.ents if e.label_ == "PERSON"]
    if people:
        return str(people[-1].text)
    # An organisation's whole name, hyphens and "of" included: "Al-Shabaab", "The
    # Brotherhood of Ash" (the parse's head alone is "Shabaab", "Brotherhood").
    bodies = [e for e in span.ents if e.label_ == "ORG" and e.start <= subject.i < e.end]
    if bodies:
        return str(bodies[0].text)
    name = proper_name(subject)
    if name:
        return name
    return str(span.text).strip(" ,")


def proper_name(head: Any) -> str | None:
    """The run of proper nouns ending at ``head`` after the last title word, if any."""
    if head.pos_ != "PROPN":
        return None
    run = [head]
    token = head
    while token.i > 0:
        previous = token.doc[token.i - 1]
        if previous.pos_ != "PROPN" or previous.dep_ not in ("compound", "amod", "nmod"):
            break
        run.insert(0, previous)
        token = previous
    words = [t.text for t in run]
    titled = [i for i, w in enumerate(words) if w.lower() in TITLES]
    if titled:
        words = words[titled[-1] + 1 :]
    if len(words) > 3:
        words = words[-2:]
    return " ".join(words) or None


def _quote_follows(sentence: str, position: int) -> int:
    """Start of the content after a reporting verb that opens a quote (", “..." or ": ...")."""
    m = re.match(r"[ \xa0]*(?:that[ \xa0]+)?[,:]?[ \xa0]*([“\"«])", sentence[position:])
    return position + m.end() if m else 0


def _trim_end(sentence: str, end: int) -> int:
    while end > 0 and sentence[end - 1] in " \xa0,.;:!" + _CLOSE + "’'":
        end -= 1
    return end


def _from_patterns(sentence: str) -> Attribution | None:
    stripped = sentence.rstrip()
    # "“...,” Kerry added." / "“...,” said Kerry."
    if stripped[:1] in _OPEN:
        close = max(stripped.rfind(c) for c in _CLOSE)
        if close > 0:
            tag = _TAG_AFTER.match(stripped[close + 1 :])
            if tag:
                who = tag.group("who") or tag.group("who2")
                return Attribution(who, 1, _trim_end(stripped, close), close + 1)
    verb = re.search(rf"\b(?P<verb>{_FORMS})\b", stripped)
    if verb is None:
        return None
    head = stripped[: verb.start()].rstrip(" ,")
    subject = _PATTERN_SUBJECT.search(head)
    if subject is None or not head or _NOT_SUBJECT_END.search(head):
        return None
    rest = stripped[verb.end() :]
    lead = re.match(r"[ \xa0]*(that[ \xa0]+)?[,:]?[ \xa0]*[“\"«]?", rest)
    has_marker = bool(lead and (lead.group(1) or lead.group(0).strip()))
    if not has_marker and verb.group("verb") not in _BARE_CLAUSE:
        return None
    start = verb.end() + (lead.end() if lead else 0)
    if verb.group("verb") in _DENIALS:
        start = subject.start("who")
    end = _trim_end(stripped, len(stripped))
    if end <= start:
        return None
    return Attribution(subject.group("who"), start, end, subject.start("who"))


_PATTERN_SUBJECT = re.compile(
    rf"(?P<who>{_NAME}|\b(?:he|she|they|we|I)"
    rf"|\b(?:[Tt]he|[Aa]n?)[ \xa0]+[\w-]+(?:[ \xa0]+[\w-]+)?)$"
)
# "must be recalled", "right to say", "the estimated": not a speaker before a verb.
_NOT_SUBJECT_END = re.compile(
    r"\b(?:must|should|would|could|can|will|may|might|to|be|been|being|is|are|was|were|[Tt]he|[Aa]n?"
    r"|you|Like|like)$"
)


def is_pronoun(speaker: str | None) -> bool:
    return speaker is not None and speaker.lower() in _PRONOUNS
