"""The offline claim extractor: rules over spaCy's parse, no LLM, deterministic."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from claims import checkworthiness
from claims.atomic import Clause, participial_facts, question_facts, split_clauses
from claims.claim_types import classify
from claims.context import DOCUMENT_NOUNS, DocumentContext
from claims.entity_cache import EntityCache
from claims.nlp import load_nlp
from claims.quantities import parse_quantities
from claims.speaker import find_attribution, is_hearsay, is_pronoun
from claims.standalone import make_standalone
from crosscheck.digest import source_digest
from crosscheck.models import Claim, Document, Quantity, Sentence, SourceSpan

#: The code claims come from: sentences, zones, the claim rules themselves.
_RULE_SOURCES = ("claims", "corpus/sentences.py", "corpus/zones.py")

Splitter = Callable[[Document], list[Sentence]]

_QUESTION_END = re.compile(r"\?[”\"’'»)\]]*\s*$")
# A longer "sentence" is a run-on or a text that is not prose: never a claim, never parsed.
MAX_CLAIM_CHARS = 1_000
# Sentences parsed per document: bounds the work one document can cost (the pipeline caps
# the claims it keeps, with a warning in the report).
MAX_SENTENCES_PER_DOCUMENT = 2_000


@dataclass(frozen=True)
class _Speech:
    """Who a sentence reports, if anyone, and where the reported content lies in it."""

    speaker: str | None = None
    attributed: bool = False
    content: tuple[int, int] | None = None
    drop: tuple[int, int] | None = None
    #: The speaker is a body ("the company"): its reported "it" is the speaker.
    organisation: bool = False


def _default_splitter(document: Document) -> list[Sentence]:
    from corpus.sentences import split_sentences

    return split_sentences(document)


class OfflineClaimExtractor:
    """Claims from one document: atomic, typed, attributed, stand-alone, scored."""

    #: The rules' version; the code digest makes cached claims expire with an upgrade.
    version = "offline-rules.v1"

    def __init__(
        self,
        nlp: Any = None,
        *,
        splitter: Splitter | None = None,
        min_checkworthiness: float = 0.0,
        max_sentences: int = MAX_SENTENCES_PER_DOCUMENT,
        entity_cache: EntityCache | None = None,
    ) -> None:
        """``entity_cache``: where the sentences' entities are left for the verifier."""
        self._nlp = nlp
        # Only the default model's entities are the verifier's (the cache is keyed by it).
        self._own_nlp = nlp is None
        self._entity_cache = entity_cache
        self._splitter = splitter or _default_splitter
        self.min_checkworthiness = min_checkworthiness
        self.max_sentences = max_sentences
        self._limited: dict[str, str] = {}
        self.name = f"{self.version}-{source_digest(_RULE_SOURCES)}"

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_nlp()
        return self._nlp

    def limit_note(self, doc_id: str) -> str | None:
        """Why the last extraction of ``doc_id`` stopped early, if it did."""
        return self._limited.get(doc_id)

    def flush(self) -> None:
        """Write the sentences' entities read since the last flush (a worker process's
        extractor: the parent's shares its entity cache with its verifier, which writes)."""
        if self._entity_cache is not None:
            self._entity_cache.flush()

    def extract(self, document: Document) -> list[Claim]:
        sentences = [
            s
            for s in self._splitter(document)
            if s.zone != "boilerplate" and len(s.text) <= MAX_CLAIM_CHARS
        ]
        self._limited.pop(document.doc_id, None)
        if len(sentences) > self.max_sentences:
            self._limited[document.doc_id] = (
                f"{len(sentences):,} sentences; only the first {self.max_sentences:,} were "
                "read for claims (limit per document)"
            )
            sentences = sentences[: self.max_sentences]
        docs = list(self.nlp.pipe([s.text for s in sentences], batch_size=64))
        if self._entity_cache is not None and self._own_nlp:
            # The verifier reads these sentences' entities: spaCy need not run on them twice.
            self._entity_cache.put_many(
                {
                    s.text: [(e.text, e.label_, e.start_char, e.end_char) for e in d.ents]
                    for s, d in zip(sentences, docs, strict=True)
                }
            )
        context = DocumentContext.build(document, sentences, docs)
        claims: list[Claim] = []
        seen: set[str] = set()
        for sentence, doc in zip(sentences, docs, strict=True):
            for claim in self._sentence_claims(document, sentence, doc, context):
                if claim.claim_id not in seen:
                    seen.add(claim.claim_id)
                    claims.append(claim)
        return claims

    def _sentence_claims(
        self, document: Document, sentence: Sentence, doc: Any, context: DocumentContext
    ) -> list[Claim]:
        text = sentence.text
        if not checkworthiness.is_checkable(text, doc):
            return []
        question = bool(_QUESTION_END.search(text))
        quantities = parse_quantities(text, doc=doc)
        speech = _speech(sentence, doc, context)
        clauses = split_clauses(text, quantities, doc, content=speech.content)
        facts = question_facts(text, quantities)
        # A question's numbers belong to the fact it takes for granted, not to the question.
        asked = [] if facts else quantities
        speeches = _clause_speeches(text, clauses, speech)
        units = [
            (c, question, len(clauses) > 1, asked, said)
            for c, said in zip(clauses, speeches, strict=True)
        ]
        units += [(fact, False, True, quantities, speech) for fact in facts]
        for act in participial_facts(text, doc):
            # "In claiming responsibility …, ISIS says …": the article states the act; only
            # inside a quotation is it the speaker's word.
            inside = speech.content is not None and speech.content[0] <= act.start
            units.append((act, False, True, quantities, speech if inside else _Speech()))
        imperative = checkworthiness.is_imperative(doc)
        claims: list[Claim] = []
        for clause, is_question, own_span, counted, said in units:
            claim = self._claim(
                document,
                sentence,
                doc,
                context,
                clause,
                counted,
                said,
                question=is_question,
                own_span=own_span,
                imperative=imperative,
            )
            if claim is not None:
                claims.append(claim)
        return claims

    def _claim(
        self,
        document: Document,
        sentence: Sentence,
        doc: Any,
        context: DocumentContext,
        clause: Clause,
        quantities: Sequence[Quantity],
        speech: _Speech,
        *,
        question: bool,
        own_span: bool,
        imperative: bool,
    ) -> Claim | None:
        text = sentence.text
        rel_start, rel_end = (clause.start, clause.end) if own_span else (0, len(text))
        start, end = sentence.start + rel_start, sentence.start + rel_end
        mine = [
            _shift(q, sentence.start)
            for q in quantities
            if clause.start <= (q.start or 0) < clause.end
        ]
        raw = _clause_text(text, clause, speech)
        standalone = make_standalone(
            raw,
            at=sentence.start + clause.text_start,
            context=context,
            published=document.published,
        )
        types = classify(raw, mine, question=question, attributed=speech.attributed)
        found = checkworthiness.features(
            raw,
            quantities=mine,
            types=types,
            entities=checkworthiness.entity_count(doc, clause.text_start, clause.text_end),
            imperative=imperative,
            question=question,
        )
        score = checkworthiness.score(
            found,
            zone=sentence.zone,
            attributed=speech.attributed,
            speaker=speech.speaker,
            text=raw,
        )
        if score < self.min_checkworthiness and "opinion" not in types:
            return None
        quote = document.text[start:end]
        return Claim(
            claim_id=Claim.make_id(document.doc_id, start, end, standalone),
            doc_id=document.doc_id,
            text=standalone,
            source=SourceSpan(start=start, end=end, quote=quote, zone=sentence.zone),
            types=types,
            quantities=tuple(mine),
            speaker=speech.speaker,
            attributed=speech.attributed,
            checkworthiness=score,
            published=document.published,
        )


_REPORTED_PRONOUN = re.compile(r"^(?:he|she|they)\b(?=[ \xa0]+[a-z])", re.IGNORECASE)
# A body's reported "it" ("the group said it carried out the attack"), but not "it" as an
# empty subject ("the ministry said it was too early to say"): never before a form of "be".
_REPORTED_IT = re.compile(
    r"^it\b(?![ \xa0]+(?:is|was|would[ \xa0]+be|will[ \xa0]+be|had[ \xa0]+been|has[ \xa0]+been"
    r"|could[ \xa0]+be|might[ \xa0]+be|may[ \xa0]+be|seems|appears)\b)(?=[ \xa0]+[a-z])",
    re.IGNORECASE,
)


def _clause_text(sentence: str, clause: Clause, speech: _Speech) -> str:
    """The clause's words, without a parenthetical speech tag, speaker for reported "he"."""
    if speech.drop is not None and clause.text_start <= speech.drop[0] < clause.text_end:
        start, end = speech.drop
        body = sentence[clause.text_start : start] + " " + sentence[end : clause.text_end]
        raw = f"{clause.prefix} {body.strip()}".strip()
    else:
        raw = clause.text(sentence)
    if speech.speaker and not clause.prefix and speech.content is not None:
        # "Cameron told Abadi that he was ready": the reported "he" is the speaker.
        m = _REPORTED_PRONOUN.match(raw) or (
            _REPORTED_IT.match(raw) if speech.organisation else None
        )
        quoted = sentence[max(0, speech.content[0] - 1)] in '“"‘«'
        document_like = speech.speaker.lower().split()[-1] in DOCUMENT_NOUNS
        plural = m is not None and m.group(0).lower() == "they"
        if (
            m
            and clause.text_start == speech.content[0]
            and not quoted
            and not (plural and document_like)
        ):
            raw = speech.speaker + raw[m.end() :]
    return raw


def _shift(quantity: Quantity, by: int) -> Quantity:
    if quantity.start is None or quantity.end is None:
        return quantity
    return quantity.model_copy(update={"start": quantity.start + by, "end": quantity.end + by})


def _speech(sentence: Sentence, doc: Any, context: DocumentContext) -> _Speech:
    text = sentence.text
    quote = context.quotation_at(sentence.start, sentence.end)
    if quote is not None and quote.speaker:
        start = max(0, quote.start + 1 - sentence.start)
        end = min(len(text), quote.end - 1 - sentence.start)
        # A pronoun tag after the quote ("..., he said") refers to someone named before it.
        speaker = _resolve(quote.speaker, min(quote.start, quote.speaker_at), context)
        return _Speech(speaker, True, (start, end) if end > start else None)
    attribution = find_attribution(text, doc)
    if attribution is not None:
        speaker = None
        if attribution.speaker:
            speaker = _resolve(
                attribution.speaker, sentence.start + attribution.speaker_at, context
            )
        return _Speech(
            speaker,
            True,
            (attribution.content_start, attribution.content_end),
            attribution.drop,
            attribution.organisation,
        )
    if is_hearsay(text):
        return _Speech(None, True, None)
    return _Speech()


# "…, while the Red Cross put the toll at 68": a contrast that brings in another party.
_CONTRAST = re.compile(r"\b(?:while|whereas)\b", re.IGNORECASE)


def _clause_speeches(text: str, clauses: Sequence[Clause], speech: _Speech) -> list[_Speech]:
    """Who says each clause. "The minister said 62 people had been killed, while the Red
    Cross put the toll at 68": a contrast clause with a party of its own is the reporter's
    (or that party's, "while police said …"), not the minister's."""
    out = [speech] * len(clauses)
    if not speech.speaker or speech.content is None:
        return out
    for i in range(1, len(clauses)):
        gap = text[clauses[i - 1].text_end : clauses[i].text_start]
        body = clauses[i].text(text)
        if (
            not _CONTRAST.search(gap)
            or _REPORTED_PRONOUN.match(body)
            or body.lower().startswith(("it ", "we ", "i "))
            or speech.speaker.lower() in body.lower()
        ):
            continue
        own = find_attribution(body)
        if own is not None and own.speaker:
            out[i] = _Speech(own.speaker, True)
        elif _NAMED_PARTY.match(body):
            out[i] = _Speech()
    return out


# A clause that opens on a name: "the Red Cross put …", "Police Scotland said …".
_NAMED_PARTY = re.compile(r"^(?:[Tt]he[ \xa0]+)?[A-Z][a-z]")


def _resolve(speaker: str, at: int, context: DocumentContext) -> str | None:
    if is_pronoun(speaker):
        return context.antecedent(speaker, at)
    return context.full_name(speaker)
