"""Type an LLM-proposed claim with the offline package's own rules.

Quantities come from ``claims.quantities`` over the verbatim source span (so offsets index
the article), types from ``claims.claim_types`` and the score from
``claims.checkworthiness`` over the model's atomic claim text: the same code the offline
extractor runs. ``OfflineExtractorTyper`` is the alternative for any other extractor.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from claims.base import ClaimExtractor
from crosscheck.errors import ModelError
from crosscheck.models import ClaimType, Document, Quantity, SourceSpan, ZoneSpan

log = logging.getLogger(__name__)

DEFAULT_CHECKWORTHINESS = 0.5
NlpProvider = Callable[[], Any]


class ClaimTyping(BaseModel):
    """What the offline rules say about a claim; quantity offsets index the article."""

    model_config = ConfigDict(frozen=True)

    types: tuple[ClaimType, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    checkworthiness: float = DEFAULT_CHECKWORTHINESS
    speaker: str | None = None
    attributed: bool = False


class ClaimTyper(Protocol):
    def type_span(
        self, document: Document, source: SourceSpan, claim_text: str, speaker: str | None
    ) -> ClaimTyping: ...


def _same(a: Quantity, b: Quantity) -> bool:
    return (a.low, a.high, a.unit) == (b.low, b.high, b.unit) or a.text == b.text


def claim_quantities(
    in_span: Sequence[Quantity], in_claim: Sequence[Quantity], claim_text: str
) -> tuple[Quantity, ...]:
    """The span's quantities that the claim states.

    A sentence with two figures gives two claims; each keeps only its own, with the
    span's offsets. A claim that rewrote a figure's wording still matches by value.
    """
    if not in_claim:
        return ()
    mine = [q for q in in_span if any(_same(q, c) for c in in_claim)]
    mine += [q for q in in_span if q not in mine and q.text and q.text in claim_text]
    return tuple(sorted(mine, key=lambda q: q.start or 0))


def grounded_speaker(speaker: str | None, document: Document) -> str | None:
    """The model's speaker if the article names them verbatim (not a pronoun)."""
    if not speaker:
        return None
    name = " ".join(speaker.split())
    from claims.speaker import is_pronoun

    if len(name) < 2 or is_pronoun(name) or name not in " ".join(document.text.split()):
        return None
    return name


class OfflineRulesTyper:
    """The offline package's typing rules; a spaCy pipeline improves speakers when given."""

    def __init__(self, nlp: NlpProvider | None = None) -> None:
        self._nlp = nlp
        self._nlp_failed = False

    def _parse(self, text: str) -> Any:
        if self._nlp is None or self._nlp_failed:
            return None
        try:
            return self._nlp()(text)
        except ModelError as exc:
            # Without a parse the rules fall back to patterns; say so once.
            log.warning("claim typing without a parse: %s", exc)
            self._nlp_failed = True
            return None

    def type_span(
        self, document: Document, source: SourceSpan, claim_text: str, speaker: str | None
    ) -> ClaimTyping:
        from claims import checkworthiness
        from claims.claim_types import classify
        from claims.quantities import parse_quantities
        from claims.speaker import find_attribution, is_hearsay, is_pronoun

        doc = self._parse(source.quote)
        quantities = claim_quantities(
            parse_quantities(source.quote, offset=source.start, doc=doc),
            parse_quantities(claim_text),
            claim_text,
        )
        question = claim_text.rstrip().endswith("?")
        types = classify(claim_text, quantities, question=question)
        name = grounded_speaker(speaker, document)
        attribution = find_attribution(source.quote, doc)
        if name is None and attribution is not None and attribution.speaker and doc is not None:
            # Pattern-only attributions misname speakers; trust them only with a parse.
            candidate = attribution.speaker
            name = None if is_pronoun(candidate) else candidate
        attributed = bool(name or attribution is not None or is_hearsay(source.quote))
        found = checkworthiness.features(
            claim_text, quantities=quantities, types=types, question=question
        )
        score = checkworthiness.score(
            found, zone=source.zone, attributed=attributed, speaker=name, text=claim_text
        )
        return ClaimTyping(
            types=types,
            quantities=quantities,
            checkworthiness=score,
            speaker=name,
            attributed=attributed,
        )


def _shift(quantity: Quantity, offset: int) -> Quantity:
    if quantity.start is None or quantity.end is None:
        return quantity
    return quantity.model_copy(
        update={"start": quantity.start + offset, "end": quantity.end + offset}
    )


class OfflineExtractorTyper:
    """Types a span by running any extractor on a document holding only that span."""

    def __init__(self, extractor: ClaimExtractor) -> None:
        self._extractor = extractor

    def type_span(
        self, document: Document, source: SourceSpan, claim_text: str, speaker: str | None
    ) -> ClaimTyping:
        mini = Document.create(
            path=document.path,
            text=source.quote,
            title=document.title,
            published=document.published,
            author=document.author,
            outlet=document.outlet,
            zones=(ZoneSpan(start=0, end=len(source.quote), zone=source.zone),),
        )
        found = self._extractor.extract(mini)
        if not found:
            return ClaimTyping(speaker=speaker, attributed=bool(speaker))
        types: list[ClaimType] = []
        quantities: list[Quantity] = []
        for claim in found:
            types.extend(t for t in claim.types if t not in types)
            quantities.extend(_shift(q, source.start) for q in claim.quantities)
        unique = tuple(dict.fromkeys(quantities))
        mentioned = tuple(q for q in unique if q.text and q.text in claim_text)
        first_speaker = next((c.speaker for c in found if c.speaker), None)
        return ClaimTyping(
            types=tuple(types),
            quantities=mentioned or unique,
            checkworthiness=max(c.checkworthiness for c in found),
            speaker=speaker or first_speaker,
            attributed=bool(speaker) or any(c.attributed for c in found),
        )
