"""What the rest of an article tells about one sentence: antecedents, the main event, quotes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from claims.nlp import has_entities, has_parse
from claims.relative_dates import MONTHS, find_relative_dates, format_date
from claims.speaker import Quotation, find_quotations, proper_name
from crosscheck.models import Document, Sentence

MentionKind = Literal["person", "plural", "singular"]

_EVENT_NOUNS = r"(attacks?|massacres?|bombings?|shootings?|atrocity|atrocities|killings)"
_LOCATED_EVENT = re.compile(rf"\b([A-Z][a-z]{{2,}})[ \xa0]+{_EVENT_NOUNS}\b")
_EVENT_IN = re.compile(rf"\b{_EVENT_NOUNS}[ \xa0]+in[ \xa0]+([A-Z][a-z]{{2,}})\b")
_NOT_PLACES = frozenset(
    [
        "The",
        "This",
        "These",
        "Those",
        "That",
        "Such",
        "Terrorist",
        "Suicide",
        "Bomb",
        "Gun",
        "Their",
        "His",
        "Her",
        "Its",
        "Our",
        "Recent",
        "Latest",
        "Further",
        "Other",
        "More",
        "Many",
        "Several",
        "Some",
        "Any",
        "Islamist",
        "Jihadist",
        "Jihadi",
        "Friday",
        "Saturday",
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Last",
        "Next",
        "First",
        "Second",
        "Third",
        "Mass",
        "Multiple",
    ]
)
_DATE_DM = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?[ \xa0]+(" + "|".join(MONTHS) + r")\b(?:,?[ \xa0]+(\d{4}))?",
    re.IGNORECASE,
)
_DATE_MD = re.compile(
    r"\b(" + "|".join(MONTHS) + r")[ \xa0]+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?[ \xa0]+(\d{4}))?",
    re.IGNORECASE,
)
_PERSON_NOUNS = frozenset(
    [
        "minister",
        "president",
        "man",
        "woman",
        "official",
        "spokesman",
        "spokeswoman",
        "leader",
        "commander",
        "officer",
        "chancellor",
        "secretary",
        "ambassador",
        "general",
        "senator",
        "mayor",
        "governor",
        "chief",
        "director",
        "author",
        "journalist",
        "reporter",
        "witness",
        "member",
        "suspect",
        "gunman",
        "bomber",
        "father",
        "mother",
    ]
)
# Documents say things but do not act: never the antecedent of "they".
DOCUMENT_NOUNS = frozenset(
    [
        "release",
        "releases",
        "report",
        "reports",
        "statement",
        "statements",
        "study",
        "survey",
        "document",
        "documents",
        "newspaper",
        "paper",
        "article",
        "poll",
    ]
)
_DEMONSTRATIVE_SUBJECTS = frozenset(
    [
        "this",
        "that",
        "these",
        "those",
        "it",
        "there",
        "which",
        "who",
        "what",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
    ]
)


@dataclass(frozen=True)
class Mention:
    """Someone or something a later pronoun may refer to."""

    offset: int
    text: str
    kind: MentionKind
    subject: bool
    sentence: int


@dataclass
class DocumentContext:
    """Document-wide facts the stand-alone rewrite and the speaker lookup need."""

    mentions: list[Mention] = field(default_factory=list)
    full_names: dict[str, str] = field(default_factory=dict)
    event: str | None = None
    event_noun: str | None = None
    quotations: list[Quotation] = field(default_factory=list)
    sentence_starts: list[int] = field(default_factory=list)

    @classmethod
    def build(
        cls, document: Document, sentences: Sequence[Sentence], docs: Sequence[Any]
    ) -> DocumentContext:
        context = cls(quotations=find_quotations(document.text))
        context.sentence_starts = [s.start for s in sentences]
        known = _person_names(docs)
        for index, (sentence, doc) in enumerate(zip(sentences, docs, strict=True)):
            if sentence.zone == "boilerplate":
                continue
            context.mentions.extend(_mentions(sentence, doc, index, known))
        for mention in context.mentions:
            if mention.kind == "person" and " " in mention.text:
                context.full_names.setdefault(mention.text.split()[-1], mention.text)
        context.event, context.event_noun = _main_event(document, sentences)
        return context

    def full_name(self, name: str) -> str:
        """ "Kerry" -> "John Kerry" when the article names him in full somewhere."""
        clean = re.sub(r"['’]s$", "", name.strip())
        return self.full_names.get(clean, clean)

    def antecedent(self, pronoun: str, before: int) -> str | None:
        """The most likely referent of a pronoun occurring at document offset ``before``."""
        word = pronoun.lower()
        current = self._sentence_index(before)
        earlier = [m for m in self.mentions if m.offset < before and m.sentence >= current - 3]
        if word in ("he", "she", "him", "her", "his"):
            return self._person(earlier, current)
        if word in ("they", "them", "their"):
            plural = [m for m in earlier if m.kind == "plural" and m.subject]
            if plural and plural[-1].sentence >= current - 2:
                return plural[-1].text
            return None
        if word in ("it", "its"):
            single = [m for m in earlier if m.kind == "singular" and m.subject]
            if single and single[-1].sentence >= current - 1:
                return single[-1].text
        return None

    def _person(self, earlier: list[Mention], current: int) -> str | None:
        for index in range(current, current - 4, -1):
            people = [m for m in earlier if m.sentence == index and m.kind == "person"]
            if not people:
                continue
            subjects = [m for m in people if m.subject]
            chosen = subjects[0] if subjects else people[0]
            return self.full_name(chosen.text)
        return None

    def _sentence_index(self, offset: int) -> int:
        index = 0
        for i, start in enumerate(self.sentence_starts):
            if start <= offset:
                index = i
        return index

    def quotation_at(self, start: int, end: int) -> Quotation | None:
        """The quotation holding most of ``[start, end)``, if one does."""
        for quote in self.quotations:
            overlap = min(end, quote.end) - max(start, quote.start)
            if overlap > 0 and overlap >= 0.6 * (end - start):
                return quote
        return None


def _person_names(docs: Sequence[Any]) -> set[str]:
    """Every word of every PERSON entity: "Cameron" is a person wherever NER missed him."""
    names: set[str] = set()
    for doc in docs:
        if has_entities(doc):
            for ent in doc.ents:
                if ent.label_ == "PERSON":
                    names.update(w for w in re.sub(r"['’]s$", "", str(ent.text)).split())
    return names


def _mentions(sentence: Sentence, doc: Any, index: int, known: set[str]) -> list[Mention]:
    found: list[Mention] = []
    if has_entities(doc):
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                subject = any(t.dep_ in ("nsubj", "nsubjpass") for t in ent) or (
                    has_parse(doc)
                    and ent.root.dep_ in ("compound", "appos")
                    and ent.root.head.dep_ in ("nsubj", "nsubjpass")
                )
                name = re.sub(r"['’]s$", "", str(ent.text)).strip()
                found.append(
                    Mention(sentence.start + ent.start_char, name, "person", subject, index)
                )
    if has_parse(doc):
        for token in doc:
            if token.dep_ not in ("nsubj", "nsubjpass") or token.lower_ in _DEMONSTRATIVE_SUBJECTS:
                continue
            if token.pos_ not in ("NOUN", "PROPN"):
                continue
            offset = sentence.start + token.idx
            if token.ent_type_ == "PERSON":
                continue  # already a person mention
            proper = proper_name(token)
            organisation = token.ent_type_ in ("ORG", "GPE", "NORP", "LOC", "FAC")
            if proper and (not organisation or proper.split()[-1] in known):
                found.append(Mention(offset, proper, "person", True, index))
                continue
            span = _subject_span(doc, token)
            if span is None or token.lower_ in DOCUMENT_NOUNS:
                continue
            text = str(span.text).strip(" ,")
            if span[0].pos_ != "PROPN":
                text = text[:1].lower() + text[1:]  # "Refugees" opened its sentence
            plural = token.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in token.children)
            if token.lower_ in _PERSON_NOUNS and not plural:
                found.append(Mention(sentence.start + span.start_char, text, "person", True, index))
                continue
            kind: MentionKind = "plural" if plural else "singular"
            found.append(Mention(sentence.start + span.start_char, text, kind, True, index))
    found.sort(key=lambda m: m.offset)
    return found


def _subject_span(doc: Any, token: Any) -> Any:
    """The subject's noun phrase, short enough to stand in for a pronoun; none with numbers."""
    chunk = next((c for c in doc.noun_chunks if c.root.i == token.i), None)
    span = chunk if chunk is not None else doc[token.i : token.i + 1]
    if len(span) > 6 or any(t.like_num for t in span):
        return None
    if span[0].lower_ in ("its", "their", "his", "her", "our", "my", "your"):
        return None
    return span


def _main_event(document: Document, sentences: Sequence[Sentence]) -> tuple[str | None, str | None]:
    """ "the Paris attacks of 13 November 2015" when the article is plainly about one event."""
    body = [s for s in sentences if s.zone in ("body", "quote")]
    counts: Counter[tuple[str, str]] = Counter()
    for sentence in body:
        for m in _LOCATED_EVENT.finditer(sentence.text):
            if m.group(1) not in _NOT_PLACES and m.start() > 0:
                counts[(m.group(1), _plural(m.group(2)))] += 1
        for m in _EVENT_IN.finditer(sentence.text):
            counts[(m.group(2), _plural(m.group(1)))] += 1
    if not counts:
        return None, None
    (place, noun), count = counts.most_common(1)[0]
    if count < 2:
        return None, None
    when = _event_date(document.published, body, place)
    label = f"the {place} {noun}"
    if when:
        label += f" of {when}"
    return label, noun


def _plural(noun: str) -> str:
    lowered = noun.lower()
    if lowered in ("atrocity", "atrocities"):
        return "atrocities"
    return lowered if lowered.endswith("s") else lowered + "s"


def _event_date(published: date | None, body: Sequence[Sentence], place: str) -> str | None:
    """The date of the first sentence that puts the event's place next to a date."""
    for sentence in body[:12]:
        if place not in sentence.text:
            continue
        for anchored in find_relative_dates(sentence.text, published):
            if anchored.day is not None and (published is None or anchored.day <= published):
                return format_date(anchored.day)
        m = _DATE_DM.search(sentence.text) or _DATE_MD.search(sentence.text)
        if m:
            groups = m.groups()
            day, month = (groups[0], groups[1]) if groups[0].isdigit() else (groups[1], groups[0])
            year = groups[2]
            return f"{int(day)} {month.capitalize()}" + (f" {year}" if year else "")
    return None
