"""Claim extraction by an OpenAI-compatible model, anchored to verbatim article spans.

The model proposes atomic, stand-alone claims per chunk of the article with the sentence
each comes from. The code, not the model, finds that sentence in the article; a claim
whose source cannot be found, or which states a figure absent from the article, is dropped.
If any chunk fails (server down, malformed answer, refusal), the whole document goes to the
offline extractor instead, so a document's claims never mix two extractors.
"""

from __future__ import annotations

import logging
import threading

from claims.base import ClaimExtractor
from crosscheck.errors import BackendError, ConfigError
from crosscheck.models import Claim, Document, SourceSpan
from llm.accounting import Accounting
from llm.cache import ReplyCache
from llm.calls import ask
from llm.chunks import DEFAULT_CHUNK_CHARS, MIN_CHUNK_CHARS, Chunk, chunk_document
from llm.claim_typing import ClaimTyper, NlpProvider, OfflineRulesTyper
from llm.client import StructuredChat
from llm.prompts import extraction_prompt
from llm.schemas import EXTRACTION_SCHEMA, ExtractionAnswer, ProposedClaim
from llm.spans import locate, numbers_in

log = logging.getLogger(__name__)

STAGE = "extract"
# Requests per document: a 5 MB file would otherwise cost over a thousand calls.
MAX_CHUNKS_PER_DOCUMENT = 100


class LLMClaimExtractor:
    """``ClaimExtractor`` backed by an LLM, with the offline extractor as fallback."""

    name = "llm-extract.v1"

    def __init__(
        self,
        chat: StructuredChat,
        fallback: ClaimExtractor,
        *,
        cache: ReplyCache | None,
        accounting: Accounting,
        typer: ClaimTyper | None = None,
        max_chunk_chars: int = DEFAULT_CHUNK_CHARS,
        max_chunks: int = MAX_CHUNKS_PER_DOCUMENT,
    ) -> None:
        if max_chunk_chars < MIN_CHUNK_CHARS:
            raise ConfigError(f"chunk size must be at least {MIN_CHUNK_CHARS} characters")
        self._chat = chat
        self._fallback = fallback
        self._cache = cache
        self._accounting = accounting
        self._typer = typer or OfflineRulesTyper(_nlp_provider(fallback))
        self._max_chunk_chars = max_chunk_chars
        self._max_chunks = max_chunks
        self._limited: dict[str, str] = {}
        self._lock = threading.Lock()
        self._fallbacks: dict[str, str] = {}
        self._rejected: dict[str, int] = {}

    # -- what happened (the Claim model has no field to mark the extractor) ----------------
    def fallback_reason(self, doc_id: str) -> str | None:
        """Why ``doc_id`` was extracted offline, or ``None`` if the LLM extracted it."""
        with self._lock:
            return self._fallbacks.get(doc_id)

    def limit_note(self, doc_id: str) -> str | None:
        """Why the last extraction of ``doc_id`` stopped early, if it did."""
        with self._lock:
            note = self._limited.get(doc_id)
        if note is None and doc_id in self._fallbacks:
            fallback_note = getattr(self._fallback, "limit_note", None)
            return fallback_note(doc_id) if fallback_note is not None else None
        return note

    def rejected_count(self, doc_id: str) -> int:
        """Proposed claims dropped because their source span was not in the article."""
        with self._lock:
            return self._rejected.get(doc_id, 0)

    # -- extraction --------------------------------------------------------------------
    def extract(self, document: Document) -> list[Claim]:
        try:
            claims = self._extract_with_llm(document)
        except BackendError as exc:
            reason = str(exc)
            log.warning(
                "LLM extraction failed for %s (%s); using the offline extractor",
                document.path,
                reason,
            )
            with self._lock:
                self._fallbacks[document.doc_id] = reason
            self._accounting.record_fallback(STAGE)
            return self._fallback.extract(document)
        with self._lock:
            self._fallbacks.pop(document.doc_id, None)
        return claims

    def _extract_with_llm(self, document: Document) -> list[Claim]:
        claims: dict[str, Claim] = {}
        rejected = 0
        chunks = chunk_document(document, self._max_chunk_chars)
        with self._lock:
            self._limited.pop(document.doc_id, None)
            if len(chunks) > self._max_chunks:
                self._limited[document.doc_id] = (
                    f"{len(chunks):,} passages; only the first {self._max_chunks:,} were sent "
                    "to the LLM for claims (limit per document)"
                )
        for chunk in chunks[: self._max_chunks]:
            answer = ask(
                self._chat,
                extraction_prompt(chunk.text, title=document.title),
                EXTRACTION_SCHEMA,
                ExtractionAnswer,
                stage=STAGE,
                cache=self._cache,
                accounting=self._accounting,
            )
            for proposed in answer.claims:
                claim = self._anchor(document, chunk, proposed)
                if claim is None:
                    rejected += 1
                    continue
                claims.setdefault(claim.claim_id, claim)
        with self._lock:
            self._rejected[document.doc_id] = rejected
        return sorted(claims.values(), key=_position)

    def _anchor(self, document: Document, chunk: Chunk, proposed: ProposedClaim) -> Claim | None:
        """The claim tied to its verbatim span, or ``None`` if it cannot be."""
        match = locate(proposed.source_sentence, document.text, chunk.start, chunk.end)
        if match is None:
            log.debug("dropping a proposed claim whose source is not in %s", document.path)
            return None
        text = " ".join(proposed.claim.split())
        if not _figures_grounded(text, document):
            log.debug("dropping a proposed claim with a figure absent from %s", document.path)
            return None
        source = SourceSpan(
            start=match.start,
            end=match.end,
            quote=document.text[match.start : match.end],
            zone=document.zone_at(match.start),
        )
        typing = self._typer.type_span(document, source, text, proposed.speaker)
        return Claim(
            claim_id=Claim.make_id(document.doc_id, source.start, source.end, text),
            doc_id=document.doc_id,
            text=text,
            source=source,
            types=typing.types,
            quantities=typing.quantities,
            speaker=typing.speaker,
            attributed=typing.attributed,
            checkworthiness=typing.checkworthiness,
            published=document.published,
        )


def _nlp_provider(extractor: ClaimExtractor) -> NlpProvider | None:
    """The offline extractor's spaCy pipeline, loaded only when first needed.

    Looked up on the class: reading the property on the instance would load the model.
    """
    if getattr(type(extractor), "nlp", None) is None:
        return None
    return lambda: extractor.nlp  # type: ignore[attr-defined]


def _figures_grounded(claim_text: str, document: Document) -> bool:
    """Every digit run of the claim occurs in the article or its date (no invented figures).

    Decontextualising may legitimately add the year or day from the publication date.
    """
    available = set(numbers_in(document.text))
    if document.title:
        available.update(numbers_in(document.title))
    if document.published is not None:
        published = document.published
        available.update({str(published.year), str(published.month), f"{published.month:02d}"})
        available.update({str(published.day), f"{published.day:02d}"})
    return all(number in available for number in numbers_in(claim_text))


def _position(claim: Claim) -> tuple[int, int, str]:
    start = claim.source.start if claim.source else 0
    end = claim.source.end if claim.source else 0
    return (start, end, claim.text)
