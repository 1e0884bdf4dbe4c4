"""The pipeline: corpus -> claims -> retrieval -> verification -> report.

Every stage is a constructor argument; ``crosscheck.factory.build_pipeline`` is the one
place that builds the real ones from settings.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import TypeAdapter

from claims.base import ClaimExtractor
from crosscheck.config import Settings
from crosscheck.errors import InputError, WorkerStopped
from crosscheck.models import (
    GIVEN_DOC_PREFIX,
    CheckedClaim,
    Claim,
    Corpus,
    Document,
    Frozen,
    Passage,
    Report,
    ScoredPassage,
    Verdict,
)
from crosscheck.store import KeyValueStore
from crosscheck.workers import AHEAD, EXTRACT_BATCH, Extracted, Waiting, WorkerPool
from retrieval.base import Embedder
from retrieval.embedder import cosine
from retrieval.hybrid import HybridIndex, Query
from retrieval.passages import make_passages
from verification.base import Verifier, verify_all
from verification.citations import enforce_citations

Stage = Literal["loading", "extracting", "clustering", "indexing", "verifying", "done"]
ClaimsAdapter = TypeAdapter(list[Claim])
RETRIEVAL_CHUNK = 32
# Called as ``prepare(claims, embedder, progress=(done, total) -> None)``.
ClaimPreparer = Callable[..., list[Claim]]


class Progress(Frozen):
    stage: Stage
    done: int
    total: int
    message: str = ""


ProgressCallback = Callable[[Progress], None]


def _noop(_: Progress) -> None:
    return None


def _stage_progress(stage: Stage, progress: ProgressCallback) -> Callable[[int, int], None]:
    """A ``(done, total)`` callback for a stage's batches, as :class:`Progress` events."""

    def report(done: int, total: int) -> None:
        progress(Progress(stage=stage, done=done, total=total))

    return report


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Chunk:
    """A chunk of a run's claims with their evidence, verdict keys and (pending) verdicts."""

    claims: Sequence[Claim]
    evidence: Sequence[Sequence[ScoredPassage]]
    keys: Sequence[str]
    judged: Callable[[], list[Verdict | None]]


class Pipeline:
    """Runs the stages over a corpus; caches extraction and verdicts by content."""

    def __init__(
        self,
        *,
        settings: Settings,
        extractor: ClaimExtractor,
        embedder: Embedder,
        index: HybridIndex,
        verifier: Verifier,
        cache: KeyValueStore | None = None,
        prepare_claims: ClaimPreparer | None = None,
        describe: dict[str, str] | None = None,
        usage: Callable[[], dict[str, str]] | None = None,
        notices: Callable[[], Sequence[str]] | None = None,
        document_text: Callable[[str], str | None] | None = None,
        worker_pool: WorkerPool | None = None,
    ) -> None:
        self.settings = settings
        self.extractor = extractor
        self.embedder = embedder
        self.index = index
        self.verifier = verifier
        self.cache = cache if cache is not None else KeyValueStore(None)
        self._prepare = prepare_claims
        self._describe = describe or {}
        # Token and time accounting of a remote backend, merged into the report.
        self._usage = usage
        # Warnings from the stages themselves (a remote backend switched off mid-run).
        self._notices = notices
        self._indexed: str | None = None
        # The run's claims by cluster and its documents' passages: deciding-evidence lookups.
        self._clusters: dict[str, list[tuple[str, int, int]]] = {}
        self._doc_passages: dict[str, list[Passage]] = {}
        # The corpus's documents by ID, built once per corpus: asked for every claim.
        self._by_id: tuple[Corpus, dict[str, Document]] | None = None
        self._dates: dict[tuple[int, int], list[Passage]] | None = None
        self._lookup_corpus: str | None = None
        # Limits hit during the current run, shown in the report.
        self._warnings: list[str] = []
        # Texts of cited documents outside the corpus (an archive), for the citation check.
        self._document_text = document_text
        # Worker processes for big runs (the same verifier in each): see crosscheck.workers.
        self._pool = worker_pool
        self._pool_stopped = False

    # -- description -------------------------------------------------------------------
    def describe(self) -> dict[str, str]:
        """The report's ``pipeline`` entry: every stage and model with a version."""
        return {
            "extractor": self.extractor.name,
            "retriever": self.index.name,
            "embedder": self.embedder.name,
            "verifier": self.verifier.name,
            **self._describe,
        }

    # -- stages ------------------------------------------------------------------------
    def load(self, folder: Path | str) -> Corpus:
        from corpus.loader import load_corpus

        return load_corpus(Path(folder), max_bytes=self.settings.max_file_bytes)

    def extract(self, document: Document) -> list[Claim]:
        """The document's claims; cached by content and extractor version."""
        claims = self._cached_claims(document)
        if claims is None:
            claims = self.extractor.extract(document)
            limit_note = getattr(self.extractor, "limit_note", None)
            fallback = getattr(self.extractor, "fallback_reason", None)
            self._keep_claims(
                document,
                claims,
                note=limit_note(document.doc_id) if limit_note is not None else None,
                cacheable=fallback is None or not fallback(document.doc_id),
            )
        return self._capped(document, claims)

    def _claims_key(self, document: Document) -> str:
        return _hash("claims", self.extractor.name, document.sha256, document.path)

    def _cached_claims(self, document: Document) -> list[Claim] | None:
        cached = self.cache.get(self._claims_key(document))
        return None if cached is None else ClaimsAdapter.validate_json(cached)

    def _keep_claims(
        self, document: Document, claims: list[Claim], *, note: str | None, cacheable: bool
    ) -> None:
        """New claims of ``document`` cached, and why the extractor stopped early noted."""
        if note:
            self._warnings.append(f"{document.path}: {note}")
        # A backend outage must not become permanent: fallback results are not cached;
        # nor are cut-short ones, so that every run shows why they were cut.
        if not note and cacheable:
            self.cache.put(
                self._claims_key(document), ClaimsAdapter.dump_json(claims).decode("utf-8")
            )

    def _capped(self, document: Document, claims: list[Claim]) -> list[Claim]:
        cap = self.settings.max_claims_per_document
        if len(claims) > cap:
            self._warnings.append(
                f"{document.path}: {len(claims):,} claims found; only the first {cap:,} are "
                "checked (limit per document)"
            )
            claims = claims[:cap]
        return claims

    def _extract_all(
        self, documents: Sequence[Document], progress: ProgressCallback, pool: WorkerPool | None
    ) -> list[Claim]:
        """Every document's claims, in order; new ones read by ``pool``'s workers when
        there are enough of them (each worker's extractor is this one's)."""
        cached = [self._cached_claims(d) for d in documents]
        todo = [d for d, c in zip(documents, cached, strict=True) if c is None]
        read = self._read_by_workers(todo, pool)
        found: list[Claim] = []
        for i, (document, claims) in enumerate(zip(documents, cached, strict=True)):
            if claims is None:
                got = next(read)
                if got is None:
                    claims = self.extract(document)
                else:
                    self._keep_claims(document, got.claims, note=got.note, cacheable=True)
                    claims = self._capped(document, got.claims)
            found.extend(claims)
            progress(
                Progress(
                    stage="extracting", done=i + 1, total=len(documents), message=document.path
                )
            )
        return found

    def _read_by_workers(
        self, todo: Sequence[Document], pool: WorkerPool | None
    ) -> Iterator[Extracted | None]:
        """What the workers found in each of ``todo``, in order; None for an article left
        to this process (too few to send, or a worker stopped)."""
        batches: list[Waiting[Extracted]] = []
        if pool is not None and pool.extracts and len(todo) >= pool.min_documents:
            try:
                batches = pool.extract(todo)
            except WorkerStopped as exc:
                self._stop_pool(pool, exc)
        for k, batch in enumerate(batches):
            size = len(todo[k * EXTRACT_BATCH : (k + 1) * EXTRACT_BATCH])
            got: list[Extracted | None] = []
            if not self._pool_stopped:
                try:
                    got = list(batch())
                except WorkerStopped as exc:
                    self._stop_pool(pool, exc)
            yield from got or [None] * size
        if not batches:
            yield from [None] * len(todo)

    def ensure_indexed(self, corpus: Corpus, progress: ProgressCallback | None = None) -> None:
        fingerprint = corpus.fingerprint()
        if self._indexed != fingerprint:
            if progress is None:
                self.index.index(corpus.documents)
            else:
                self.index.index(corpus.documents, progress=_stage_progress("indexing", progress))
            self._indexed = fingerprint

    def evidence_for(self, claims: Sequence[Claim]) -> list[list[ScoredPassage]]:
        """Passages for each claim: its own given passages, else batched retrieval."""
        out: list[list[ScoredPassage]] = [[] for _ in claims]
        wanted = []
        given = []
        for i, claim in enumerate(claims):
            if claim.is_opinion:
                continue
            if claim.given_passages is not None:
                out[i] = self._given(claim.given_passages, claim.given_titles)
                given.append(i)
            else:
                wanted.append(i)
        k = self.settings.top_k
        found = self.index.retrieve_many(
            [Query(text=claims[i].text, exclude_doc_id=claims[i].doc_id) for i in wanted], k=k
        )
        for i, passages in zip(wanted, found, strict=True):
            out[i] = passages
        self._add_deciding(claims, wanted, out, k)
        self._score_unscored(claims, out)
        return out

    def _add_deciding(
        self,
        claims: Sequence[Claim],
        wanted: Sequence[int],
        out: list[list[ScoredPassage]],
        k: int,
    ) -> None:
        """Figures told in other words and the same claim in other articles (see deciding)."""
        from retrieval.deciding import (
            covering,
            date_index,
            dated,
            figure_query,
            merge,
            with_figures,
        )

        figure_queries = {i: q for i in wanted if (q := figure_query(claims[i]))}
        figures = self.index.retrieve_many(
            [
                Query(text=q, exclude_doc_id=claims[i].doc_id, dense_text=claims[i].text)
                for i, q in figure_queries.items()
            ],
            k=2 * k,
        )
        added: dict[int, list[ScoredPassage]] = {i: [] for i in wanted}
        if self._doc_passages and self._dates is None:
            self._dates = date_index(self._doc_passages)
        for i in wanted:
            claim = claims[i]
            for p in dated(claim, self._dates or {}):
                added[i].append(ScoredPassage(passage=p, score=0.0))
            for doc_id, start, end in self._clusters.get(claim.cluster_id or "", []):
                if doc_id != claim.doc_id:
                    for p in covering(self._doc_passages.get(doc_id, []), start, end):
                        added[i].append(ScoredPassage(passage=p, score=0.0))
        for i, hits in zip(figure_queries, figures, strict=True):
            stating = {p.passage_id for p in with_figures([sp.passage for sp in hits], claims[i])}
            added[i].extend(sp for sp in hits if sp.passage.passage_id in stating)
        for i in wanted:
            if added[i]:
                out[i] = merge(out[i], added[i], k)

    def _score_unscored(self, claims: Sequence[Claim], out: list[list[ScoredPassage]]) -> None:
        """Cosine to its claim of each passage that came without one (given with the claim,
        or added as deciding evidence), in one embedding call for the chunk: a passage
        supplied with a claim may still be off-topic, and relevance says so."""
        todo = [i for i, found in enumerate(out) if any(sp.dense_score is None for sp in found)]
        texts = list(
            dict.fromkeys(
                t
                for i in todo
                for t in (
                    claims[i].text,
                    *(sp.passage.text for sp in out[i] if sp.dense_score is None),
                )
            )
        )
        if not texts:
            return
        vectors = dict(zip(texts, self.embedder.embed(texts), strict=True))
        for i in todo:
            q = vectors[claims[i].text]
            out[i] = [
                sp
                if sp.dense_score is not None
                else sp.model_copy(
                    update={"dense_score": round(cosine(q, vectors[sp.passage.text]), 6)}
                )
                for sp in out[i]
            ]

    @staticmethod
    def _given(
        texts: Sequence[str], titles: Sequence[str | None] | None = None
    ) -> list[ScoredPassage]:
        """Passages supplied with a claim, cited as ``input:N`` with offsets into each.

        A passage the stance model reads whole stays one passage. A longer one (an article
        body pasted as evidence) is cut into sentence windows as an article is, so that each
        part is judged on its own words and cited at its own offsets. A title given with a
        passage travels with each of its parts."""
        # Here, not at import: the verdict semantics pull in the slot readers.
        from verification.semantics import GIVEN_MAX_WORDS

        passages: list[Passage] = []
        for i, text in enumerate(texts):
            if not text.strip():
                continue
            doc_id = f"{GIVEN_DOC_PREFIX}{i}"
            title = titles[i] if titles is not None else None
            if len(text.split()) <= GIVEN_MAX_WORDS:
                passages.append(
                    Passage(
                        passage_id=Passage.make_id(doc_id, 0, len(text)),
                        doc_id=doc_id,
                        start=0,
                        end=len(text),
                        text=text,
                        zone="body",
                        title=title,
                    )
                )
            else:
                body = Document.create(path=doc_id, text=text)
                cut = make_passages(body.model_copy(update={"doc_id": doc_id}))
                passages.extend(p.model_copy(update={"cut": True, "title": title}) for p in cut)
        # Relevance is measured by the verifier: a given passage may be off-topic.
        return [ScoredPassage(passage=p, score=1.0) for p in passages]

    def verify(
        self,
        claim: Claim,
        corpus: Corpus,
        passages: Sequence[ScoredPassage] | None = None,
        judged: Verdict | None = None,
    ) -> CheckedClaim:
        """Judge one claim (retrieving unless passages are given) and enforce citations;
        ``judged``: its verdict, already computed in a batch, used when none is cached."""
        if passages is None:
            passages = self.evidence_for([claim])[0]
        key = self._verdict_keys([claim], [passages], corpus)[0]
        fresh: dict[str, str] = {}
        checked = self._check(claim, corpus, passages, key, judged, fresh)
        self._store(fresh)
        return checked

    def _store(self, fresh: dict[str, str]) -> None:
        """New verdicts, and what the verifier keeps of its own (``flush``), written now."""
        self.cache.put_many(fresh)
        flush = getattr(self.verifier, "flush", None)
        if flush is not None:
            flush()

    def _check(
        self,
        claim: Claim,
        corpus: Corpus,
        passages: Sequence[ScoredPassage],
        key: str,
        judged: Verdict | None,
        fresh: dict[str, str],
    ) -> CheckedClaim:
        """The cached verdict under ``key``, else a new one (``judged`` or the verifier's),
        citations enforced; a new verdict goes into ``fresh`` for the caller to store."""
        cached = fresh.get(key) or self.cache.get(key)
        if cached is not None:
            verdict = Verdict.model_validate_json(cached)
        else:
            documents = self._documents(corpus)
            verdict = (
                judged if judged is not None else self.verifier.verify(claim, passages, documents)
            )
            # Texts of cited documents outside the corpus (archive, given passages); the
            # corpus's own are looked up where they are.
            texts: dict[str, str] = {}
            for sp in passages:
                if sp.passage.doc_id in documents:
                    continue
                if self._document_text is not None and sp.passage.doc_id not in texts:
                    full = self._document_text(sp.passage.doc_id)
                    if full is not None:
                        texts[sp.passage.doc_id] = full
                if sp.passage.given and claim.given_passages is not None:
                    # A given passage may be cited in parts: quotes index its whole text.
                    texts.setdefault(
                        sp.passage.doc_id, claim.given_passages[sp.passage.given_index]
                    )
                texts.setdefault(sp.passage.doc_id, sp.passage.text)

            def text_of(doc_id: str) -> str | None:
                doc = documents.get(doc_id)
                return doc.text if doc is not None else texts.get(doc_id)

            verdict = enforce_citations(verdict, text_of, own_doc_id=claim.doc_id)
            if "fallback" not in verdict.backend:
                fresh[key] = verdict.model_dump_json()
        return CheckedClaim.from_parts(claim, verdict)

    def _documents(self, corpus: Corpus) -> dict[str, Document]:
        """The corpus's documents by ID; the same mapping for every claim of a run."""
        if self._by_id is None or self._by_id[0] is not corpus:
            self._by_id = (corpus, {d.doc_id: d for d in corpus.documents})
        return self._by_id[1]

    def _verdict_keys(
        self,
        claims: Sequence[Claim],
        found: Sequence[Sequence[ScoredPassage]],
        corpus: Corpus,
    ) -> list[str]:
        """Each claim's verdict cache key: what its verdict can turn on and nothing else.

        The verifier (its name carries a digest of its rules), the settings, what the
        verifier learned from the corpus (``context_key``: the acronyms its articles
        define), the claim, and its passages in order: texts (through their content IDs),
        zones, dates, relevance, and their articles' paths (a source is named by its file).
        The fused rank score is left out where the relevance is known: a new article moves
        it without changing what the verifier reads."""
        documents = self._documents(corpus)
        context = getattr(self.verifier, "context_key", None)
        scope = _hash(
            "verdict",
            self.verifier.name,
            self.settings.fingerprint(),
            context(documents) if context is not None else "",
        )

        def passage_key(sp: ScoredPassage) -> str:
            unused = {"lexical_score"} if sp.dense_score is None else {"score", "lexical_score"}
            doc = documents.get(sp.passage.doc_id)
            return f"{sp.model_dump_json(exclude=unused)}\x1e{doc.path if doc else ''}"

        return [
            _hash(scope, claim.model_dump_json(), *(passage_key(sp) for sp in passages))
            for claim, passages in zip(claims, found, strict=True)
        ]

    def _start_judging(
        self,
        claims: Sequence[Claim],
        found: Sequence[Sequence[ScoredPassage]],
        keys: Sequence[str],
        corpus: Corpus,
        pool: WorkerPool | None,
    ) -> Callable[[], list[Verdict | None]]:
        """A chunk's uncached claims judged in one call, when the verifier takes batches,
        or sent to ``pool``; the returned call gives the verdicts (None: judged one by one
        by :meth:`verify`)."""
        if pool is None and getattr(self.verifier, "verify_many", None) is None:
            return lambda: [None] * len(claims)
        todo = [i for i, key in enumerate(keys) if self.cache.get(key) is None]
        items = [(claims[i], found[i]) for i in todo]
        documents = self._documents(corpus)
        pending: Callable[[], list[Verdict]] | None = None
        if pool is not None and not self._pool_stopped:
            try:
                pending = pool.submit(items)
            except WorkerStopped as exc:
                self._stop_pool(pool, exc)
        # Judged here now unless the workers have it (then asked for when needed).
        ready = verify_all(self.verifier, items, documents) if pending is None else None

        def judged() -> list[Verdict | None]:
            verdicts = ready
            if pending is not None:
                try:
                    verdicts = pending()
                except WorkerStopped as exc:
                    self._stop_pool(pool, exc)
                    verdicts = verify_all(self.verifier, items, documents)
            out: list[Verdict | None] = [None] * len(claims)
            for i, verdict in zip(todo, verdicts or [], strict=True):
                out[i] = verdict
            return out

        return judged

    def _stop_pool(self, pool: WorkerPool | None, exc: WorkerStopped) -> None:
        """A worker stopped: the rest of the run is judged here, and the report says so."""
        if pool is not None:
            pool.close()
        if not self._pool_stopped:
            self._pool_stopped = True
            self._warnings.append(f"{exc}; the rest of the run was judged in one process")

    # -- whole runs --------------------------------------------------------------------
    def run(
        self,
        corpus: Corpus,
        *,
        claims: Sequence[Claim] | None = None,
        progress: ProgressCallback | None = None,
    ) -> Report:
        """Extract (unless claims are given), index, verify; return the report."""
        report_progress = progress or _noop
        self._warnings = []
        self._pool_stopped = False
        pool = self._pool
        if pool is not None:
            pool.open(self._documents(corpus))  # workers start when first needed
        try:
            checked = self._run(corpus, claims, report_progress, pool)
        finally:
            if pool is not None:
                pool.close()
        report_progress(Progress(stage="done", done=1, total=1))
        return Report(
            generated_at=datetime.now(UTC).replace(microsecond=0),
            pipeline={**self.describe(), **(self._usage() if self._usage else {})},
            documents=tuple(d.info() for d in corpus.documents),
            skipped=corpus.skipped,
            claims=tuple(checked),
            warnings=(*self._warnings, *(self._notices() if self._notices else ())),
        )

    def _run(
        self,
        corpus: Corpus,
        claims: Sequence[Claim] | None,
        report_progress: ProgressCallback,
        pool: WorkerPool | None,
    ) -> list[CheckedClaim]:
        """Extract (unless claims are given) and index, then verify."""
        report_progress(
            Progress(stage="loading", done=len(corpus.documents), total=len(corpus.documents))
        )
        if claims is None:
            found = self._extract_all(corpus.documents, report_progress, pool)
            if self._prepare is not None:
                found = self._prepare(
                    found, self.embedder, progress=_stage_progress("clustering", report_progress)
                )
            claims = found
        self._prepare_lookups(corpus, claims)
        needs_index = any(c.given_passages is None and not c.is_opinion for c in claims)
        if needs_index and corpus.documents:
            report_progress(Progress(stage="indexing", done=0, total=1))
            self.ensure_indexed(corpus, report_progress)
            report_progress(Progress(stage="indexing", done=1, total=1))
        elif needs_index:
            raise InputError("claims without passages need a corpus to search")
        return self._verify_all(corpus, claims, report_progress, pool)

    def _verify_all(
        self,
        corpus: Corpus,
        claims: Sequence[Claim],
        report_progress: ProgressCallback,
        pool: WorkerPool | None,
    ) -> list[CheckedClaim]:
        """Every claim checked, in order; judged by ``pool``'s workers in a big run."""
        checked: list[CheckedClaim] = []
        if pool is not None and len(claims) < pool.min_claims:
            pool = None
        if pool is not None:
            self._store({})  # the workers read what this process has found (entities)

        def finish(chunk: _Chunk) -> None:
            # The chunk's new verdicts are stored in one transaction (one disk sync).
            fresh: dict[str, str] = {}
            judged = chunk.judged()
            for claim, passages, key, verdict in zip(
                chunk.claims, chunk.evidence, chunk.keys, judged, strict=True
            ):
                checked.append(self._check(claim, corpus, passages, key, verdict, fresh))
                report_progress(Progress(stage="verifying", done=len(checked), total=len(claims)))
            self._store(fresh)

        # Retrieval is batched per chunk: fast, yet progress (and cancelling) stays
        # fine-grained. With workers, chunks are judged while the next ones are retrieved.
        waiting: deque[_Chunk] = deque()
        for first in range(0, len(claims), RETRIEVAL_CHUNK):
            part = claims[first : first + RETRIEVAL_CHUNK]
            evidence = self.evidence_for(part)
            keys = self._verdict_keys(part, evidence, corpus)
            waiting.append(
                _Chunk(
                    part, evidence, keys, self._start_judging(part, evidence, keys, corpus, pool)
                )
            )
            if len(waiting) > (AHEAD if pool is not None else 0):
                finish(waiting.popleft())
        while waiting:
            finish(waiting.popleft())
        return checked

    def check_text(self, text: str, corpus: Corpus) -> CheckedClaim:
        """The Ask box: check a typed claim against the whole corpus."""
        from claims.given import claim_from_text

        if not text.strip():
            raise InputError("type a claim to check")
        claim = claim_from_text(text.strip())
        self.ensure_indexed(corpus)
        self._prepare_lookups(corpus, [claim])
        return self.verify(claim, corpus)

    def _prepare_lookups(self, corpus: Corpus, claims: Sequence[Claim]) -> None:
        """The run's clusters and the corpus's passages, for the deciding-evidence lookups."""
        from retrieval.deciding import cluster_sources
        from retrieval.passages import make_passages

        self._clusters = cluster_sources(claims)
        fingerprint = corpus.fingerprint()
        if self._lookup_corpus != fingerprint:
            self._doc_passages = {d.doc_id: make_passages(d) for d in corpus.documents}
            self._dates = None
            self._lookup_corpus = fingerprint

    def report_cache_key(self, corpus: Corpus) -> str:
        archive = getattr(self.index, "archive", None)
        return _hash(
            "report",
            corpus.fingerprint(),
            self.settings.fingerprint(),
            json.dumps(self.describe(), sort_keys=True),
            # A grown archive is new evidence: the stored report is out of date.
            str(len(archive)) if archive is not None else "",
        )

    def with_archive_documents(self, report: Report) -> Report:
        """The report also lists the archive articles its evidence cites (titles, dates)."""
        archive = getattr(self.index, "archive", None)
        if archive is None:
            return report
        own = {d.doc_id for d in report.documents}
        cited = [e.doc_id for c in report.claims for e in c.evidence if e.doc_id not in own]
        return report.model_copy(
            update={"documents": report.documents + tuple(archive.info(cited))}
        )
