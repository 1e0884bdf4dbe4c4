"""The offline verifier: claim and passages read into slots, aligned, judged by the semantics."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence

from crosscheck.digest import source_digest
from crosscheck.lru import LRU
from crosscheck.models import (
    Claim,
    Document,
    Evidence,
    Frozen,
    ScoredPassage,
    StanceScores,
    Verdict,
)
from crosscheck.store import KeyValueStore
from retrieval.base import Embedder
from verification.align import (
    Alignment,
    align,
    claim_core,
    event_places,
    nli_pair,
    places_agree,
    published_before,
)
from verification.base import StanceModel
from verification.event_dates import DatedEvent, dated_events, setting_date
from verification.figures import in_words
from verification.hedges import reported_only
from verification.lexicon import HONORIFICS, Lexicon, load_lexicon, name_key
from verification.negation import flip_in_scope
from verification.polarity import NEGATION_CUE
from verification.rationale import Cited, Source, rationale
from verification.semantics import (
    MIN_RELEVANCE,
    NO_READING,
    SAME_STATEMENT_COVERAGE,
    Judged,
    PassageFacts,
    PassageJudgement,
    decide,
    judge,
    model_matters,
)
from verification.statements import (
    ENTITY_CACHE_DOCS,
    DateMention,
    Statement,
    StatementReader,
    implicit_counts,
)
from verification.temporal import time_relation

#: How much article text before a passage sets its scene (the place it speaks of).
CONTEXT_CHARS = 600
#: Judgements kept in memory before the judgement cache is written without a flush call.
_FLUSH_AT = 2048


class Reviewed(Frozen):
    """One passage: the facts read from it and the judgement they lead to."""

    facts: PassageFacts
    judged: Judged


def rules_digest() -> str:
    """A hash of the rules' code and word lists: cached verdicts expire when either changes."""
    return source_digest(_RULE_FILES)


_RULE_FILES = tuple(
    f"verification/{name}"
    for name in (
        "semantics.py",
        "align.py",
        "figures.py",
        "statements.py",
        "engine.py",
        "rationale.py",
        "polarity.py",
        "hedges.py",
        "swaps.py",
        "negation.py",
        "lexicon.py",
        "temporal.py",
        "event_dates.py",
        "data/lexicon.json",
    )
)


# Quoted words in a claim: 'act of war', "act of war", “act of war”.
_QUOTED = re.compile(r"""(?:^|[\s(])['‘"“]([^'’"”]{3,}?)['’"”](?=[\s.,;:!?)]|$)""")
_SQUEEZE = re.compile(r"[^\w]+")


def quote_repeated(claim: str, passage: str) -> bool:
    """Whether every phrase the claim quotes (two words or more) stands verbatim in the passage."""
    quoted = [q for q in _QUOTED.findall(claim) if len(q.split()) >= 2]
    if not quoted:
        return False
    flat = " " + _SQUEEZE.sub(" ", passage.lower()) + " "
    return all(" " + _SQUEEZE.sub(" ", q.lower()).strip() + " " in flat for q in quoted)


_PRONOUN_SPEAKER = re.compile(r"\b(?:he|she|they)\b", re.I)


def speaker_named(
    speaker: str, statement: Statement, reader: StatementReader, near: Statement | None = None
) -> bool | None:
    """Whether the passage names the speaker (None when the speaker has no name to look for).

    "He said…" counts when the text just before the passage names the speaker.
    """
    pronoun = near is not None and _PRONOUN_SPEAKER.search(statement.text)
    if pronoun and near is not None and speaker_named(speaker, near, reader):
        return True
    spoken = reader.read(speaker)
    keys = spoken.name_keys()
    if not keys:
        words = {w for w in speaker.split() if w[:1].isupper()}
        if not words:
            return None
        return any(w in statement.text for w in words)
    if keys & statement.name_keys():
        return True
    # A shorter or longer form of the same name: "Cameron" for "David Cameron", "the Red
    # Cross" for "Kenyan Red Cross" (one name's words all among the other's).
    mine = [_name_words(n.text) for n in spoken.names if n.kind == "agent"]
    theirs = [_name_words(n.text) for n in statement.names if n.kind == "agent"]
    return any(a and b and (a <= b or b <= a) for a in mine for b in theirs)


# A peer's title is dropped too when names are compared word by word ("Lord Coe", "Coe").
_NOT_NAME_WORDS = HONORIFICS | {"the", "lord", "lady"}


def _name_words(text: str) -> frozenset[str]:
    words = (name_key(w) for w in text.split())
    return frozenset(w for w in words if w and w not in _NOT_NAME_WORDS)


class StanceVerifier:
    """Slot alignment plus a stance model, decided by ``verification.semantics``."""

    def __init__(
        self,
        stance_model: StanceModel,
        *,
        embedder: Embedder | None = None,
        reader: StatementReader | None = None,
        lexicon: Lexicon | None = None,
        judgement_cache: KeyValueStore | None = None,
    ) -> None:
        """``judgement_cache``: each passage's facts and judgement, kept between runs, for
        the passages the slots settle alone (the stance model's are judged every time, in
        the same batches as on a first run)."""
        self.stance_model = stance_model
        self.judgement_cache = judgement_cache
        self._pending: dict[str, str] = {}
        self.embedder = embedder
        self.lexicon = lexicon or load_lexicon()
        self.reader = reader or StatementReader(self.lexicon)
        self._learned: set[str] = set()
        self._learned_from: tuple[Mapping[str, Document], int] | None = None
        self._context_memo: tuple[int, str] | None = None
        # An article's specific names, asked for every passage it gives: read once.
        self._names_of: LRU[str, frozenset[str]] = LRU(ENTITY_CACHE_DOCS)
        # The dates an article gives its events, asked for its undated passages: read once.
        self._events_of: LRU[str, tuple[DatedEvent, ...]] = LRU(ENTITY_CACHE_DOCS)
        self.name = f"slots.v1-{rules_digest()}({stance_model.name})"

    def hypothesis(self, claim: Claim) -> str:
        # "X said Y" is checked as what X said; whether Y holds is a separate judgement.
        if claim.attributed and claim.speaker and claim.speaker not in claim.text:
            return f"{claim.speaker} said that {claim.text}"
        return claim.text

    def verify_many(
        self,
        items: Sequence[tuple[Claim, Sequence[ScoredPassage]]],
        documents: Mapping[str, Document] | None = None,
    ) -> list[Verdict]:
        """Verdicts for a batch: the claims are read in one pass of the tagger first (one
        call per claim costs more than the reading itself), then judged one by one. A claim
        whose words stand verbatim in its article is read there, with the article's own
        entities (the article is read once anyway): only the rewritten ones need the tagger."""
        docs = documents or {}
        rewritten = [c for c, _ in items if self._verbatim(c, claim_core(c.text), docs) is None]
        self.reader.read_many(
            [claim_core(c.text) for c in rewritten], [c.published for c in rewritten]
        )
        # Speakers are looked for in every passage: read in the same pass, not one by one.
        self.reader.read_many(
            list(dict.fromkeys(c.speaker for c, _ in items if c.attributed and c.speaker))
        )
        return [self.verify(c, p, documents) for c, p in items]

    @staticmethod
    def _verbatim(
        claim: Claim, core: str, documents: Mapping[str, Document]
    ) -> tuple[Document, int] | None:
        """The claim's article and where its words stand verbatim in its source span."""
        doc = documents.get(claim.doc_id or "")
        if doc is None or claim.source is None or not core:
            return None
        at = doc.text.find(core, claim.source.start, claim.source.end)
        return (doc, at) if at >= 0 else None

    def _read_in_source(
        self, claim: Claim, text: str, documents: Mapping[str, Document]
    ) -> Statement:
        """``text`` (the claim's words, or its source sentence) read in the claim's article
        where it stands there verbatim, else on its own."""
        found = self._verbatim(claim, text, documents)
        if found is None:
            return self.reader.read(text, claim.published)
        doc, at = found
        return self.reader.read_in(doc, at, at + len(text), claim.published)

    def verify(
        self,
        claim: Claim,
        passages: Sequence[ScoredPassage],
        documents: Mapping[str, Document] | None = None,
    ) -> Verdict:
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
        documents = documents or {}
        self._learn(documents)
        reviewed = self.judge(claim, passages, documents)
        judged = [r.judged for r in reviewed]
        facts = [r.facts for r in reviewed]
        any_relevant = any(f.relevance >= MIN_RELEVANCE for f in facts)
        decision = decide(judged, any_relevant=any_relevant)
        deciding = set(decision.supporting) | set(decision.refuting)
        order = sorted(
            range(len(passages)),
            key=lambda i: (i not in deciding, -judged[i].judgement.strength, -facts[i].relevance),
        )
        evidence = [
            self._evidence(claim, passages[i], judged[i].judgement, facts[i]) for i in order
        ]
        cited = [
            self._cited(n, passages[i], judged[i].judgement, facts[i].alignment, claim, documents)
            for n, i in enumerate(order, start=1)
            if i in deciding
        ]
        # The closest article passage that did not decide, and why; a reader comment's
        # "never decides" says nothing about the claim.
        nearest = next(
            (
                judged[i].judgement.reason
                for i in order
                if judged[i].judgement.reason and facts[i].credible
            ),
            None,
        )
        return Verdict(
            label=decision.label,
            confidence=decision.confidence,
            rationale=rationale(
                claim,
                decision,
                cited,
                _nearest(nearest),
                self.lexicon,
                claim_core(claim.text),
                given=bool(passages) and all(sp.passage.given for sp in passages),
            ),
            evidence=tuple(evidence),
            verifier=self.name,
        )

    # -- per passage --------------------------------------------------------------------
    def judge(
        self,
        claim: Claim,
        passages: Sequence[ScoredPassage],
        documents: Mapping[str, Document],
    ) -> list[Reviewed]:
        """Each passage's facts and judgement; from the judgement cache where it has them."""
        cache = self.judgement_cache
        # Relevance computed here embeds the passages together: cached only when given.
        if cache is None or any(sp.dense_score is None for sp in passages):
            return self._judge(claim, passages, documents)
        keys = self._judgement_keys(claim, passages, documents)
        known: dict[int, Reviewed] = {}
        for i, key in enumerate(keys):
            raw = self._pending.get(key) or cache.get(key)
            if raw is not None:
                known[i] = Reviewed.model_validate_json(raw)
        todo = [i for i in range(len(passages)) if i not in known]
        if todo:
            fresh = self._judge(claim, [passages[i] for i in todo], documents)
            known.update(zip(todo, fresh, strict=True))
            for i, r in zip(todo, fresh, strict=True):
                if not model_matters(r.facts):
                    self._pending[keys[i]] = r.model_dump_json()
            if len(self._pending) >= _FLUSH_AT:
                self.flush()
        return [known[i] for i in range(len(passages))]

    def flush(self) -> None:
        """Store the judgements (and the reader's entities) made since the last flush, in
        one transaction each: a disk sync per claim would cost more than judging it."""
        if self.judgement_cache is not None and self._pending:
            self.judgement_cache.put_many(self._pending)
        self._pending = {}
        self.reader.flush()

    def _judgement_keys(
        self,
        claim: Claim,
        passages: Sequence[ScoredPassage],
        documents: Mapping[str, Document],
    ) -> list[str]:
        """What one passage's judgement turns on: the rules (in the name), the acronyms
        learned, the claim and its article, the passage with its relevance, and its
        article's text (in the ID), title and date."""

        def article(doc_id: str | None) -> str:
            doc = documents.get(doc_id or "")
            return "" if doc is None else f"{doc.doc_id}\x1f{doc.title}\x1f{doc.published}"

        scope = "\x1e".join(
            (
                self.name,
                self.context_key(documents),
                claim.model_dump_json(),
                article(claim.doc_id),
            )
        )
        return [
            hashlib.sha256(
                "\x1e".join(
                    (
                        scope,
                        sp.model_dump_json(exclude={"score", "lexical_score"}),
                        article(sp.passage.doc_id),
                    )
                ).encode("utf-8")
            ).hexdigest()
            for sp in passages
        ]

    def _judge(
        self,
        claim: Claim,
        passages: Sequence[ScoredPassage],
        documents: Mapping[str, Document],
    ) -> list[Reviewed]:
        reader = self.reader
        core = claim_core(claim.text)
        claim_stmt = self._read_in_source(claim, core, documents)
        statements = self._statements(passages, documents)
        nears = [self._near(sp, documents) for sp in passages]
        contexts = [
            self._context(sp, near, documents) for sp, near in zip(passages, nears, strict=True)
        ]
        alignments = [
            align(
                claim_stmt,
                stmt,
                self.lexicon,
                context=ctx,
                near=near,
                claim_quantities=(*claim.quantities, *implicit_counts(claim.text, self.lexicon)),
                claim_text=core,
                subject=ctx if sp.passage.given else None,
            )
            for sp, stmt, ctx, near in zip(passages, statements, contexts, nears, strict=True)
        ]
        # A flip refutes only in the same statement; below that share of words it only
        # blocks support, which it does in or out of scope: the parse is spent only where
        # it can change the judgement.
        alignments = [
            a.model_copy(update={"flip_outside": True})
            if a.flip == NEGATION_CUE
            and a.coverage >= SAME_STATEMENT_COVERAGE
            and not flip_in_scope(core, sp.passage.text, reader.parse)
            else a
            for a, sp in zip(alignments, passages, strict=True)
        ]
        relevances = self._relevances(claim, passages)
        setting = None if claim_stmt.places else self._claim_setting(claim, documents)
        # A claim that is itself a report ("X reported to be …", or what a named report says)
        # is confirmed by a report.
        claim_asserts = not claim.attributed and not reported_only(claim.text)
        # "ISIS claims responsibility for the Paris attacks of 13 November 2015" from "In
        # claiming responsibility for the attacks": the date names the event for the reader;
        # the author never stated it, so a passage need not either (it must not contradict it).
        date_added = bool(
            claim_stmt.dates
            and claim.source is not None
            and not self._read_in_source(claim, claim.source.quote, documents).dates
        )
        facts: list[PassageFacts] = []
        for sp, stmt, a, rel, near in zip(
            passages, statements, alignments, relevances, nears, strict=True
        ):
            days = None
            if claim.published and sp.passage.published:
                days = (sp.passage.published - claim.published).days
            f = PassageFacts(
                alignment=a,
                nli=NO_READING,
                relevance=rel,
                credible=sp.passage.zone != "comment",
                attributed_speaker=claim.speaker if claim.attributed else None,
                speaker_named=(
                    speaker_named(claim.speaker, stmt, reader, near)
                    if claim.attributed and claim.speaker
                    else None
                ),
                published_before_event=published_before(sp.passage.published, claim_stmt, stmt),
                days_apart=days,
                same_story=self._same_story(claim, sp, documents),
                asked=sp.passage.given or claim.doc_id is None,
                # A window of a long given text is read as an article's passage is.
                given=sp.passage.given and not sp.passage.cut,
                passage_words=len(sp.passage.text.split()),
                setting_places_match=setting is not None
                and places_agree(setting, stmt.places, self.lexicon),
                quote_repeated=quote_repeated(claim.text, sp.passage.text),
                claim_date_added=date_added,
                article_dates_claim=bool(claim_stmt.dates)
                and not stmt.dates
                and self._article_dates(claim_stmt, sp, documents),
                hedged=claim_asserts and reported_only(sp.passage.text),
            )
            facts.append(f)
        # The stance model reads only the pairs whose verdict can turn on it: most passages
        # are settled by their slots (another place, a figure, too few shared words).
        asked = [i for i, f in enumerate(facts) if model_matters(f)]
        if asked:
            read_as = _without_dates(core, claim_stmt.dates) if date_added else core
            hypothesis = self.hypothesis(claim.model_copy(update={"text": read_as}))
            pairs = [
                nli_pair(hypothesis, claim_stmt, statements[i], self.lexicon, contexts[i])
                for i in asked
            ]
            scores = self.stance_model.predict(
                [p.premise for p in pairs], [p.hypothesis for p in pairs]
            )
            for i, sc in zip(asked, scores, strict=True):
                facts[i] = facts[i].model_copy(update={"nli": sc})
        out: list[Reviewed] = []
        for sp, f in zip(passages, facts, strict=True):
            judged = Judged(
                judgement=judge(f), doc_id=sp.passage.doc_id, published=sp.passage.published
            )
            out.append(Reviewed(facts=f, judged=judged))
        return out

    def context_key(self, documents: Mapping[str, Document]) -> str:
        """What a verdict owes to the corpus beyond its passages, for a verdict cache's key:
        the acronyms its articles define (read into every statement's names)."""
        self._learn(documents)
        acronyms = self.reader.acronyms
        # Asked once per claim; acronyms are only ever added, so their count dates the key.
        if self._context_memo is None or self._context_memo[0] != len(acronyms):
            learned = json.dumps(sorted(acronyms.items()))
            digest = hashlib.sha256(learned.encode("utf-8")).hexdigest()[:16]
            self._context_memo = (len(acronyms), digest)
        return self._context_memo[1]

    def _learn(self, documents: Mapping[str, Document]) -> None:
        # Asked once per claim with the run's one mapping: learnt already, nothing to do.
        # (The mapping itself is kept, so its identity cannot pass to another one.)
        last = self._learned_from
        if last is not None and last[0] is documents and last[1] == len(documents):
            return
        self._learned_from = (documents, len(documents))
        # A set difference, not a loop over the archive.
        fresh = documents.keys() - self._learned
        new = [documents[k] for k in fresh]
        if new:
            self.reader.learn(d.text for d in new)
            self._learned.update(fresh)

    def _same_story(
        self, claim: Claim, sp: ScoredPassage, documents: Mapping[str, Document]
    ) -> bool:
        """A passage given with the claim, a claim someone asks of this corpus (its story is
        the corpus's), or an article sharing a specific name with the claim's article (lexicon
        entities such as countries are too common to count)."""
        if sp.passage.given or claim.doc_id is None:
            return True
        own = documents.get(claim.doc_id or "")
        other = documents.get(sp.passage.doc_id)
        if own is None or other is None:
            return False
        return bool(self._specific_names(own) & self._specific_names(other))

    def _specific_names(self, doc: Document) -> frozenset[str]:
        known = self._names_of.get(doc.doc_id)
        if known is not None:
            return known
        found = self.reader.read_in(doc, 0, len(doc.text), names_only=True)
        names = frozenset(
            n.key
            for n in found.names
            if n.kind in ("agent", "place", "venue", "other") and n.key not in self.lexicon.entities
        )
        self._names_of[doc.doc_id] = names
        return names

    def _article_dates(
        self, claim: Statement, sp: ScoredPassage, documents: Mapping[str, Document]
    ) -> bool:
        """The passage's article dates the claim's event (in its place) as the claim does."""
        doc = documents.get(sp.passage.doc_id)
        if doc is None or not claim.names:
            return False
        events = self._events_of.get(doc.doc_id)
        if events is None:
            events = dated_events(doc.text, doc.published, self.reader, self.lexicon)
            self._events_of[doc.doc_id] = events
        return setting_date(claim, events, self.lexicon) == "same"

    def _statements(
        self, passages: Sequence[ScoredPassage], documents: Mapping[str, Document]
    ) -> list[Statement]:
        """Passages of known articles read with their article's entities; others alone."""
        loose = [sp for sp in passages if sp.passage.doc_id not in documents]
        self.reader.read_many(
            [sp.passage.text for sp in loose], [sp.passage.published for sp in loose]
        )
        out = []
        for sp in passages:
            doc = documents.get(sp.passage.doc_id)
            if doc is not None and doc.text[sp.passage.start : sp.passage.end] == sp.passage.text:
                out.append(
                    self.reader.read_in(doc, sp.passage.start, sp.passage.end, sp.passage.published)
                )
            else:
                out.append(self.reader.read(sp.passage.text, sp.passage.published))
        return out

    def _near(self, sp: ScoredPassage, documents: Mapping[str, Document]) -> Statement | None:
        doc = documents.get(sp.passage.doc_id)
        if doc is None:
            return None
        start = max(0, sp.passage.start - CONTEXT_CHARS)
        return self.reader.read_in(doc, start, sp.passage.start, names_only=True)

    def _claim_setting(self, claim: Claim, documents: Mapping[str, Document]) -> set[str]:
        """The places where acts happen in the claim's own article around it ("The jihadists
        struck Paris"; not "something out of Hollywood"), and its title's places."""
        doc = documents.get(claim.doc_id or "")
        if doc is None or claim.source is None:
            return set()
        start = max(0, claim.source.start - CONTEXT_CHARS)
        near = self.reader.read_in(doc, start, claim.source.end, names_only=True)
        head = self.reader.read(doc.title or doc.text[:200], doc.published)
        return event_places(near, self.lexicon) | head.places

    def _context(
        self, sp: ScoredPassage, near: Statement | None, documents: Mapping[str, Document]
    ) -> Statement | None:
        doc = documents.get(sp.passage.doc_id)
        if doc is None and sp.passage.given and sp.passage.title:
            # A passage given with its source's title ("Carbon dioxide" for "its concentration
            # has risen") speaks of what that title names.
            return self.reader.read(sp.passage.title, sp.passage.published)
        if doc is None or near is None:
            return None
        head = doc.title or doc.text[:200]
        return near.with_names(self.reader.read(head, doc.published))

    def _relevances(self, claim: Claim, passages: Sequence[ScoredPassage]) -> list[float]:
        known = [sp.dense_score for sp in passages]
        if all(v is not None for v in known):
            return [float(v) for v in known]  # type: ignore[arg-type]
        if self.embedder is None:
            return [
                float(v) if v is not None else sp.score
                for v, sp in zip(known, passages, strict=True)
            ]
        vectors = self.embedder.embed([claim.text, *(sp.passage.text for sp in passages)])
        q = vectors[0]
        return [
            float(v) if v is not None else _cosine(q, vec)
            for v, vec in zip(known, vectors[1:], strict=True)
        ]

    def _evidence(
        self, claim: Claim, sp: ScoredPassage, j: PassageJudgement, f: PassageFacts
    ) -> Evidence:
        note = j.reason or None
        fig = f.alignment.figure
        if j.slot == "quantity" and fig.claim_quantity and fig.evidence_quantity:
            note = (
                f"claim {in_words(fig.claim_quantity)} "
                f"('{fig.claim_quantity.text}'), "
                f"passage {in_words(fig.evidence_quantity)} "
                f"('{fig.evidence_quantity.text}')"
            )
        elif j.slot == "time":
            note = f"claim dates it {f.alignment.claim_date}, passage {f.alignment.passage_date}"
        elif j.slot == "negation":
            note = f"the same statement with {f.alignment.flip}"
        if j.revision:
            note = (note or "") + "; from an article of another date: a revised figure?"
        return Evidence(
            doc_id=sp.passage.doc_id,
            start=sp.passage.start,
            end=sp.passage.end,
            quote=sp.passage.text,
            zone=sp.passage.zone,
            stance=j.stance,
            score=round(j.strength if j.stance != "neutral" else f.relevance, 4),
            time_relation=time_relation(claim.published, sp.passage.published),
            note=note,
        )

    def _cited(
        self,
        number: int,
        sp: ScoredPassage,
        j: PassageJudgement,
        a: Alignment,
        claim: Claim,
        documents: Mapping[str, Document],
    ) -> Cited:
        doc = documents.get(sp.passage.doc_id)
        if doc is not None:
            source = Source(title=doc.title or doc.path.rsplit("/", 1)[-1], published=doc.published)
        elif sp.passage.given:
            which = f"given passage {sp.passage.given_index + 1}"
            title = sp.passage.title
            source = Source(title=f"{title} ({which})" if title else which)
        else:
            source = Source(
                title=sp.passage.title or sp.passage.doc_id, published=sp.passage.published
            )
        fig = a.figure
        later = None
        if claim.published and sp.passage.published and claim.published != sp.passage.published:
            later = sp.passage.published > claim.published
        return Cited(
            number=number,
            source=source,
            judgement=j.model_copy(update={"reason": a.flip or j.reason}),
            claim_figure=in_words(fig.claim_quantity) if fig.claim_quantity else None,
            evidence_figure=(in_words(fig.evidence_quantity) if fig.evidence_quantity else None),
            claim_date=a.claim_date,
            passage_date=a.passage_date,
            later=later,
        )


def _without_dates(text: str, dates: Sequence[DateMention]) -> str:
    """The claim as its author put it, for the stance model: without the date added to name
    the event ("the Paris attacks of 13 November 2015"), which an undated passage would
    otherwise seem to leave open or contradict."""
    for d in dates:
        text = re.sub(rf"\s*(?:\b(?:of|on|in)\s+)?{re.escape(d.text)},?", "", text, flags=re.I)
    text = text.strip()
    return text[:1].upper() + text[1:]


def _nearest(reason: str | None) -> str | None:
    # "loosely related" says nothing a reader can use; the other reasons say why it failed.
    if not reason or reason.startswith("loosely"):
        return None
    return reason


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    na = math.sqrt(sum(x * x for x in a)) or 1.0
    nb = math.sqrt(sum(y * y for y in b)) or 1.0
    return dot / (na * nb)


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
