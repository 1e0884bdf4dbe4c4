"""Domain objects shared by every pipeline stage.

All are frozen pydantic models. IDs derive from content hashes, so indexing the same
corpus twice produces the same IDs and upserts are idempotent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Zone = Literal["body", "quote", "comment", "boilerplate"]
Stance = Literal["supports", "refutes", "neutral"]
VerdictLabel = Literal["supported", "refuted", "conflicting", "not_enough_evidence", "not_checked"]
ClaimType = Literal["numeric", "control", "event", "attribution", "causal", "prediction", "opinion"]
TimeRelation = Literal["same_period", "earlier", "later", "unknown"]
ReviewStatus = Literal["unreviewed", "reviewed", "needs_follow_up"]
PassageMark = Literal["wrong", "irrelevant"]

ZONES: tuple[Zone, ...] = ("body", "quote", "comment", "boilerplate")
STANCES: tuple[Stance, ...] = ("supports", "refutes", "neutral")
VERDICTS: tuple[VerdictLabel, ...] = (
    "supported",
    "refuted",
    "conflicting",
    "not_enough_evidence",
    "not_checked",
)
CLAIM_TYPES: tuple[ClaimType, ...] = (
    "numeric",
    "control",
    "event",
    "attribution",
    "causal",
    "prediction",
    "opinion",
)

SCHEMA_VERSION = 1
SCHEMA_MINOR = 1  # 1: optional editor ``review`` on each claim


def content_id(prefix: str, *parts: object) -> str:
    """A stable ID from content: same parts, same ID, on every machine."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:16]}"


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ZoneSpan(Frozen):
    """A half-open character range [start, end) of a document and its zone."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    zone: Zone


class DocumentInfo(Frozen):
    """What a report says about a document (no text)."""

    doc_id: str
    path: str
    title: str | None
    published: date | None
    author: str | None
    outlet: str | None = None
    sha256: str
    chars: int
    # How the file's bytes were decoded, when that was not plain UTF-8 (e.g. "cp1252").
    encoding: str | None = None


class Document(Frozen):
    """One article: raw decoded text (never normalised, offsets index into it) and metadata."""

    doc_id: str
    path: str
    text: str
    title: str | None = None
    published: date | None = None
    author: str | None = None
    outlet: str | None = None
    sha256: str
    zones: tuple[ZoneSpan, ...] = ()
    encoding: str | None = None

    @classmethod
    def create(
        cls,
        *,
        path: str,
        text: str,
        title: str | None = None,
        published: date | None = None,
        author: str | None = None,
        outlet: str | None = None,
        zones: Iterable[ZoneSpan] = (),
        encoding: str | None = None,
    ) -> Document:
        digest = sha256_text(text)
        spans = tuple(zones) or (ZoneSpan(start=0, end=len(text), zone="body"),)
        return cls(
            doc_id=f"doc-{digest[:12]}",
            path=path,
            text=text,
            title=title,
            published=published,
            author=author,
            outlet=outlet,
            sha256=digest,
            zones=spans,
            encoding=encoding,
        )

    @property
    def chars(self) -> int:
        return len(self.text)

    def zone_at(self, offset: int) -> Zone:
        """The zone covering ``offset``; text outside every span counts as body."""
        for span in self.zones:
            if span.start <= offset < span.end:
                return span.zone
        return "body"

    def info(self) -> DocumentInfo:
        return DocumentInfo(
            doc_id=self.doc_id,
            path=self.path,
            title=self.title,
            published=self.published,
            author=self.author,
            outlet=self.outlet,
            sha256=self.sha256,
            chars=self.chars,
            encoding=self.encoding,
        )


class Sentence(Frozen):
    """A sentence of a document; ``text == document.text[start:end]``."""

    doc_id: str
    start: int
    end: int
    text: str
    zone: Zone


class Quantity(Frozen):
    """A number as an interval. ``None`` bounds are unbounded (JSON has no infinity)."""

    text: str
    low: float | None
    high: float | None
    unit: str | None = None
    referent: str | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    start: int | None = None
    end: int | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Quantity:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"quantity interval reversed: low {self.low} > high {self.high}")
        return self


class SourceSpan(Frozen):
    """The verbatim span a claim comes from; ``quote == document.text[start:end]``."""

    start: int
    end: int
    quote: str
    zone: Zone


class Claim(Frozen):
    """A check-worthy statement tied to its source span."""

    claim_id: str
    doc_id: str | None
    text: str
    source: SourceSpan | None = None
    types: tuple[ClaimType, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    speaker: str | None = None
    attributed: bool = False
    checkworthiness: float = Field(default=0.5, ge=0.0, le=1.0)
    cluster_id: str | None = None
    published: date | None = None
    # Passages supplied with the claim (``--claims`` input): verify against these only.
    given_passages: tuple[str, ...] | None = None
    #: The source title given with each of those passages (None where none was given): what
    #: the passage is about, as a Wikipedia page's title is for its sentences.
    given_titles: tuple[str | None, ...] | None = None

    @model_validator(mode="after")
    def _titles_match_passages(self) -> Claim:
        if self.given_titles is not None and (
            self.given_passages is None or len(self.given_titles) != len(self.given_passages)
        ):
            raise ValueError("given_titles needs one entry per given passage")
        return self

    @property
    def is_opinion(self) -> bool:
        """An extracted opinion is kept, not checked; a claim someone asks about (no source
        article: ``--claims``, the Ask box) is always checked, however it reads."""
        return "opinion" in self.types and self.doc_id is not None

    @staticmethod
    def make_id(doc_id: str | None, start: int | None, end: int | None, text: str) -> str:
        return content_id("claim", doc_id, start, end, text)


#: Passages supplied with a claim are cited as documents ``input:0``, ``input:1``, ...
GIVEN_DOC_PREFIX = "input:"


class Passage(Frozen):
    """A retrievable window of a document; ``text == document.text[start:end]``."""

    passage_id: str
    doc_id: str
    start: int
    end: int
    text: str
    zone: Zone
    published: date | None = None
    title: str | None = None
    #: A window cut from a longer text the user gave: the user chose that text, not this part.
    cut: bool = False

    @staticmethod
    def make_id(doc_id: str, start: int, end: int) -> str:
        return content_id("psg", doc_id, start, end)

    @property
    def given(self) -> bool:
        """Supplied with the claim by the user (``--claims`` passages), not retrieved."""
        return self.doc_id.startswith(GIVEN_DOC_PREFIX)

    @property
    def given_index(self) -> int:
        """Which of the claim's given passages this is (0-based); only for a given one."""
        return int(self.doc_id.removeprefix(GIVEN_DOC_PREFIX))


class ScoredPassage(Frozen):
    """A passage with the fused retrieval score that brought it."""

    passage: Passage
    score: float
    dense_score: float | None = None
    lexical_score: float | None = None


class StanceScores(Frozen):
    """Probabilities that a passage supports, refutes or says nothing on a claim."""

    supports: float
    refutes: float
    neutral: float

    @property
    def label(self) -> Stance:
        best = max(
            (("supports", self.supports), ("refutes", self.refutes), ("neutral", self.neutral)),
            key=lambda pair: pair[1],
        )
        return best[0]  # type: ignore[return-value]


class Evidence(Frozen):
    """One cited passage: ``quote == text of doc_id at [start, end)`` is enforced in code."""

    doc_id: str
    start: int
    end: int
    quote: str
    zone: Zone
    stance: Stance
    score: float
    time_relation: TimeRelation | None = None
    note: str | None = None


class Verdict(Frozen):
    label: VerdictLabel
    confidence: float = Field(ge=0.0, le=1.0)
    rationale: str
    evidence: tuple[Evidence, ...] = ()
    verifier: str = "unknown"
    backend: str = "offline"

    @classmethod
    def not_checked(cls, verifier: str, backend: str = "offline") -> Verdict:
        """The verdict of every opinion claim, whichever verifier meets it."""
        return cls(
            label="not_checked",
            confidence=1.0,
            rationale="Opinion or normative statement: kept, not checked as fact.",
            verifier=verifier,
            backend=backend,
        )


class PassageFlag(Frozen):
    """An editor's mark on one cited passage, found again by its document and offsets."""

    doc_id: str
    start: int
    end: int
    mark: PassageMark


class EditorReview(Frozen):
    """An editor's decision on a claim, kept beside (never instead of) the machine verdict.

    ``verdict`` is None when the editor accepts the machine verdict. ``stale``: the claim's
    text or evidence changed since the review was written.
    """

    claim_id: str
    status: ReviewStatus = "unreviewed"
    verdict: VerdictLabel | None = None
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    note: str = ""
    machine_verdict: VerdictLabel
    machine_confidence: float = Field(ge=0.0, le=1.0)
    reviewed_at: datetime
    passage_flags: tuple[PassageFlag, ...] = ()
    stale: bool = False

    @property
    def overridden(self) -> bool:
        return self.verdict is not None and self.verdict != self.machine_verdict

    @property
    def final_verdict(self) -> VerdictLabel:
        return self.verdict if self.verdict is not None else self.machine_verdict


class CheckedClaim(Frozen):
    """A report row: the claim and its verdict, flattened as schema v1 has it."""

    claim_id: str
    doc_id: str | None
    text: str
    source: SourceSpan | None
    types: tuple[ClaimType, ...]
    quantities: tuple[Quantity, ...]
    speaker: str | None
    attributed: bool = False
    checkworthiness: float = Field(ge=0.0, le=1.0)
    cluster_id: str | None = None
    verdict: VerdictLabel
    confidence: float = Field(ge=0.0, le=1.0)
    rationale: str
    evidence: tuple[Evidence, ...]
    backend: str = "offline"
    review: EditorReview | None = None  # schema 1.1; absent when nobody reviewed it

    @property
    def final_verdict(self) -> VerdictLabel:
        """The editor's verdict when there is one, else the machine's."""
        return self.review.final_verdict if self.review is not None else self.verdict

    @classmethod
    def from_parts(cls, claim: Claim, verdict: Verdict) -> CheckedClaim:
        return cls(
            claim_id=claim.claim_id,
            doc_id=claim.doc_id,
            text=claim.text,
            source=claim.source,
            types=claim.types,
            quantities=claim.quantities,
            speaker=claim.speaker,
            attributed=claim.attributed,
            checkworthiness=claim.checkworthiness,
            cluster_id=claim.cluster_id,
            verdict=verdict.label,
            confidence=verdict.confidence,
            rationale=verdict.rationale,
            evidence=verdict.evidence,
            backend=verdict.backend,
        )


class SkippedFile(Frozen):
    path: str
    reason: str


class Corpus(Frozen):
    """The documents a run works on, and the files that could not be read."""

    documents: tuple[Document, ...] = ()
    skipped: tuple[SkippedFile, ...] = ()

    def fingerprint(self) -> str:
        """Changes when any document's content changes, whatever the paths."""
        return hashlib.sha256(
            "\n".join(sorted(d.sha256 for d in self.documents)).encode()
        ).hexdigest()[:16]

    def get(self, doc_id: str) -> Document | None:
        return next((d for d in self.documents if d.doc_id == doc_id), None)


class Report(Frozen):
    """The pipeline's result; exporters are pure functions of it."""

    schema_version: int = SCHEMA_VERSION
    schema_minor: int = SCHEMA_MINOR
    generated_at: datetime
    pipeline: dict[str, str] = Field(default_factory=dict)
    documents: tuple[DocumentInfo, ...] = ()
    skipped: tuple[SkippedFile, ...] = ()
    claims: tuple[CheckedClaim, ...] = ()
    # Limits that cut the run short (claims capped per document, a backend switched off).
    warnings: tuple[str, ...] = ()

    def document(self, doc_id: str | None) -> DocumentInfo | None:
        return next((d for d in self.documents if d.doc_id == doc_id), None)

    def with_claims(self, claims: Iterable[CheckedClaim]) -> Report:
        """The same report restricted to a subset of claims (filtered exports)."""
        return self.model_copy(update={"claims": tuple(claims)})

    def verdict_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {label: 0 for label in VERDICTS}
        for claim in self.claims:
            counts[claim.verdict] += 1
        return counts
